// Defence in depth: an upstream that echoes the credential Airlock injected (an echo endpoint, an
// error message quoting the key) must not hand it to the client, who was never meant to know it.
// Works on bytes so it applies to any uncompressed body, with a holdback of at most
// `secret.length - 1` bytes, and only when the tail could still be the start of the secret.

const REPLACEMENT_TEXT = "[REDACTED]";
const REPLACEMENT = Buffer.from(REPLACEMENT_TEXT);
/** Shorter values would match ordinary text; real credentials are far longer. */
const MIN_SECRET_LENGTH = 8;

export class SecretScrubber {
  readonly #secret: string;
  readonly #needle: Buffer;
  #held: Buffer = Buffer.alloc(0);

  private constructor(secret: string) {
    this.#secret = secret;
    this.#needle = Buffer.from(secret, "utf8");
  }

  static for(secret: string | null | undefined): SecretScrubber | undefined {
    return secret && secret.length >= MIN_SECRET_LENGTH ? new SecretScrubber(secret) : undefined;
  }

  scrubText(text: string): string {
    const secret = this.#secret;
    return text.includes(secret) ? text.split(secret).join(REPLACEMENT_TEXT) : text;
  }

  /** Whether `data` holds the secret anywhere (before scrubbing). */
  occursIn(data: Buffer): boolean {
    return data.includes(this.#needle);
  }

  /** Bytes that are safe to send now. */
  push(chunk: Buffer | string): Buffer {
    const input = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
    const data = this.#held.length ? Buffer.concat([this.#held, input]) : input;
    const replaced = this.#replaceAll(data);
    const keep = this.#partialSuffix(replaced);
    this.#held = keep ? Buffer.from(replaced.subarray(replaced.length - keep)) : Buffer.alloc(0);
    return keep ? replaced.subarray(0, replaced.length - keep) : replaced;
  }

  flush(): Buffer {
    const rest = this.#held;
    this.#held = Buffer.alloc(0);
    return rest;
  }

  #replaceAll(data: Buffer): Buffer {
    let at = data.indexOf(this.#needle);
    if (at === -1) return data;
    const parts: Buffer[] = [];
    let from = 0;
    while (at !== -1) {
      parts.push(data.subarray(from, at), REPLACEMENT);
      from = at + this.#needle.length;
      at = data.indexOf(this.#needle, from);
    }
    parts.push(data.subarray(from));
    return Buffer.concat(parts);
  }

  /** Length of the longest tail of `data` that is a proper prefix of the secret. */
  #partialSuffix(data: Buffer): number {
    const needle = this.#needle;
    const first = needle[0];
    // Compared in place: views (subarray) per candidate length were this relay's main allocation.
    for (let len = Math.min(needle.length - 1, data.length); len > 0; len--) {
      const start = data.length - len;
      if (data[start] === first && data.compare(needle, 0, len, start, data.length) === 0) return len;
    }
    return 0;
  }
}
