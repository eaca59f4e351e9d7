/** Content hashing, one way for the whole hub: batch idempotency (DUPLICATE vs KEY_CONFLICT) and the access log's chain. */
import { createHash } from 'node:crypto';

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * Canonical JSON: object keys sorted, dates as ISO strings, undefined as null, so a hash does not
 * depend on key order. Loops instead of map/join: it runs for every row of a batch and every
 * access-log row (the output is the same text as ever: stored hashes depend on it).
 */
export function canonicalJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v !== 'object') return JSON.stringify(v);
  if (v instanceof Date) return JSON.stringify(v.toISOString());
  if (Array.isArray(v)) {
    // A list of strings (an access-log row's personal-record ids, thousands of them): the native
    // stringifier gives the same text as the loop below.
    if (v.every((x) => typeof x === 'string')) return JSON.stringify(v);
    let s = '[';
    for (let i = 0; i < v.length; i++) s += (i ? ',' : '') + canonicalJson(v[i]);
    return `${s}]`;
  }
  const keys = Object.keys(v).sort();
  let s = '{';
  for (let i = 0; i < keys.length; i++) s += `${i ? ',' : ''}${JSON.stringify(keys[i])}:${canonicalJson((v as Record<string, unknown>)[keys[i]!])}`;
  return `${s}}`;
}

/** Hash of a normalised row: replaying it is a DUPLICATE, changing it a KEY_CONFLICT. */
export const contentHash = (value: unknown) => sha256(canonicalJson(value));
