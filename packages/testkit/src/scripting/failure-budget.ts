/**
 * `[[fail:503 times:2]]` fails the first two identical requests and lets the third through, so a
 * test can watch a client's retries. Counting is per upstream and per message text.
 */
export class FailureBudget {
  readonly #seen = new Map<string, number>();

  /** Records one attempt and tells whether it should fail. */
  shouldFail(key: string, fail: { times?: number } | undefined): boolean {
    if (!fail) return false;
    if (fail.times === undefined) return true;
    const attempts = (this.#seen.get(key) ?? 0) + 1;
    this.#seen.set(key, attempts);
    return attempts <= fail.times;
  }
}
