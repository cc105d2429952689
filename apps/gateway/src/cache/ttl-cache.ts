// A small read-through cache for the hot path: entries live for `ttlMs`, concurrent misses for one
// key share a single load, and `clear()` invalidates at once. Hand-written because it needs a
// generation counter: a load that started before an invalidation must not store its (possibly
// stale) result afterwards, which general-purpose LRU libraries do not offer.

interface Entry<V> {
  value: V;
  expiresAt: number;
}

export class TtlCache<K, V> {
  readonly #entries = new Map<K, Entry<V>>();
  readonly #loading = new Map<K, Promise<V>>();
  #generation = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 100_000,
  ) {}

  /** Returns the cached value or loads it (once, however many callers ask at the same time). */
  get(key: K, load: (key: K) => Promise<V>): Promise<V> {
    const entry = this.#entries.get(key);
    if (entry && entry.expiresAt > Date.now()) return Promise.resolve(entry.value);
    const pending = this.#loading.get(key);
    if (pending) return pending;
    const generation = this.#generation;
    const promise = load(key).then(
      (value) => {
        if (this.#loading.get(key) === promise) this.#loading.delete(key);
        if (generation === this.#generation) this.#store(key, value);
        return value;
      },
      (error: unknown) => {
        if (this.#loading.get(key) === promise) this.#loading.delete(key);
        throw error;
      },
    );
    this.#loading.set(key, promise);
    return promise;
  }

  /** The cached value if present and fresh, without loading. */
  peek(key: K): V | undefined {
    const entry = this.#entries.get(key);
    return entry && entry.expiresAt > Date.now() ? entry.value : undefined;
  }

  clear(): void {
    this.#generation += 1;
    this.#entries.clear();
    this.#loading.clear();
  }

  get size(): number {
    return this.#entries.size;
  }

  #store(key: K, value: V): void {
    // Oldest-first eviction keeps memory bounded against floods of distinct keys (e.g. random tokens).
    if (this.#entries.size >= this.maxEntries) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, { value, expiresAt: Date.now() + this.ttlMs });
  }
}
