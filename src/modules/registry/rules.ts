/** Pure validation rules of the registry (SPEC §4; reference/checksums.md). No database here. */
import { isValidDate } from '../../shared/time';

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export const normalizeUscc = (s: string) => s.trim().toUpperCase();

/** The GB 32100-2015 check character of the first 17 characters, or null if one is not allowed. */
export function usccCheckChar(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_CHARS.indexOf(first17[i] ?? '');
    if (v < 0) return null;
    sum += v * USCC_WEIGHTS[i]!;
  }
  return USCC_CHARS[(31 - (sum % 31)) % 31]!;
}

/** 统一社会信用代码 (GB 32100-2015): 18 characters of the charset, correct check character. */
export function isValidUscc(raw: string): boolean {
  const s = normalizeUscc(raw);
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(s)) return false;
  return usccCheckChar(s.slice(0, 17)) === s[17];
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

export const normalizeIdNumber = (s: string) => s.trim().toUpperCase();

export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
}

/** 公民身份号码 (GB 11643-1999): 18 characters, a real birth date, correct check; 15-digit form rejected. */
export function isValidIdNumber(raw: string): boolean {
  const s = normalizeIdNumber(raw);
  if (!/^\d{17}[\dX]$/.test(s)) return false;
  const birth = `${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`;
  if (!isValidDate(birth) || birth < '1900-01-01') return false;
  return idCheckChar(s.slice(0, 17)) === s[17];
}

/** Counties whose residents may declare at Alashankou (reference/checksums.md, GB/T 2260). */
export const BORDER_COUNTIES: Record<string, string> = {
  '652702': '阿拉山口市 Alashankou',
  '652701': '博乐市 Bole',
  '652723': '温泉县 Wenquan',
  '659007': '双河市 Shuanghe',
};

export const isBorderCounty = (code: string) => code in BORDER_COUNTIES;

/** The county (first six digits) of an ID number's registration. */
export const countyOfIdNumber = (idNumber: string) => normalizeIdNumber(idNumber).slice(0, 6);

export const normalizeMobile = (s: string) => s.replace(/[\s-]/g, '').replace(/^(\+86|0086)/, '');
export const isValidMobile = (s: string) => /^1[3-9]\d{9}$/.test(normalizeMobile(s));
/** Landline in Bortala: 0909-1234567. */
export const isValidLandline = (s: string) => /^0909-?\d{7,8}$/.test(s.replace(/\s/g, ''));
export const isValidPhone = (s: string) => isValidMobile(s) || isValidLandline(s);
/** Stored form of a valid phone: a mobile without +86 and spaces, a landline without spaces. */
export const normalizePhone = (s: string) => (isValidMobile(s) ? normalizeMobile(s) : s.replace(/\s/g, ''));
export const isValidPostalCode = (s: string) => /^\d{6}$/.test(s.trim());
/** An admin-division code (GB/T 2260): six digits. */
export const isValidCountyCode = (s: string) => /^\d{6}$/.test(s);
/** An HS code or prefix: 2 to 10 digits. */
export const isValidHsCode = (s: string) => /^\d{2,10}$/.test(s);

/** 'ALSK-E-2025-0007' */
export const formatFilingNo = (kind: 'E' | 'C', year: number, n: number) => `ALSK-${kind}-${year}-${String(n).padStart(4, '0')}`;

/** A contract covers an HS code when one of its prefixes is a prefix of the code (SPEC §4). */
export const contractCovers = (hsCodes: readonly string[], hsCode: string) => hsCodes.some((p) => hsCode.startsWith(p));

// ── used by customs ──

/**
 * A contract is in force on a Beijing date when the date lies in validFrom … validTo (inclusive)
 * and before terminatedOn, the day a supervision action ended it (market module, SPEC §7).
 */
export const contractValidOn = (c: { validFrom: string; validTo: string; terminatedOn: string | null }, day: string) =>
  c.validFrom <= day && day <= c.validTo && (c.terminatedOn == null || day < c.terminatedOn);

// ── membership over time (SPEC §14) ──

/** A membership's dates: [joinedOn, leftOn), Beijing dates; leftOn is the first day NOT a member (null: open-ended). */
export interface MembershipSpan { cooperativeId: string; joinedOn: string; leftOn: string | null }

/** Whether the span covers a Beijing date: joinedOn ≤ day < leftOn. */
export const spanCovers = (s: Pick<MembershipSpan, 'joinedOn' | 'leftOn'>, day: string) =>
  s.joinedOn <= day && (s.leftOn == null || day < s.leftOn);

/** Whether one of a resident's memberships makes them a member of this cooperative on a Beijing date. */
export const memberOn = (spans: readonly MembershipSpan[], cooperativeId: string, day: string) =>
  spans.some((s) => s.cooperativeId === cooperativeId && spanCovers(s, day));

// ── used by customs ──

/**
 * 边民资格: whether a registered resident may trade as a border resident (declare, or act as an
 * agent, SPEC §14). THE single entry point other modules call. Today's rule: a border county
 * (isBorderCounty of the resident's county); the residence-based rule (SPEC §14 eligibility) replaces
 * this body, with the same signature, when it lands.
 */
export function residentEligible(resident: { county: string }, _on?: string): boolean {
  return isBorderCounty(resident.county);
}
