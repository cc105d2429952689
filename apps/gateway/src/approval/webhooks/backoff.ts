/**
 * Delay before retry number `attempt` (1 = first retry): exponential from `baseMs`, capped, with
 * "equal jitter" (half fixed, half random) so replicas retrying a flapping endpoint spread out
 * while each wait still grows.
 */
export function retryDelayMs(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + (random() * exponential) / 2);
}
