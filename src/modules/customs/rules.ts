/** Pure rules of customs (SPEC §5; reference/commodities.md). No database here. */
import { createHash } from 'node:crypto';
import { D, type Dec } from '../../shared/decimal';

export type DeclarationStatusName =
  | 'DECLARED' | 'RELEASED' | 'INSPECTING' | 'RETURNED' | 'DESTROYED' | 'REFERRED_TO_ANTI_SMUGGLING';

/** Statuses that stop the goods: they leave quota, allowance and statistics (SPEC §5). */
export const STOPPED: readonly DeclarationStatusName[] = ['RETURNED', 'DESTROYED', 'REFERRED_TO_ANTI_SMUGGLING'];

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
  return entries.find((e) => inForce(e, on) && (hsCode.startsWith(e.hsPrefix) || e.hsPrefix.startsWith(hsCode))) ?? null;
}

/** A pilot commodity for landing processing (方案: 油料、干果) on that date. */
export const isPilotCommodity = (hsCode: string, entries: readonly CommodityList[], on: string) =>
  entries.some((e) => inForce(e, on) && hsCode.startsWith(e.hsPrefix));

/** Daily duty-free allowance (财关税〔2010〕18号): already counted that day + this one ≤ allowance. */
export const withinAllowance = (alreadyYuan: Dec | string, thisYuan: Dec | string, allowanceYuan: Dec | string) =>
  new D(alreadyYuan).plus(thisYuan).lte(allowanceYuan);

/** Content hash of a normalised row: replaying it is a DUPLICATE, changing it a KEY_CONFLICT. */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(stableJson(value)).digest('hex');
}

function stableJson(v: unknown): string {
  if (v === undefined || v === null) return 'null';
  if (v instanceof Date) return JSON.stringify(v.toISOString());
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (typeof v === 'object') {
    return `{${Object.keys(v as object).sort().map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

const MONEY = /^-?\d{1,16}(\.\d{1,2})?$/;
const KG = /^-?\d{1,13}(\.\d{1,3})?$/;

/** Exact parse of a yuan amount (string or number); null when it is not one. */
export function parseYuan(v: unknown): Dec | null {
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : typeof v === 'string' ? v.trim() : '';
  return MONEY.test(s) ? new D(s) : null;
}

/** Kilograms, at most 3 decimals; null when not a number. */
export function parseKg(v: unknown): Dec | null {
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : typeof v === 'string' ? v.trim() : '';
  return KG.test(s) ? new D(s) : null;
}

/** valueYuan of a declaration: the exact sum of its lines (SPEC §5). */
export const sumOf = (xs: readonly Dec[]) => xs.reduce((a, b) => a.plus(b), new D(0));
