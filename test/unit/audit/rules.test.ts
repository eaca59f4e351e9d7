import { describe, expect, it } from 'vitest';
import {
  GENESIS, MAX_LOG_DEPTH, MAX_LOG_TEXT, TOO_DEEP, anchorMac, anchorValid, normaliseForMatch, recordSetOf, redact, rowHash, verifyChain,
  type Anchor, type ChainedFields,
} from '../../../src/modules/audit/rules';

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

describe('redact: normalised before matching (issue 16)', () => {
  it.each([
    ['dashes', '652702-19900101-0011'],
    ['spaces', '652702 1990 0101 0011'],
    ['dots', '652702.19900101.0011'],
    ['glued to letters', 'ID652702199001010011abc'],
    ['glued, ending in x', 'no65270219800101005xyz'],
    ['full-width digits', '６５２７０２１９９００１０１００１１'],
    ['full-width dashes', '652702－19900101－0011'],
  ])('an ID number written with %s', (_what, value) => expect(redact({ note: value })).toEqual({ note: '[REDACTED]' }));

  it.each([
    ['+86 and spaces', '+86 139 5555 6666'],
    ['+86 and dashes', '+86-139-5555-6666'],
    ['0086', '0086 13955556666'],
    ['(+86) in brackets', '(+86)13955556666'],
    ['dashes', '139-5555-6666'],
    ['glued to letters', 'tel13955556666ok'],
    ['full-width digits', '１３９５５５５６６６６'],
  ])('a mobile written with %s', (_what, value) => expect(redact({ note: value })).toEqual({ note: '[REDACTED]' }));

  it.each([
    ['a mobile', 13955556666],
    ['an ID number (as a float)', 652702199001010011],
  ])('%s sent as a JSON number', (_what, value) => expect(redact({ x: value })).toEqual({ x: '[REDACTED]' }));

  it.each([
    ['mixed ASCII and full-width digits', '139５５５５6666'],
    ['circled digits (NFKC reads them as digits)', '①③⑨⑤⑤⑤⑤⑥⑥⑥⑥'],
    ['exactly eleven ASCII digits', '13955556666'],
  ])('a mobile in %s (counted after NFKC, not before)', (_what, value) => expect(redact({ note: value })).toEqual({ note: '[REDACTED]' }));

  it('keeps "__proto__" as a key of the row (not the prototype of the copy)', () => {
    const out = redact(JSON.parse('{"__proto__": {"idNumber": "x", "n": 1}}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({ idNumber: '[REDACTED]', n: 1 });
  });

  it('decides every key by itself past the memo of keys (1,000 kept)', () => {
    const v: Record<string, unknown> = Object.fromEntries(Array.from({ length: 1_500 }, (_, i) => [`k${i}`, i]));
    v['65270219900101001' + '1'] = 'x';
    const out = redact({ a: v, b: v }) as { a: Record<string, unknown>; b: Record<string, unknown> };
    for (const side of [out.a, out.b]) {
      expect(Object.keys(side)).toHaveLength(1_501);
      expect(side['[REDACTED]#1']).toBe('x');
      expect(side.k1499).toBe(1499);
    }
  });

  it('an object key that is an ID number', () => {
    expect(redact({ '652702199001010011': 1, '13955556666': 2, ok: 3 })).toEqual({ '[REDACTED]#1': 1, '[REDACTED]#2': 2, ok: 3 });
  });

  it.each([
    ['commodityName', '葵花籽'],
    ['operationName', 'Who'],
    ['nameContains', '阿拉山口'],
    ['productName', '葵花籽油'],
    ['name', '阿拉山口边贸加工有限公司'],
    ['valueYuan', '139555566.66'],
    ['date', '2025-03-01'],
    ['declarationNo', 'D2025030100001'],
    ['uscc', '91652702MA78A1B2C3'],
    ['quantityKg', 13955.5],
  ])('keeps the non-personal %s', (key, value) => expect(redact({ [key]: value })).toEqual({ [key]: value }));

  it('redacts `name` inside a person (head, legal representative, members), not a firm\'s', () => {
    const v = {
      input: {
        name: '阿拉山口合作社', phone: '0909-1234567',
        head: { name: '王芳', mobile: '13955556666' },
        members: [{ name: '李四', idNumber: '652702199001010011' }],
      },
      e: { name: '某公司', legalRepresentative: { name: '张三', address: '阿拉山口市' } },
    };
    expect(redact(v)).toEqual({
      input: {
        name: '阿拉山口合作社', phone: '[REDACTED]',
        head: { name: '[REDACTED]', mobile: '[REDACTED]' },
        members: [{ name: '[REDACTED]', idNumber: '[REDACTED]' }],
      },
      e: { name: '某公司', legalRepresentative: { name: '[REDACTED]', address: '[REDACTED]' } },
    });
  });
});

describe('redact: what PostgreSQL cannot store (issue 16)', () => {
  it('replaces NUL and lone surrogates in values and keys', () => {
    expect(redact({ a: 'x\u0000y', b: 'p\uD800q', ['k\u0000']: 'ok', c: '😀' })).toEqual({ a: 'x\uFFFDy', b: 'p\uFFFDq', ['k\uFFFD']: 'ok', c: '😀' });
  });

  it('an array nested 20,000 levels is cut with a placeholder, without a stack overflow', () => {
    let deep: unknown = [];
    for (let i = 0; i < 20_000; i++) deep = [deep];
    let out = redact({ deep }) as any;
    let depth = 0;
    out = out.deep;
    while (Array.isArray(out)) { out = out[0]; depth++; }
    expect(out).toBe(TOO_DEEP);
    expect(depth).toBe(MAX_LOG_DEPTH);
  });

  it('cuts strings longer than MAX_LOG_TEXT', () => {
    const r = redact({ s: 'a'.repeat(MAX_LOG_TEXT + 10) }) as { s: string };
    expect(r.s.startsWith('a'.repeat(MAX_LOG_TEXT))).toBe(true);
    expect(r.s.endsWith('…[10 more characters]')).toBe(true);
  });
});

describe('normaliseForMatch', () => {
  it.each([
    ['+86 139 5555 6666', '+8613955556666'],
    ['６５２７０２－１９９０', '6527021990'],
    ['8000.00', '8000.00'],
    ['a-b 1-2', 'A-B 12'],
  ])('%s → %s', (given, expected) => expect(normaliseForMatch(given)).toBe(expected));
});

describe('row hash and record sets', () => {
  const base: ChainedFields = {
    id: 'i', at: new Date(Date.UTC(2025, 0, 1)), requestId: 'r', sub: null, agency: null, org: null, operationName: null,
    documentHash: 'd', variables: {}, outcome: 'HTTP_401,UNAUTHENTICATED', durationMs: 1, personalRecordIds: [], prevHash: GENESIS,
  };

  it('a row without a record set hashes as rows did before the set existed', () => {
    expect(rowHash({ ...base, personalRecordSet: null })).toBe(rowHash(base));
  });

  it('the record set is covered by the hash and does not depend on order or repeats', () => {
    const a = recordSetOf(['b', 'a', 'b'])!;
    expect(a).toEqual({ hash: recordSetOf(['a', 'b'])!.hash, ids: ['a', 'b'] });
    expect(recordSetOf([])).toBeNull();
    expect(rowHash({ ...base, personalRecordSet: a.hash })).not.toBe(rowHash(base));
  });
});

describe('anchors', () => {
  const key = new TextEncoder().encode('k'.repeat(32));
  const a: Anchor = { n: 1, headSeq: 10, headHash: 'h'.repeat(64), at: new Date(Date.UTC(2025, 0, 1)), prevMac: GENESIS };

  it('a checkpoint verifies under its key only, and any change of it fails', () => {
    const mac = anchorMac(key, a);
    expect(anchorValid(key, { ...a, mac })).toBe(true);
    expect(anchorValid(new TextEncoder().encode('x'.repeat(32)), { ...a, mac })).toBe(false);
    expect(anchorValid(key, { ...a, headSeq: 9, mac })).toBe(false);
    expect(anchorValid(key, { ...a, headHash: 'g'.repeat(64), mac })).toBe(false);
    expect(anchorValid(key, { ...a, mac: 'not hex' })).toBe(false);
  });
});
