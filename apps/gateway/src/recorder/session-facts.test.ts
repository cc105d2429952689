import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { factsOfEvent, factsOfStatements } from "./session-facts";

/** A full garbage collection, without starting the test process with --expose-gc. */
function collectGarbage(): void {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
}

/** A reply text as the data path has it: parsed from a body, so a string of its own. */
function replyText(kb: number, seed: number): string {
  return JSON.parse(JSON.stringify(`${seed} `.padEnd(kb * 1024, "revenue grew in every region "))) as string;
}

describe("factsOfEvent", () => {
  it("takes the first 1,000 characters of a reply for the session's search text", () => {
    const text = replyText(16, 1);
    expect(factsOfEvent("exchange.end", { text })?.text).toBe(text.slice(0, 1000));
    expect(factsOfEvent("exchange.end", { text: "short reply" })?.text).toBe("short reply");
  });

  it("mends a surrogate pair the 1,000-character cut splits, as before", () => {
    const text = `${"a".repeat(999)}😀 and more`;
    const facts = factsOfEvent("exchange.end", { text });
    expect(facts?.text).toHaveLength(1000);
    expect(facts?.text?.startsWith("a".repeat(999))).toBe(true);
    expect(facts?.text?.charCodeAt(999)).not.toBe(text.charCodeAt(999));
  });

  it("does not keep the whole reply alive while the event waits to be written", () => {
    // A queued record holds its facts until its batch is in PostgreSQL. A prefix that is a view of
    // the reply would hold all 64 KB of each reply: ~13 MB for these 200.
    collectGarbage();
    const before = process.memoryUsage().heapUsed;
    const held = Array.from({ length: 200 }, (_, i) => factsOfEvent("exchange.end", { text: replyText(64, i) }));
    collectGarbage();
    const retained = process.memoryUsage().heapUsed - before;
    expect(held.every((facts) => facts?.text?.length === 1000)).toBe(true);
    expect(retained).toBeLessThan(4 * 1024 * 1024);
  });
});

describe("factsOfStatements", () => {
  it("does not keep long statements alive through the search text cut from them", () => {
    collectGarbage();
    const before = process.memoryUsage().heapUsed;
    const held = Array.from({ length: 200 }, (_, i) => factsOfStatements([`INSERT INTO t VALUES ${replyText(64, i)}`], false));
    collectGarbage();
    const retained = process.memoryUsage().heapUsed - before;
    expect(held.every((facts) => facts?.text?.startsWith("INSERT INTO t VALUES") && facts.text.length === 1000)).toBe(true);
    expect(retained).toBeLessThan(4 * 1024 * 1024);
  });
});
