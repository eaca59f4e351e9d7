/**
 * Pure rules of the chain of custody (SPEC §13): a lot's stage, the discrepancy kinds and who
 * reads which. No database here.
 */
import { D } from '../../shared/decimal';
import { BOOKING_TOLERANCE } from '../ledger';

export const CUSTODY_STAGES = ['DECLARED', 'RELEASED', 'ENTERED', 'BOOKED', 'STOPPED'] as const;
export type CustodyStageName = (typeof CUSTODY_STAGES)[number];

/** The kinds of SPEC §13's table, in its order: the first four are declaration-side, the last five the enterprise's. */
export const DISCREPANCY_KINDS = [
  'RELEASED_NOT_ENTERED', 'RECEIVED_MISMATCH', 'SEAL_BROKEN', 'ENTERED_NOT_BOOKED',
  'NEGATIVE_STOCK', 'INVENTORY_MISMATCH', 'RAW_SOLD', 'REPORT_MISSING', 'VALUE_ADD_BELOW_THRESHOLD',
] as const;
export type DiscrepancyKindName = (typeof DISCREPANCY_KINDS)[number];
export const DECLARATION_SIDE_KINDS: readonly DiscrepancyKindName[] = DISCREPANCY_KINDS.slice(0, 4);
export const ENTERPRISE_SIDE_KINDS: readonly DiscrepancyKindName[] = DISCREPANCY_KINDS.slice(4);

/** Days after release before a missing factory entry is a discrepancy ("more than 3 days ago"). */
export const ENTRY_GRACE_DAYS = 3;
/** Days after arrival before unbooked goods are a discrepancy ("more than 7 days old"). */
export const BOOKING_GRACE_DAYS = 7;

export interface LotFacts {
  status: string; stopped: boolean; releasedAt: Date | null; enteredAt: Date | null;
  declaredKg: string; receivedKg: string | null; bookedKg: string;
}

/**
 * custody.stage (SPEC §13). STOPPED when customs stopped the goods (returned, destroyed, referred);
 * BOOKED when bookedKg ≥ 99.5 % of the kg received (of the kg declared when there is no entry);
 * else ENTERED with a factory entry, RELEASED once released, DECLARED before.
 */
export function custodyStage(l: LotFacts): CustodyStageName {
  if (l.stopped) return 'STOPPED';
  const basis = new D(l.enteredAt && l.receivedKg != null ? l.receivedKg : l.declaredKg);
  const booked = new D(l.bookedKg);
  if (booked.gt(0) && booked.gte(basis.times(new D(1).minus(BOOKING_TOLERANCE)))) return 'BOOKED';
  if (l.enteredAt) return 'ENTERED';
  if (l.releasedAt || l.status === 'RELEASED') return 'RELEASED';
  return 'DECLARED';
}

/** unbookedKg: what is still open on the declaration (never negative: an overrun ≤ 0.5 % is allowed). */
export const unbookedKg = (declaredKg: string, bookedKg: string): string => D.max(0, new D(declaredKg).minus(bookedKg)).toFixed(3);
