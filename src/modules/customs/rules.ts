/** Pure rules of customs (SPEC §5; reference/commodities.md). No database here. */
import { D, type Dec } from '../../shared/decimal';

export type DeclarationStatusName =
  | 'DECLARED' | 'RELEASED' | 'INSPECTING' | 'RETURNED' | 'DESTROYED' | 'REFERRED_TO_ANTI_SMUGGLING';

/** Statuses that still count toward allowance, quota and statistics (SPEC §5, §7); the others stop the goods. */
export const COUNTED_STATUSES = ['DECLARED', 'RELEASED', 'INSPECTING'] as const satisfies readonly DeclarationStatusName[];

/**
 * The inspection status machine. DECLARED goods may go to inspection or be decided directly;
 * INSPECTING ends in a decision. RELEASED goods may still be referred to the anti-smuggling
 * bureau (a post-release audit finding, 海关稽查后移交缉私); every stop is terminal.
 */
export const TRANSITIONS: Record<DeclarationStatusName, readonly DeclarationStatusName[]> = {
  DECLARED: ['INSPECTING', 'RELEASED', 'RETURNED', 'DESTROYED', 'REFERRED_TO_ANTI_SMUGGLING'],
  INSPECTING: ['RELEASED', 'RETURNED', 'DESTROYED', 'REFERRED_TO_ANTI_SMUGGLING'],
  RELEASED: ['REFERRED_TO_ANTI_SMUGGLING'],
  RETURNED: [],
  DESTROYED: [],
  REFERRED_TO_ANTI_SMUGGLING: [],
};

/** 'ok' = move; 'same' = the declaration is already there (a replayed result, no change); 'invalid'. */
export function transition(from: DeclarationStatusName, to: DeclarationStatusName): 'ok' | 'same' | 'invalid' {
  if (to === 'DECLARED') return 'invalid';
  if (from === to) return 'same';
  return TRANSITIONS[from].includes(to) ? 'ok' : 'invalid';
}

/** A declaration has 1 to MAX_LINES lines (SPEC §5). */
export const MAX_LINES = 20;

/**
 * The daily duty-free allowance (财关税〔2010〕18号; amount: config.dailyAllowanceYuan) is counted
 * per declarant and Beijing day, whatever the trade point: the counted declarations (COUNTED_STATUSES)
 * of one key share one allowance.
 * Changing what is counted together means changing this key AND the store query that sums the
 * used allowance per key (store.usedAllowance); the allowance tests pin today's rule.
 */
export interface AllowanceRow { idNumber: string; declaredOn: string; tradePoint: string }
export const allowanceKey = (row: AllowanceRow): string => `${row.idNumber}|${row.declaredOn}`;

/** A declaration of thisYuan fits when the key's used allowance plus it does not exceed the allowance. */
export const withinAllowance = (alreadyYuan: Dec | string, thisYuan: Dec | string, allowanceYuan: Dec | string): boolean =>
  !new D(alreadyYuan).plus(thisYuan).gt(allowanceYuan);

/** A tariff line code: 6 (HS subheading) to 10 digits. */
export const isValidLineHsCode = (s: string) => /^\d{6,10}$/.test(s);

export interface CommodityList { hsPrefix: string; effectiveFrom: string; effectiveTo: string | null }

const inForce = (e: CommodityList, on: string) => e.effectiveFrom <= on && (e.effectiveTo == null || on <= e.effectiveTo);

/**
 * On the negative list: a listed prefix covers the code, or the code is too coarse to tell (a
 * 6-digit 120600 may be sunflower seed for sowing, 12060010): the declarant must give the full
 * tariff code then.
 */
export function negativeListHit(hsCode: string, entries: readonly CommodityList[], on: string): CommodityList | null {
  // The national negative list predates the hub's first version of it: a date before every
  // version is judged by the earliest one (nothing forbidden escapes by being dated early).
  const earliest = entries.reduce<string | null>((m, e) => (m == null || e.effectiveFrom < m ? e.effectiveFrom : m), null);
  const day = earliest != null && on < earliest ? earliest : on;
  return entries.find((e) => inForce(e, day) && (hsCode.startsWith(e.hsPrefix) || e.hsPrefix.startsWith(hsCode))) ?? null;
}

/**
 * The pilot's first day (博州政办发〔2025〕47号: the 2025 plan is its first year; the commodity lists
 * are in force from then). The hub takes declarations from that day on: an earlier date is a typo
 * or a declaration outside the pilot, refused as INVALID_VALUE on declaredAt.
 */
export const PILOT_START = '2025-01-01';

/** A pilot commodity for landing processing (方案: 油料、干果) on that date. */
export const isPilotCommodity = (hsCode: string, entries: readonly CommodityList[], on: string) =>
  entries.some((e) => inForce(e, on) && hsCode.startsWith(e.hsPrefix));

