import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  CHANGE_ENTITIES, RETRY_WINDOW_MS, decodeFeedCursor, encodeFeedCursor, followable, mayFollow, signature, webhookUrlProblem,
  withinRetryWindow,
} from '../../../src/modules/feed/rules';

const v = (agency: any, org: string | null = null) => ({ sub: 's', agency, org });

describe('feed cursor', () => {
  it.each([1, 42, 9_007_199_254_740_991])('round-trips seq %s', (seq) => expect(decodeFeedCursor(encodeFeedCursor(seq))).toBe(seq));
  it.each(['', 'xyz', Buffer.from('f-1').toString('base64url'), Buffer.from('g12').toString('base64url'), 'A'.repeat(41)])(
    'refuses %j', (c) => expect(decodeFeedCursor(c)).toBeNull());
});

describe('signature', () => {
  it('is the hex HMAC-SHA256 of the body under the secret, prefixed sha256=', () => {
    const body = '{"changes":[]}';
    expect(signature(body, 'k')).toBe(`sha256=${createHmac('sha256', 'k').update(body).digest('hex')}`);
    expect(signature(body, 'k')).not.toBe(signature(body, 'other'));
  });
});

describe('webhook URL', () => {
  it.each(['http://127.0.0.1:8080/hook', 'https://tax.example.gov.cn/hub'])('accepts %s', (u) => expect(webhookUrlProblem(u)).toBeNull());
  it.each(['ftp://x/y', 'file:///etc/passwd', 'javascript:alert(1)', '/relative', 'https://user:pw@x.cn/'])('refuses %s', (u) =>
    expect(webhookUrlProblem(u)).not.toBeNull());
});

describe('retry window', () => {
  const t0 = new Date('2026-01-01T00:00:00Z');
  it.each([
    [null, 0, true], [t0, 0, true], [t0, RETRY_WINDOW_MS - 1, true], [t0, RETRY_WINDOW_MS, false], [t0, RETRY_WINDOW_MS * 2, false],
  ] as const)('failing since %s, %s ms later → %s', (since, later, want) =>
    expect(withinRetryWindow(since, new Date(t0.getTime() + later))).toBe(want));
});

describe('who may follow what (from the matrix)', () => {
  it('commerce follows every entity', () => expect(followable(v('COMMERCE'))).toEqual([...CHANGE_ENTITIES]));
  it.each([
    ['TAX', 'CUSTOMS_DECLARATION', false], ['TAX', 'TAX_RECORD', true], ['CUSTOMS', 'TAX_RECORD', false],
    ['ANALYST', 'BORDER_RESIDENT', false], ['CUSTOMS', 'BORDER_RESIDENT', true], ['ENTERPRISE', 'EARLY_WARNING', false],
    ['COOPERATIVE', 'QUARTERLY_REPORT', true], ['COOPERATIVE', 'LEDGER_ENTRY', false], ['AUDITOR', 'ENTERPRISE', true],
  ] as const)('%s may follow %s: %s', (agency, entity, want) => expect(mayFollow(v(agency, agency === 'ENTERPRISE' || agency === 'COOPERATIVE' ? 'x' : null), entity)).toBe(want));
});
