/** Pure parts of the access log (SPEC §10): redaction and the hash chain. No database here. */
import { canonicalJson, sha256 } from '../../shared/hash';

/** Input keys that carry personal data (names, ID numbers, phones, addresses). */
const PERSONAL_KEY = /(idnumber|name$|^name|phone|mobile|address|entrustmentproof|plate|unsealedby|keeper)/i;
const ID_NUMBER = /\b\d{17}[\dXx]\b/;
const MOBILE = /\b1[3-9]\d{9}\b/;

/** Replaces personal values by "[REDACTED]", whatever their depth; keeps the shape for audits. */
export function redact(value: unknown, key = ''): unknown {
  if (value == null) return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, key));
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, redact(v, k)]));
  }
  if (typeof value === 'string' && (PERSONAL_KEY.test(key) || ID_NUMBER.test(value) || MOBILE.test(value))) return '[REDACTED]';
  return value;
}


/** The chain's first link. */
export const GENESIS = '0'.repeat(64);

/** What a row's hash covers: everything but its position (seq), which the prevHash links fix. */
export interface ChainedFields {
  id: string; at: Date; requestId: string; sub: string; agency: string; org: string | null;
  operationName: string | null; documentHash: string; variables: unknown; outcome: string; durationMs: number;
  personalRecordIds: string[]; prevHash: string;
}

export const rowHash = (r: ChainedFields) => sha256(canonicalJson(r));

export interface ChainBreak { seq: number; problem: 'EDITED' | 'MISSING_PREDECESSOR' }

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
