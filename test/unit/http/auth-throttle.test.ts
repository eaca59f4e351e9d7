import { describe, expect, it } from 'vitest';
import { AuthThrottle } from '../../../src/http/auth-throttle';

describe('AuthThrottle', () => {
  it('blocks a key after `limit` failures within the window and forgets it when the window ends', () => {
    let now = 1_000_000;
    const t = new AuthThrottle({ limit: 3, windowMs: 60_000, now: () => now });
    const keys = AuthThrottle.keysOf('10.0.0.1', 'tok');
    for (let i = 0; i < 3; i++) { expect(t.retryAfter(keys)).toBeNull(); t.fail(keys); }
    expect(t.retryAfter(keys)).toBe(60);
    now += 59_001;
    expect(t.retryAfter(keys)).toBe(1);
    now += 1_000;
    expect(t.retryAfter(keys)).toBeNull();
  });

  it('counts per token as well as per address: one token replayed from many addresses is blocked', () => {
    const t = new AuthThrottle({ limit: 2 });
    t.fail(AuthThrottle.keysOf('10.0.0.1', 'same'));
    t.fail(AuthThrottle.keysOf('10.0.0.2', 'same'));
    expect(t.retryAfter(AuthThrottle.keysOf('10.0.0.3', 'same'))).not.toBeNull();
    expect(t.retryAfter(AuthThrottle.keysOf('10.0.0.3', 'other'))).toBeNull();
  });

  it('holds at most maxKeys counters (bounded memory)', () => {
    const t = new AuthThrottle({ limit: 5, maxKeys: 100 });
    for (let i = 0; i < 10_000; i++) t.fail(AuthThrottle.keysOf(`10.0.${i >> 8}.${i & 255}`, `t${i}`));
    expect(t.size).toBeLessThanOrEqual(100);
  });

  it('never keeps the token itself', () => {
    const keys = AuthThrottle.keysOf('::1', 'eyJhbGciOiJIUzI1NiJ9.secret.sig');
    expect(keys.join()).not.toContain('secret');
  });
});
