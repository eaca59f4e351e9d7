/** Pure parts of the access log (SPEC §10): redaction, the hash chain and its signed anchors. No database here. */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalJson, sha256 } from '../../shared/hash';

// ── redaction ────────────────────────────────────────────────────────────────────────────────

/**
 * Input keys that carry personal data, written out one by one (lower case, without `_`/`-`): a
 * key that merely contains "name" (commodityName, operationName, nameContains) is not personal.
 * Taken from the input types of schema/schema.graphql (ResidentInput, CooperativeHeadInput,
 * LegalRepresentativeInput, DeclarationInput, FactoryEntryInput, ShopInput) and the lookups by ID
 * number. Variables are named by the client, so the values are looked at too (below).
 */
export const PERSONAL_KEYS: ReadonlySet<string> = new Set([
  'idnumber', 'declarantidnumber', 'agentidnumber', 'residentidnumber',
  'declarantname', 'operatorname', 'agentname',
  'phone', 'mobile', 'telephone', 'address',
  'entrustmentproofno', 'vehicleplate', 'unsealedby', 'warehousekeeper',
]);
/** `name` is a person's name only inside these (a cooperative's head, a legal representative, residents). */
export const PERSON_CONTAINERS: ReadonlySet<string> = new Set([
  'head', 'legalrepresentative', 'member', 'members', 'resident', 'residents', 'declarant', 'agent',
]);

const keyOf = (k: string) => k.normalize('NFKC').toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * How a value is read before matching: NFKC (full-width digits and dashes become ASCII), then
 * spaces, dashes and dots between two digits removed, so `652702-19900101-0011`, `139 5555 6666`
 * and `６５２７０２…` read as the digits they are. A plain decimal amount keeps its point.
 */
export function normaliseForMatch(s: string): string {
  const n = s.normalize('NFKC');
  if (/^[+-]?\d+\.\d+$/.test(n.trim())) return n;
  return n.replace(/(?<=\d)[\s\-‐‑‒–—―−_.·/]+(?=\d)/g, '').toUpperCase();
}

/** An 18-character resident ID number (17 digits and a digit or X), wherever it stands, even glued to letters. */
const ID_NUMBER = /(?<!\d)\d{17}[\dX](?![\dX])/;
/** A mainland mobile number, with or without +86 / 0086 in front. */
const MOBILE = /(?<!\d)(?:\+?86|0086)?1[3-9]\d{9}(?!\d)/;

const ASCII = /^[\x00-\x7f]*$/;

/** Fewer ASCII digits than a mobile has (11; an ID number has 17), after NFKC (which leaves ASCII as it is). */
function tooFewDigits(s: string): boolean {
  const n = ASCII.test(s) ? s : s.normalize('NFKC');
  let digits = 0;
  for (let i = 0; i < n.length; i++) {
    const c = n.charCodeAt(i);
    if (c >= 48 && c <= 57 && ++digits === 11) return false;
  }
  return true;
}

export const looksPersonal = (s: string): boolean => {
  // Most values (amounts, codes, commodity names) are decided by a count of digits, without the
  // normalisation and the two patterns: a 1,000-row batch has some 20,000 of them.
  if (tooFewDigits(s)) return false;
  const n = normaliseForMatch(s);
  return ID_NUMBER.test(n) || MOBILE.test(n);
};

export const REDACTED = '[REDACTED]';
/** Deeper than this, a value is replaced by a placeholder (the deepest input type is 4 levels). */
export const MAX_LOG_DEPTH = 20;
/** Longer strings are cut to this many characters and marked. */
export const MAX_LOG_TEXT = 2_000;
export const TOO_DEEP = '[TOO DEEP]';

/** Text PostgreSQL can store: NUL and lone UTF-16 surrogates become U+FFFD. */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
export const storableText = (s: string): string => s.replace(UNSTORABLE, '\uFFFD');

function storableString(s: string): string {
  const t = storableText(s);
  return t.length > MAX_LOG_TEXT ? `${t.slice(0, MAX_LOG_TEXT)}…[${t.length - MAX_LOG_TEXT} more characters]` : t;
}

/** What redaction needs to know of an object key: worked out once per distinct key (a batch repeats a dozen keys 1,000 times). */
interface KeyFacts { personal: boolean; name: boolean; container: boolean; shown: string | null }
const keyFacts = new Map<string, KeyFacts>();
/** Keys are the client's choice: the memo is bounded, and long or personal keys are not kept. */
const MAX_KEYS_KEPT = 1_000;

function factsOf(key: string): KeyFacts {
  let f = keyFacts.get(key);
  if (f) return f;
  const k = keyOf(key);
  // shown: null when the key itself reads as personal data (an undeclared variable named by an ID number).
  f = { personal: PERSONAL_KEYS.has(k), name: k === 'name', container: PERSON_CONTAINERS.has(k), shown: looksPersonal(key) ? null : storableString(key) };
  // A key that reads as personal data is not kept (the memo would hold an ID number for the process's life).
  if (key.length <= 100 && f.shown !== null) {
    if (keyFacts.size >= MAX_KEYS_KEPT) keyFacts.clear();
    keyFacts.set(key, f);
  }
  return f;
}

/**
 * The variables as the access log keeps them: personal values replaced by "[REDACTED]" (by key, and
 * by content: strings, numbers and object keys that read as an ID number or a mobile), text made
 * storable (NUL, lone surrogates), long strings cut, nesting past MAX_LOG_DEPTH replaced by
 * "[TOO DEEP]". Keeps the shape for audits. Never throws on JSON input, however deep.
 */
export function redact(value: unknown, key = '', parent = '', depth = 0): unknown {
  return redactUnder(value, factsOf(key), parent === '' ? false : factsOf(parent).container, depth);
}

/** `facts`: of the key the value stands under; `inPerson`: that key's parent is a person (head, members…). */
function redactUnder(value: unknown, facts: KeyFacts, inPerson: boolean, depth: number): unknown {
  if (value == null) return value;
  if (depth > MAX_LOG_DEPTH) return TOO_DEEP;
  const personal = facts.personal || (facts.name && inPerson);
  if (Array.isArray(value)) return value.map((v) => redactUnder(v, facts, inPerson, depth + 1));
  if (typeof value === 'object') {
    let hidden = 0;
    const out: Record<string, unknown> = {};
    for (const childKey of Object.keys(value)) {
      const v = (value as Record<string, unknown>)[childKey];
      const child = factsOf(childKey);
      // A key can carry personal data too (an undeclared variable named by an ID number).
      const shownKey = child.shown ?? `${REDACTED}#${++hidden}`;
      const shown = personal && (typeof v !== 'object' || v === null) ? REDACTED : redactUnder(v, child, facts.container, depth + 1);
      // An own property even for "__proto__" (an assignment would set the prototype instead).
      if (shownKey === '__proto__') Object.defineProperty(out, shownKey, { value: shown, enumerable: true, writable: true, configurable: true });
      else out[shownKey] = shown;
    }
    return out;
  }
  if (typeof value === 'string') return personal || looksPersonal(value) ? REDACTED : storableString(value);
  if (typeof value === 'number' || typeof value === 'bigint') return personal || looksPersonal(String(value)) ? REDACTED : value;
  if (typeof value === 'boolean') return personal ? REDACTED : value;
  return REDACTED;
}

// ── the hash chain ───────────────────────────────────────────────────────────────────────────

/** The chain's first link. */
export const GENESIS = '0'.repeat(64);

/**
 * What a row's hash covers: everything but its position (seq), which the prevHash links fix.
 * Rows written since the compact form keep their personal-record ids once, in a side table, under
 * `personalRecordSet` (the hash of the sorted list); older rows carry the list itself.
 */
export interface ChainedFields {
  id: string; at: Date; requestId: string; sub: string | null; agency: string | null; org: string | null;
  operationName: string | null; documentHash: string; variables: unknown; outcome: string; durationMs: number;
  personalRecordIds: string[]; personalRecordSet?: string | null; prevHash: string;
}

export function rowHash(r: ChainedFields): string {
  const { personalRecordSet, ...rest } = r;
  // Rows without a set hash the same as before the set existed (their hashes stay valid).
  return sha256(canonicalJson(personalRecordSet ? { ...rest, personalRecordSet } : rest));
}

/** The compact form of a response's personal-record ids: the hash of the sorted, distinct list (null when none). */
export function recordSetOf(ids: Iterable<string>): { hash: string; ids: string[] } | null {
  const sorted = [...new Set(ids)].sort();
  return sorted.length ? { hash: sha256(canonicalJson(sorted)), ids: sorted } : null;
}

export type ChainProblem =
  | 'EDITED' | 'MISSING_PREDECESSOR' | 'RECORDS_EDITED'
  | 'TRUNCATED' | 'ANCHOR_MISMATCH' | 'ANCHOR_FORGED' | 'ANCHOR_MISSING';
export interface ChainBreak { seq: number; problem: ChainProblem }

/** Walks rows in seq order: an edited row fails its own hash; a deleted one breaks the next link. */
export function verifyChain(rows: Iterable<ChainedFields & { seq: number; hash: string }>, prevHash = GENESIS): { checked: number; breaks: ChainBreak[]; lastHash: string } {
  const breaks: ChainBreak[] = [];
  let checked = 0;
  for (const r of rows) {
    checked++;
    if (r.prevHash !== prevHash) breaks.push({ seq: r.seq, problem: 'MISSING_PREDECESSOR' });
    const { hash, seq: _seq, ...fields } = r;
    if (rowHash(fields) !== hash) breaks.push({ seq: r.seq, problem: 'EDITED' });
    prevHash = hash;
  }
  return { checked, breaks, lastHash: prevHash };
}

// ── anchors: signed checkpoints of the head ──────────────────────────────────────────────────

/**
 * A checkpoint: the chain's head (position and hash) at a moment, numbered, linked to the previous
 * checkpoint's MAC and signed with HMAC-SHA256 under a key the database does not hold. Whoever can
 * write the database but not read the key cannot make a checkpoint that verifies.
 */
export interface Anchor { n: number; headSeq: number; headHash: string; at: Date; prevMac: string }

export const anchorMac = (key: Uint8Array, a: Anchor): string =>
  createHmac('sha256', key).update(canonicalJson({ n: a.n, headSeq: a.headSeq, headHash: a.headHash, at: a.at, prevMac: a.prevMac })).digest('hex');

export function anchorValid(key: Uint8Array, a: Anchor & { mac: string }): boolean {
  const expected = Buffer.from(anchorMac(key, a), 'hex');
  const given = Buffer.from(/^[0-9a-f]{64}$/.test(a.mac) ? a.mac : '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
