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

/** The four counties of the pilot's border residents (reference/checksums.md, GB/T 2260; 方案 二(三)). */
export const BORDER_COUNTIES: Record<string, string> = {
  '652702': '阿拉山口市 Alashankou',
  '652701': '博乐市 Bole',
  '652723': '温泉县 Wenquan',
  '659007': '双河市 Shuanghe',
};

export const isBorderCounty = (code: string) => code in BORDER_COUNTIES;

/** 阿拉山口市: every resident (户籍 or 常住) of the city qualifies, whatever the township (方案 二(三)). */
export const ALASHANKOU = '652702';

/** Counties where only the residents of a border township (边境乡镇) qualify: the list is COMMERCE's data (SPEC §14). */
export const TOWNSHIP_COUNTIES: readonly string[] = ['652701', '652723', '659007'];
export const isTownshipCounty = (code: string) => TOWNSHIP_COUNTIES.includes(code);

/**
 * The county (first six digits) where an ID number was first issued. It never changes when the
 * person moves their 户籍, so it decides nothing about residence (SPEC §14); it is used only to
 * presume an Alashankou residence (presumedResidence).
 */
export const countyOfIdNumber = (idNumber: string) => normalizeIdNumber(idNumber).slice(0, 6);

export type ResidenceBasisName = 'HUKOU' | 'HABITUAL';

/** Where a resident lives: county code and township (乡镇/街道/团场), on the basis of 户籍 or 常住. */
export interface Residence { county: string | null; township: string | null }

/** One entry of the border-township list: (county, township) qualifies on validFrom … validTo (inclusive; null: open). */
export interface BorderTownshipEntry { county: string; township: string; validFrom: string; validTo: string | null }

export const townshipValidOn = (t: BorderTownshipEntry, day: string) => t.validFrom <= day && (t.validTo == null || day <= t.validTo);

/** Township names compare trimmed; no other normalisation (the list's spelling is the reference). */
const sameTownship = (a: string | null, b: string) => a != null && a.trim() === b.trim();

/**
 * 方案 二(三): eligible are residents (户籍 or 常住) of 阿拉山口市 — the whole city — and of the border
 * townships of 博乐市, 温泉县 and 第五师双河市, i.e. (county, township) on the list valid on `onDate`.
 * Any other residence is not eligible, whatever the ID number says.
 */
export function residenceEligible(r: Residence, townships: readonly BorderTownshipEntry[], onDate: string): boolean {
  if (r.county === ALASHANKOU) return true;
  if (r.county == null || !isTownshipCounty(r.county)) return false;
  return townships.some((t) => t.county === r.county && sameTownship(r.township, t.township) && townshipValidOn(t, onDate));
}

/**
 * THE eligibility rule for a stored resident row (declarants, roster members, agents): its
 * residence decides, on the given Beijing date, against the border-township list (loaded once per
 * request or batch: registry's index borderTownshipList).
 */
export const residentEligible = (resident: Residence, townships: readonly BorderTownshipEntry[], onDate: string): boolean =>
  residenceEligible({ county: resident.county, township: resident.township }, townships, onDate);

/**
 * A residence presumed from the ID number when none is given: only an Alashankou-issued number
 * (652702) gives one (SPEC §14) — the city qualifies as a whole, and people born there mostly still
 * live there; any other prefix says nothing about a township, so residence must be given.
 */
export function presumedResidence(idNumber: string): Residence | null {
  return countyOfIdNumber(idNumber) === ALASHANKOU ? { county: ALASHANKOU, township: null } : null;
}

const BASIS_LABEL: Record<ResidenceBasisName, string> = { HUKOU: '户籍 HUKOU', HABITUAL: '常住 HABITUAL' };

/** "博乐市 Bole (652701) 青得里街道, 户籍 HUKOU" */
export function describeResidence(r: Residence & { basis?: ResidenceBasisName | null; presumed?: boolean }): string {
  const county = r.county == null ? '?' : BORDER_COUNTIES[r.county] ? `${BORDER_COUNTIES[r.county]} (${r.county})` : r.county;
  const parts = [county, r.township?.trim() || '(no township)'].join(' ');
  const basis = r.basis ? `, ${BASIS_LABEL[r.basis]}` : '';
  return `${parts}${basis}${r.presumed ? ', presumed from the ID number' : ''}`;
}

/** The bilingual NOT_BORDER_RESIDENT message: what residence was found, and what qualifies on that date. */
export function notEligibleMessage(r: Residence & { basis?: ResidenceBasisName | null; presumed?: boolean }, townships: readonly BorderTownshipEntry[], onDate: string): string {
  const valid = townships.filter((t) => townshipValidOn(t, onDate));
  const inCounty = r.county != null && isTownshipCounty(r.county) ? valid.filter((t) => t.county === r.county).map((t) => t.township) : [];
  const listed = inCounty.length ? `; border townships of ${r.county} on ${onDate}: ${inCounty.join('、')}` : '';
  return `非边境地区边民：居住地 ${describeResidence(r)} 不符合条件（须为阿拉山口市或博乐市、温泉县、双河市边境乡镇户籍或常住人口） / `
    + `Not an eligible border resident: residence ${describeResidence(r)}. Eligible are residents (户籍 or 常住) of 阿拉山口市 (652702), `
    + `or of a border township of 博乐市 652701, 温泉县 652723 or 双河市 659007 on the border-township list valid on ${onDate}${listed} (方案 二(三), SPEC §14).`;
}

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
