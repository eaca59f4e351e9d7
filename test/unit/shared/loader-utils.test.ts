/** PrimedLoader: read-ahead rows answered without a promise, and DataLoader's cache rules kept. */
import { describe, expect, it } from 'vitest';
import { PrimedLoader } from '../../../src/shared/loader-utils';

const counting = () => {
  const batches: string[][] = [];
  const loader = new PrimedLoader<string>(async (keys) => { batches.push([...keys]); return keys.map((k) => `loaded ${k}`); });
  return { loader, batches };
};

describe('PrimedLoader', () => {
  it('answers a primed key synchronously, and an unprimed one through a batch', async () => {
    const { loader, batches } = counting();
    loader.prime('a', 'primed a');
    expect(loader.loadNow('a')).toBe('primed a');
    const b = loader.loadNow('b');
    expect(b).toBeInstanceOf(Promise);
    expect(await b).toBe('loaded b');
    expect(batches).toEqual([['b']]);
    expect(await loader.load('a')).toBe('primed a'); // DataLoader's cache agrees
  });

  it('keeps a value loaded before the key was primed, as DataLoader does', async () => {
    const { loader } = counting();
    expect(await loader.load('a')).toBe('loaded a');
    loader.prime('a', 'primed a');
    expect(await loader.loadNow('a')).toBe('loaded a');
    expect(await loader.load('a')).toBe('loaded a');
  });

  it('keeps the first primed value, and forgets a key cleared or all cleared', async () => {
    const { loader, batches } = counting();
    loader.prime('a', 'first');
    loader.prime('a', 'second');
    expect(loader.loadNow('a')).toBe('first');
    loader.clear('a');
    expect(await loader.loadNow('a')).toBe('loaded a');
    loader.clearAll();
    loader.prime('b', 'primed b');
    loader.clearAll();
    expect(await loader.loadNow('b')).toBe('loaded b');
    expect(batches).toEqual([['a'], ['b']]);
  });

  it('does not answer a primed error or promise synchronously', async () => {
    const { loader } = counting();
    loader.prime('e', new Error('refused'));
    await expect(loader.loadNow('e')).rejects.toThrow('refused');
    loader.prime('p', Promise.resolve('later'));
    const p = loader.loadNow('p');
    expect(p).toBeInstanceOf(Promise);
    expect(await p).toBe('later');
  });
});
