// The chains holding SQL statements not yet recorded (see chain.ts), and the one timer that makes
// them record those within `flushMs`, however quiet their connections are afterwards.
import type { Logger } from "pino";
import type { Chain } from "./chain";

export class PendingStatements {
  readonly #chains = new Set<Chain>();
  #timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly flushMs: number,
    private readonly logger: Logger,
  ) {}

  add(chain: Chain): void {
    this.#chains.add(chain);
    if (this.#timer) return;
    this.#timer = setTimeout(() => this.flush(), this.flushMs);
    // Background work must not keep the process alive; shutdown flushes through close().
    this.#timer.unref();
  }

  /** Has every chain record what it holds now. */
  flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const chains = [...this.#chains];
    this.#chains.clear();
    for (const chain of chains) {
      try {
        chain.flushStatements();
      } catch (error) {
        // Cannot happen (the statements were encoded when added); never let it stop the others.
        this.logger.error({ err: error, chainId: chain.chainId }, "recorder: could not record a chain's pending SQL statements");
      }
    }
  }
}
