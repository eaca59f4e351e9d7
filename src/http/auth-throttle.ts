/**
 * Throttling of failed authentication (issue 16, SPEC §9): a caller that keeps presenting missing,
 * forged or expired tokens is answered 429 with Retry-After instead of 401 once it has failed
 * `limit` times within `windowMs`, counted per client address and per token (its SHA-256, never the
 * token itself). A request whose token verifies is always served and never counted: an agency
 * system behind the same address as a misbehaving one keeps working.
 *
 * In memory and bounded: at most `maxKeys` counters; when full, expired counters go first, then the
 * oldest. A restart forgets the counts (acceptable: the window is a minute).
 */
import { createHash } from 'node:crypto';

export interface AuthThrottleOptions {
  /** Failures allowed per key within the window (the next one is refused with 429). */
  limit?: number;
  windowMs?: number;
  maxKeys?: number;
  now?: () => number;
}

interface Window { count: number; resetAt: number }

export const AUTH_FAILURE_LIMIT = 10;
export const AUTH_FAILURE_WINDOW_MS = 60_000;

export class AuthThrottle {
  readonly limit: number;
  readonly windowMs: number;
  readonly maxKeys: number;
  private readonly now: () => number;
  private readonly windows = new Map<string, Window>();

  constructor(o: AuthThrottleOptions = {}) {
    this.limit = o.limit ?? AUTH_FAILURE_LIMIT;
    this.windowMs = o.windowMs ?? AUTH_FAILURE_WINDOW_MS;
    this.maxKeys = o.maxKeys ?? 10_000;
    this.now = o.now ?? Date.now;
  }

  /** The keys of a request: its client address and, when it sent one, its token's hash. */
  static keysOf(ip: string | undefined, token: string | null): string[] {
    const keys = [`ip:${ip ?? 'unknown'}`];
    if (token) keys.push(`token:${createHash('sha256').update(token).digest('base64url').slice(0, 22)}`);
    return keys;
  }

  /** Seconds to wait when any key has used up its failures in the current window, else null. */
  retryAfter(keys: readonly string[]): number | null {
    const now = this.now();
    let wait = 0;
    for (const k of keys) {
      const w = this.windows.get(k);
      if (w && w.resetAt > now && w.count >= this.limit) wait = Math.max(wait, w.resetAt - now);
    }
    return wait > 0 ? Math.max(1, Math.ceil(wait / 1000)) : null;
  }

  /** Counts one failure for every key; true when this failure used up a key's allowance. */
  fail(keys: readonly string[]): boolean {
    const now = this.now();
    let reached = false;
    for (const k of keys) {
      let w = this.windows.get(k);
      if (!w || w.resetAt <= now) {
        this.windows.delete(k);
        this.makeRoom(now);
        w = { count: 0, resetAt: now + this.windowMs };
        this.windows.set(k, w);
      }
      if (w.count < this.limit && ++w.count === this.limit) reached = true;
    }
    return reached;
  }

  /** Counters held (for tests and the bound). */
  get size(): number { return this.windows.size; }

  private makeRoom(now: number) {
    if (this.windows.size < this.maxKeys) return;
    for (const [k, w] of this.windows) if (w.resetAt <= now) this.windows.delete(k);
    // Still full: drop the oldest counters (Map keeps insertion order).
    for (const k of this.windows.keys()) {
      if (this.windows.size < this.maxKeys) break;
      this.windows.delete(k);
    }
  }
}
