import { describe, expect, it } from 'vitest';
import { GENESIS, redact, rowHash, verifyChain, type ChainedFields } from '../../../src/modules/audit/rules';

describe('redact', () => {
  it('replaces ID numbers, phones and names at any depth and keeps the rest', () => {
    const v = { input: [{ declarationNo: 'D1', declarantIdNumber: '652702199001010011', declarantName: '王芳', lines: [{ hsCode: '120600', valueYuan: '10.00' }] }], phone: '13912345678', note: 'call 13912345678', first: 5 };
    expect(redact(v)).toEqual({
      input: [{ declarationNo: 'D1', declarantIdNumber: '[REDACTED]', declarantName: '[REDACTED]', lines: [{ hsCode: '120600', valueYuan: '10.00' }] }],
      phone: '[REDACTED]', note: '[REDACTED]', first: 5,
    });
  });
});

describe('hash chain', () => {
  const row = (i: number, prevHash: string): ChainedFields => ({
    id: `id-${i}`, at: new Date(Date.UTC(2025, 0, 1, 0, 0, i)), requestId: `r${i}`, sub: 's', agency: 'CUSTOMS', org: null,
    operationName: null, documentHash: 'x', variables: { b: 1, a: [1, 2] }, outcome: 'OK', durationMs: i, personalRecordIds: [], prevHash,
  });
  const chain = (n: number) => {
    const rows: (ChainedFields & { seq: number; hash: string })[] = [];
    let prev = GENESIS;
    for (let i = 1; i <= n; i++) {
      const r = row(i, prev);
      const hash = rowHash(r);
      rows.push({ ...r, seq: i, hash });
      prev = hash;
    }
    return rows;
  };


  it('an intact chain verifies', () => {
    expect(verifyChain(chain(5)).breaks).toEqual([]);
  });

  it('an edited row fails its own hash', () => {
    const rows = chain(5);
    rows[2] = { ...rows[2]!, outcome: 'FORBIDDEN' };
    expect(verifyChain(rows).breaks).toEqual([{ seq: 3, problem: 'EDITED' }]);
  });

  it('a deleted row breaks the link of the next one', () => {
    const rows = chain(5);
    rows.splice(1, 1);
    expect(verifyChain(rows).breaks).toEqual([{ seq: 3, problem: 'MISSING_PREDECESSOR' }]);
  });
});

describe('redact: personal values by content, whatever the key', () => {
  it.each([
    ['an ID number in free text', 'declared for 652702199001010011 today'],
    ['an ID number ending in X', '65270219800101005X'],
    ['an ID number ending in x', '65270219800101005x'],
    ['a mobile', '13912345678'],
  ])('redacts %s', (_what, value) => expect(redact({ note: value })).toEqual({ note: '[REDACTED]' }));

  it.each([
    ['a declaration number', 'D2025030100001'],
    ['an amount', '8000.00'],
    ['a 17-digit number without its check character', 'batch 65270219900101001'],
  ])('keeps %s', (_what, value) => expect(redact({ note: value })).toEqual({ note: value }));

  it('keeps null and undefined values', () => {
    expect(redact({ a: null, b: undefined, c: [null] })).toEqual({ a: null, b: undefined, c: [null] });
    expect(redact(null)).toBeNull();
  });
});

describe('verifyChain: counts and the last link', () => {
  const row = (i: number, prevHash: string): ChainedFields => ({
    id: `id-${i}`, at: new Date(Date.UTC(2025, 0, 1, 0, 0, i)), requestId: `r${i}`, sub: 's', agency: 'CUSTOMS', org: null,
    operationName: null, documentHash: 'x', variables: { i }, outcome: 'OK', durationMs: i, personalRecordIds: [], prevHash,
  });

  it('starts from 64 zeros and returns the count and the last hash', () => {
    const first = row(1, '0'.repeat(64));
    const h1 = rowHash(first);
    const second = row(2, h1);
    const h2 = rowHash(second);
    expect(verifyChain([{ ...first, seq: 1, hash: h1 }, { ...second, seq: 2, hash: h2 }])).toEqual({ checked: 2, breaks: [], lastHash: h2 });
    expect(verifyChain([])).toEqual({ checked: 0, breaks: [], lastHash: '0'.repeat(64) });
  });

  it('notices an edited timestamp', () => {
    const r = row(1, GENESIS);
    const hash = rowHash(r);
    expect(verifyChain([{ ...r, at: new Date(Date.UTC(2025, 0, 1, 0, 0, 59)), seq: 1, hash }]).breaks).toEqual([{ seq: 1, problem: 'EDITED' }]);
  });
});
