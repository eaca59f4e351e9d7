import DataLoader from 'dataloader';

/** Re-orders batch results to the order of the keys, as DataLoader requires. */
export function byKey<K, R>(keys: readonly K[], rows: R[], keyOf: (r: R) => K): (R | null)[] {
  const m = new Map<K, R>();
  for (const r of rows) m.set(keyOf(r), r);
  return keys.map((k) => m.get(k) ?? null);
}

export function groupBy<K, R>(keys: readonly K[], rows: R[], keyOf: (r: R) => K): R[][] {
  const m = new Map<K, R[]>();
  for (const r of rows) {
    const k = keyOf(r);
    let list = m.get(k);
    if (!list) m.set(k, (list = []));
    list.push(r);
  }
  return keys.map((k) => m.get(k) ?? []);
}

/**
 * A DataLoader whose primed values a resolver can read synchronously (`loadNow`): rows read ahead
 * with their parent's statement (the enterprises page's contracts and inbound totals) are answered
 * without a promise per row — graphql-jit then completes them inline (issue 15). A key loaded
 * before it was primed keeps the loaded value, as DataLoader does, and is answered by `load`.
 */
export class PrimedLoader<V> extends DataLoader<string, V> {
  private readonly values = new Map<string, V>();
  private readonly promises: Map<string, Promise<V>>;

  constructor(batch: DataLoader.BatchLoadFn<string, V>, options: DataLoader.Options<string, V> = {}) {
    const promises = (options.cacheMap as Map<string, Promise<V>> | undefined) ?? new Map<string, Promise<V>>();
    super(batch, { ...options, cacheMap: promises });
    this.promises = promises;
  }

  /** The primed value when there is one, else the loader's promise. */
  loadNow(key: string): V | Promise<V> {
    return this.values.has(key) ? this.values.get(key)! : this.load(key);
  }

  override prime(key: string, value: V | PromiseLike<V> | Error): this {
    if (!this.promises.has(key) && !(value instanceof Error) && typeof (value as PromiseLike<V> | null)?.then !== 'function') this.values.set(key, value as V);
    return super.prime(key, value);
  }

  override clear(key: string): this {
    this.values.delete(key);
    return super.clear(key);
  }

  override clearAll(): this {
    this.values.clear();
    return super.clearAll();
  }
}
