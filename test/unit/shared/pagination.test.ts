/** Cursors and page sizes of SPEC §3 connections. */
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, pageSize } from '../../../src/shared/pagination';

const ID = '0f8fad5b-d9cb-469f-a165-70867728950e';
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

describe('cursors', () => {
  it('round-trips updatedAt to the millisecond and the id', () => {
    const at = new Date('2025-03-01T01:02:03.456Z');
    expect(decodeCursor(encodeCursor(at, ID))).toEqual({ updatedAt: at, id: ID });
  });

  it('is opaque (no raw timestamp or id in the string)', () => {
    const c = encodeCursor(new Date('2025-03-01T00:00:00Z'), ID);
    expect(c).not.toContain(ID);
    expect(c).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it.each([
    ['not base64 json', 'zzz'],
    ['empty', ''],
    ['an object', b64({ a: 1 })],
    ['a non-UUID id', b64(['2025-03-01T00:00:00.000Z', 'x'])],
    ['a SQL fragment as id', b64(['2025-03-01T00:00:00.000Z', "' or 1=1 --"])],
    ['a number as time', b64([0, ID])],
    ['a bad time', b64(['yesterday', ID])],
    ['three parts', b64(['2025-03-01T00:00:00.000Z', ID, 1])],
  ])('rejects %s with INVALID_CURSOR on field after', (_what, cursor) => {
    try {
      decodeCursor(cursor);
      expect.unreachable();
    } catch (e: any) {
      expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR', field: 'after' });
    }
  });
});

describe('page size', () => {
  it.each([[undefined, 50], [null, 50], [0, 0], [1, 1], [500, 500]])('first %s gives %i', (first, n) => {
    expect(pageSize(first)).toBe(n);
  });
  it.each([501, -1, 1.5])('first %s is refused with PAGE_SIZE', (first) => {
    expect(() => pageSize(first)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ reason: 'PAGE_SIZE', field: 'first' }) }));
  });
});
