/** Deterministic pseudo-random numbers for the demo seed: the same data on every machine. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    chance: (p: number) => next() < p,
  };
}
export type Rng = ReturnType<typeof rng>;

/** Progress on one line per step, for long seeds (SPEC: long jobs show progress). */
export function progress(log: (m: string) => void, label: string, total: number) {
  const start = Date.now();
  let lastPct = -1;
  return (done: number) => {
    const pct = total ? Math.floor((done / total) * 100) : 100;
    if (pct !== lastPct && (pct % 10 === 0 || done === total)) {
      lastPct = pct;
      const secs = (Date.now() - start) / 1000;
      log(`${label}: ${done.toLocaleString('en')}/${total.toLocaleString('en')} (${pct}%, ${secs.toFixed(1)} s)`);
    }
  };
}
