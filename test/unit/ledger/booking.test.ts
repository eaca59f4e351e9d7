import { describe, expect, it } from 'vitest';
import { bookAgainst } from '../../../src/modules/ledger/rules';

const lot = (declarationId: string, declaredKg: string, bookedKg = '0') => ({ declarationId, declaredKg, bookedKg });

describe('bookAgainst (SPEC §13): in the order given, each filled to its declared kg', () => {
  it('fills the first before the next', () => {
    expect(bookAgainst('600', [lot('b', '300'), lot('a', '500')])).toEqual({
      bookings: [{ declarationId: 'b', seq: 1, kg: '300.000' }, { declarationId: 'a', seq: 2, kg: '300.000' }], unbookedKg: '800.000',
    });
  });
  it('skips what is already booked and puts an overrun within 0.5 % on the last', () => {
    // unbooked: 100 + 400 = 500; 502.5 = 500 × 1.005 is the most accepted
    expect(bookAgainst('502.5', [lot('a', '300', '200'), lot('b', '400')])!.bookings).toEqual([
      { declarationId: 'a', seq: 1, kg: '100.000' }, { declarationId: 'b', seq: 2, kg: '402.500' },
    ]);
    expect(bookAgainst('502.501', [lot('a', '300', '200'), lot('b', '400')])).toBeNull();
  });
  it('refuses anything on a fully booked declaration, and books no zero rows', () => {
    expect(bookAgainst('0.001', [lot('a', '10', '10')])).toBeNull();
    expect(bookAgainst('5', [lot('a', '10', '10'), lot('b', '10')])!.bookings).toEqual([{ declarationId: 'b', seq: 2, kg: '5.000' }]);
  });
});
