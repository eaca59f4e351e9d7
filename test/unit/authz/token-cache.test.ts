/** The verifier remembers a verified token only until its exp (src/authz/tokens.ts). */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createVerifier, signToken } from '../../../src/authz/tokens';
import type { JwtConfig } from '../../../src/config';

const secret = new TextEncoder().encode('token-cache-secret-token-cache-secret-0123');
const cfg: JwtConfig = { secret, issuer: 'border-trade-hub', audience: 'border-trade-hub' };

afterEach(() => { vi.useRealTimers(); });

describe('verified-token cache', () => {
  it('serves a token again within its lifetime and refuses it after its exp', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
    const verify = createVerifier(cfg);
    const token = await signToken(secret, { agency: 'CUSTOMS', sub: 'cache' }, { ttl: '10s' });
    const first = await verify(token);
    expect(first).toEqual({ sub: 'cache', agency: 'CUSTOMS', org: null });
    vi.setSystemTime(new Date('2026-01-01T00:00:05Z'));
    expect(await verify(token)).toBe(first);
    vi.setSystemTime(new Date('2026-01-01T00:00:11Z'));
    await expect(verify(token)).rejects.toThrow(/exp/);
  });

  it('never remembers a refusal', async () => {
    const verify = createVerifier(cfg);
    await expect(verify('not-a-token')).rejects.toThrow();
    await expect(verify('not-a-token')).rejects.toThrow();
  });
});
