import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { documentHash } from '../../../src/modules/audit/service';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('documentHash (the access log\'s hash of the document, remembered by text)', () => {
  it('is the sha256 of each text, whatever was hashed before, past the bound and for long texts', () => {
    const docs = ['{ me { agency } }', '{ me { org } }', '', 'x'.repeat(30_000)];
    for (let round = 0; round < 2; round++) {
      for (const d of docs) expect(documentHash(d)).toBe(sha(d));
    }
    // More texts than are remembered: the cache is emptied, the hashes stay right.
    for (let i = 0; i < 1_200; i++) expect(documentHash(`query Q${i} { me { agency } }`)).toBe(sha(`query Q${i} { me { agency } }`));
    for (const d of docs) expect(documentHash(d)).toBe(sha(d));
  });
});
