/** Content hashing, one way for the whole hub: batch idempotency (DUPLICATE vs KEY_CONFLICT) and the access log's chain. */
import { createHash } from 'node:crypto';

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Canonical JSON: object keys sorted, dates as ISO strings, undefined as null, so a hash does not depend on key order. */
export function canonicalJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (v instanceof Date) return JSON.stringify(v.toISOString());
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (typeof v === 'object') {
    return `{${Object.keys(v as object).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** Hash of a normalised row: replaying it is a DUPLICATE, changing it a KEY_CONFLICT. */
export const contentHash = (value: unknown) => sha256(canonicalJson(value));
