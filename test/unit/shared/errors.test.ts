import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CODE_LABELS, DomainError, REASON_LABELS, badInput, bilingual } from '../../../src/shared/errors';

const CHINESE_FIRST = /^[\u4e00-\u9fff]/;

/** The members of a string-literal union type, read from the source (a type has no runtime value). */
function unionMembers(typeName: string): string[] {
  const src = readFileSync(new URL('../../../src/shared/errors.ts', import.meta.url), 'utf8');
  const m = new RegExp(`export type ${typeName} =([\\s\\S]*?);`).exec(src);
  return [...m![1]!.matchAll(/'([A-Z_]+)'/g)].map((x) => x[1]!);
}

describe('bilingual error messages (SPEC §3: Chinese first)', () => {
  it('has a Chinese label for every reason of the Reason type and every ErrorCode', () => {
    const reasons = unionMembers('Reason');
    expect(reasons.length).toBeGreaterThan(30);
    for (const r of reasons) expect((REASON_LABELS as Record<string, string>)[r], r).toMatch(CHINESE_FIRST);
    for (const c of unionMembers('ErrorCode')) expect((CODE_LABELS as Record<string, string>)[c], c).toMatch(CHINESE_FIRST);
  });

  it('prefixes the reason\'s label to an English-only message, the code\'s label without a reason, and leaves Chinese-first messages alone', () => {
    expect(badInput('uscc', 'INVALID_USCC', '"X" is not valid.').message).toBe('统一社会信用代码无效 / "X" is not valid.');
    expect(new DomainError('FORBIDDEN', 'No.').message).toBe('无权访问 / No.');
    expect(bilingual('名称必填 / name is required.', 'BAD_USER_INPUT', 'MISSING_FIELD')).toBe('名称必填 / name is required.');
    expect(bilingual('Cannot query field "x".', 'GRAPHQL_VALIDATION_FAILED')).toBe('查询不符合接口定义 / Cannot query field "x".');
    expect(bilingual('Something odd.')).toMatch(CHINESE_FIRST);
  });
});
