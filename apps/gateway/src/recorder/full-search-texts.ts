// Sessions whose searchText has reached its cap, as the batch writer last saw them. Text for them
// is left out of later batches: the database would cut all of it off (a capped searchText never
// grows again), after scanning the whole column for each piece. A Postgres session records every
// statement's text, so without this every batch would send thousands of characters to be thrown
// away. Bounded; a forgotten session costs only that wasted work again.
export class FullSearchTexts {
  readonly #ids = new Set<string>();

  constructor(private readonly max = 10_000) {}

  has(sessionId: string): boolean {
    return this.#ids.has(sessionId);
  }

  add(sessionId: string): void {
    if (this.#ids.has(sessionId)) return;
    // A Set iterates in insertion order: the oldest entry goes first.
    if (this.#ids.size >= this.max) this.#ids.delete(this.#ids.values().next().value as string);
    this.#ids.add(sessionId);
  }
}
