import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { inSequence } from '../../../src/http/in-sequence';

/** Runs the sequence once; resolves with what it passed on (undefined: went on; else the error) or 'answered'. */
function run(handler: RequestHandler): Promise<unknown> {
  return new Promise((resolve) => {
    handler({} as Request, {} as Response, ((err?: unknown) => resolve(err)) as NextFunction);
    setTimeout(() => resolve('answered'), 20);
  });
}

describe('inSequence (several express handlers as one router layer)', () => {
  it('runs the handlers in order and goes on after the last', async () => {
    const seen: number[] = [];
    const h = (n: number): RequestHandler => (_req, _res, next) => { seen.push(n); next(); };
    expect(await run(inSequence(h(1), h(2), h(3)))).toBeUndefined();
    expect(seen).toEqual([1, 2, 3]);
  });

  it('stops at a handler that answers (does not call next)', async () => {
    const seen: number[] = [];
    expect(await run(inSequence((_q, _s, next) => { seen.push(1); next(); }, () => { seen.push(2); }, () => { seen.push(3); }))).toBe('answered');
    expect(seen).toEqual([1, 2]);
  });

  it('hands next(err), a thrown error and a rejected promise to the error handlers, skipping the rest', async () => {
    const boom = new Error('boom');
    let after = 0;
    const rest: RequestHandler = (_q, _s, next) => { after++; next(); };
    expect(await run(inSequence((_q, _s, next) => next(boom), rest))).toBe(boom);
    expect(await run(inSequence(() => { throw boom; }, rest))).toBe(boom);
    expect(await run(inSequence(async () => { throw boom; }, rest))).toBe(boom);
    expect(await run(inSequence(async (_q, _s, next) => { await Promise.resolve(); next(); }, rest))).toBeUndefined();
    expect(after).toBe(1);
  });
});
