// The gateway's node flags (src/node-flags.ts) are spelled out in the package's start script too:
// `pnpm --filter @airlock/gateway start` must run the gateway as every other launcher does.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { GATEWAY_NODE_FLAGS, missingNodeFlags } from "../src/node-flags";

describe("the gateway's node flags", () => {
  it("are all on the package's start command, before the script", () => {
    const start = (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { scripts: { start: string } }).scripts.start;
    expect(start).toBe(`node ${GATEWAY_NODE_FLAGS.join(" ")} dist/main.js`);
  });

  it("are reported missing only when absent", () => {
    expect(GATEWAY_NODE_FLAGS.length).toBeGreaterThan(0);
    expect(missingNodeFlags([])).toEqual([...GATEWAY_NODE_FLAGS]);
    expect(missingNodeFlags(["--enable-source-maps", ...GATEWAY_NODE_FLAGS])).toEqual([]);
  });
});
