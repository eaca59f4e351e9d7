import { describe, expect, it } from 'vitest';
import { custodyStage, DECLARATION_SIDE_KINDS, ENTERPRISE_SIDE_KINDS, unbookedKg } from '../../../src/modules/custody/rules';

const base = { status: 'DECLARED', stopped: false, releasedAt: null, enteredAt: null, declaredKg: '1000', receivedKg: null, bookedKg: '0' };
const day = new Date('2025-06-10T04:00:00Z');

describe('custody.stage (SPEC §13)', () => {
  it('DECLARED → RELEASED → ENTERED → BOOKED', () => {
    expect(custodyStage(base)).toBe('DECLARED');
    expect(custodyStage({ ...base, status: 'RELEASED', releasedAt: day })).toBe('RELEASED');
    expect(custodyStage({ ...base, status: 'RELEASED', releasedAt: day, enteredAt: day, receivedKg: '990' })).toBe('ENTERED');
    // 99.5 % of the 990 received = 985.05
    expect(custodyStage({ ...base, releasedAt: day, enteredAt: day, receivedKg: '990', bookedKg: '985.05' })).toBe('BOOKED');
    expect(custodyStage({ ...base, releasedAt: day, enteredAt: day, receivedKg: '990', bookedKg: '985.049' })).toBe('ENTERED');
  });
  it('without an entry, booked against the declared kg; stopped goods are STOPPED', () => {
    expect(custodyStage({ ...base, bookedKg: '995' })).toBe('BOOKED');
    expect(custodyStage({ ...base, bookedKg: '994.999' })).toBe('DECLARED');
    expect(custodyStage({ ...base, status: 'RETURNED', stopped: true, bookedKg: '1000' })).toBe('STOPPED');
  });
  it('released by status or by release time alone; received kg count only with a factory entry', () => {
    expect(custodyStage({ ...base, status: 'RELEASED' })).toBe('RELEASED');
    expect(custodyStage({ ...base, status: 'INSPECTED', releasedAt: day })).toBe('RELEASED');
    // No entry: a received figure is not the basis; 500 of the 1000 declared is not booked.
    expect(custodyStage({ ...base, releasedAt: day, receivedKg: '500', bookedKg: '500' })).toBe('RELEASED');
    // An entry without a weighed figure books against the declared kg.
    expect(custodyStage({ ...base, releasedAt: day, enteredAt: day, bookedKg: '995' })).toBe('BOOKED');
  });
  it('the first four kinds are declaration-side, the last five the enterprise\'s (SPEC §13 read rules)', () => {
    expect(DECLARATION_SIDE_KINDS).toEqual(['RELEASED_NOT_ENTERED', 'RECEIVED_MISMATCH', 'SEAL_BROKEN', 'ENTERED_NOT_BOOKED']);
    expect(ENTERPRISE_SIDE_KINDS).toEqual(['NEGATIVE_STOCK', 'INVENTORY_MISMATCH', 'RAW_SOLD', 'REPORT_MISSING', 'VALUE_ADD_BELOW_THRESHOLD']);
  });
  it('unbookedKg is never negative', () => {
    expect(unbookedKg('1000', '1004')).toBe('0.000');
    expect(unbookedKg('1000', '250.5')).toBe('749.500');
  });
});
