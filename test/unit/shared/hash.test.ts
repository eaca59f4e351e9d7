import { describe, expect, it } from 'vitest';
import { canonicalJson, contentHash, sha256 } from '../../../src/shared/hash';

describe('content hash', () => {
  it('does not depend on key order, at any depth', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe('{"a":{"c":3,"d":2},"b":1}');
    expect(contentHash({ a: 1, b: [1, 2] })).toBe(contentHash({ b: [1, 2], a: 1 }));
  });
  it('keeps array order, writes dates as ISO and undefined as null', () => {
    expect(contentHash([1, 2])).not.toBe(contentHash([2, 1]));
    expect(canonicalJson({ at: new Date('2025-03-01T01:30:00Z'), x: undefined })).toBe('{"at":"2025-03-01T01:30:00.000Z","x":null}');
  });
  it('is the SHA-256 of the canonical text', () => {
    expect(sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(contentHash({ b: 2, a: 1 })).toBe(sha256('{"a":1,"b":2}'));
  });
});

describe('canonical JSON (the exact text every row hash covers)', () => {
  it.each([
    [{ b: 1, a: [1, 'x', null, true] }, '{"a":[1,"x",null,true],"b":1}'],
    [{ at: new Date('2025-03-01T01:30:00Z'), a: {} }, '{"a":{},"at":"2025-03-01T01:30:00.000Z"}'],
    [[{ y: 2, x: 1 }, []], '[{"x":1,"y":2},[]]'],
    ['text', '"text"'],
    [['b"\\', 'a\u0000', '边民', '\ud800', ''], '["b\\"\\\\","a\\u0000","边民","\\ud800",""]'],
    [['x', 1, undefined, new Date(0)], '["x",1,null,"1970-01-01T00:00:00.000Z"]'],
    [null, 'null'],
  ])('canonicalJson(%j) is %s', (value, text) => expect(canonicalJson(value)).toBe(text));
});
