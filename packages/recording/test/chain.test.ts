import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalEncode, computeEncodedEventHash, computeEventHash, GENESIS_HASH } from "../src/index";

/** The event hash exactly as chain.ts specifies it, from the general-purpose encoder. */
function specHash(prevHash: string, e: { sessionId: string; seq: number; exchangeId: string | null; at: string; offsetMs: number; type: string; payload: unknown }): string {
  const covered = { sessionId: e.sessionId, seq: e.seq, exchangeId: e.exchangeId, at: e.at, offsetMs: e.offsetMs, type: e.type, payload: e.payload, prevHash };
  return createHash("sha256").update(`airlock.event.v1\n${canonicalEncode(covered)}`, "utf8").digest("hex");
}

const text = fc.string({ unit: "binary", maxLength: 16 });
const event = fc.record({
  sessionId: text,
  seq: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  exchangeId: fc.option(text, { nil: null }),
  at: fc.date({ min: new Date(0), max: new Date("2200-01-01T00:00:00.000Z"), noInvalidDate: true }).map((d) => d.toISOString()),
  offsetMs: fc.integer({ min: -(2 ** 31), max: 2 ** 31 }),
  type: text,
  payload: fc.jsonValue(),
});

describe("event hashes", () => {
  it("the writer's shortcut (payload already encoded) hashes exactly what the scheme specifies", () => {
    fc.assert(
      fc.property(fc.oneof(fc.constant(GENESIS_HASH), fc.stringMatching(/^[0-9a-f]{64}$/)), event, (prevHash, e) => {
        const expected = specHash(prevHash, e);
        expect(computeEncodedEventHash(prevHash, e, canonicalEncode(e.payload))).toBe(expected);
        expect(computeEventHash(prevHash, e)).toBe(expected);
      }),
      { numRuns: 1_000 },
    );
  });

  it("hashes a stored row the same whether its time comes back as a Date or as text", () => {
    const row = { sessionId: "s", seq: 1, exchangeId: null, at: "2026-01-02T03:04:05.006Z", offsetMs: 5, type: "sql.statement", payload: { text: "SELECT 1" } };
    expect(computeEventHash(GENESIS_HASH, { ...row, at: new Date(row.at) })).toBe(computeEventHash(GENESIS_HASH, row));
    expect(computeEventHash(GENESIS_HASH, row)).toBe(specHash(GENESIS_HASH, row));
  });
});
