import { describe, expect, it } from "vitest";
import { ReviewText } from "../approval/review-text";
import { FindingTally } from "../providers/findings";
import type { RecordedEventInput } from "../recorder/types";
import type { ExchangeContext } from "./context";
import { endPayload, recordDecision, recordRequest, recordResponse } from "./record";

const allow = { action: "allow" } as Parameters<typeof recordDecision>[1];

/** An exchange as far as record.ts reads it, with a chain that keeps what is appended. */
function exchange(): { ctx: ExchangeContext; appended: RecordedEventInput[] } {
  const appended: RecordedEventInput[] = [];
  const ctx = {
    req: { method: "POST", headers: { "content-type": "application/json" } },
    body: Buffer.from("{}"),
    adapter: { kind: "openai" },
    connection: { id: "conn-1", name: "openai" },
    view: { model: "gpt-4o", stream: false, messages: [{ role: "user", content: "hi" }], tools: [] },
    review: new ReviewText(undefined, undefined, undefined),
    requestFindings: new FindingTally(),
    startedAt: performance.now(),
    ttftMs: null,
    chain: {
      sessionId: "s-1",
      chainId: "c-1",
      sessionCreated: false,
      sessionStartedAtMs: Date.now(),
      append: (event: RecordedEventInput) => appended.push(event),
      close() {},
    },
  } as unknown as ExchangeContext;
  return { ctx, appended };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe("recording an exchange's request", () => {
  it("encodes the decided request on the next turn of the event loop, not before the call goes upstream", async () => {
    const { ctx, appended } = exchange();
    recordRequest(ctx, "/v1/chat/completions", ctx.view, undefined);
    recordDecision(ctx, allow, null);
    expect(appended).toEqual([]);
    await nextTurn();
    expect(appended.map((e) => e.type)).toEqual(["exchange.request"]);
    expect(appended[0]!.payload).toMatchObject({ model: "gpt-4o", decision: { guardrail: { verdict: "allow" }, approval: null } });
  });

  it("still writes the request before the response and the end when the reply comes back first", async () => {
    const { ctx, appended } = exchange();
    ctx.requestFindings.add([{ detector: "email" }]);
    recordRequest(ctx, "/v1/chat/completions", ctx.view, undefined);
    recordDecision(ctx, allow, null);
    recordResponse(ctx, 200, { "content-type": "application/json" }, false);
    const end = endPayload(ctx);
    expect(appended.map((e) => e.type)).toEqual(["exchange.request"]);
    expect(appended[0]!.payload).toMatchObject({ decision: { masking: { findings: [{ detector: "email", count: 1 }] } } });
    expect(end.response).toMatchObject({ status: 200 });
    await nextTurn();
    // Written once: the deferred write finds nothing left to do.
    expect(appended).toHaveLength(1);
  });

  it("writes a held request with its own mask.applied when the exchange ends before a decision", () => {
    const { ctx, appended } = exchange();
    ctx.requestFindings.add([{ detector: "email" }]);
    recordRequest(ctx, "/v1/chat/completions", ctx.view, undefined);
    endPayload(ctx);
    expect(appended.map((e) => e.type)).toEqual(["exchange.request", "mask.applied"]);
  });

  it("writes an earlier error response as an event of its own after the request", async () => {
    const { ctx, appended } = exchange();
    recordRequest(ctx, "/v1/chat/completions", ctx.view, undefined);
    recordDecision(ctx, allow, null);
    recordResponse(ctx, 200, {}, false);
    recordResponse(ctx, 502, {}, false);
    expect(appended.map((e) => [e.type, (e.payload as { status?: number }).status])).toEqual([
      ["exchange.request", undefined],
      ["exchange.response", 200],
    ]);
    expect(endPayload(ctx).response).toMatchObject({ status: 502 });
  });
});
