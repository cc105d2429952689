import { describe, expect, it } from "vitest";
import { ReviewText } from "../../approval/review-text";
import type { ApprovalSubject } from "../../approval/types";
import { ClientGone } from "../client-gone";
import type { ExchangeContext } from "../context";
import { awaitApproval } from "./await-approval";
import type { InspectedRequest } from "./inspect-request";

/** An exchange as far as the approval stage reads it, with a gate that records what it is asked. */
function exchange(body: string, asked: ApprovalSubject[]): ExchangeContext {
  return {
    req: { method: "POST", headers: { "x-airlock-justification": "nightly report" } },
    route: { connectionName: "openai", rest: "v1/chat/completions", search: "?x=1" },
    body: Buffer.from(body),
    adapter: { kind: "openai" },
    clientGone: new ClientGone(),
    connection: { id: "conn-1", name: "openai" },
    identity: { kind: "service-account", id: "sa-1", label: "agent" },
    view: { model: "gpt-4o", texts: ["hello"], toolCalls: [{ name: "search", arguments: "{}" }] },
    review: new ReviewText(undefined, undefined, "nightly report"),
    metrics: { approvals: { inc() {} } },
    services: {
      approvals: {
        check: async (subject: ApprovalSubject) => {
          asked.push(subject);
          return { outcome: "not_required" };
        },
      },
    },
  } as unknown as ExchangeContext;
}

const inspected: InspectedRequest = {
  verdict: { action: "allow" } as InspectedRequest["verdict"],
  maskedPath: "/v1/chat/completions",
  maskedView: undefined,
};

describe("awaitApproval", () => {
  it("passes nothing on when no policy asks for approval", async () => {
    expect(await awaitApproval(exchange("{}", []), inspected)).toBeNull();
  });

  it("asks the gate with the request's facts, and computes the costly parts only when read", async () => {
    const asked: ApprovalSubject[] = [];
    const ctx = exchange('{"model":"gpt-4o"}', asked);
    await awaitApproval(ctx, inspected);
    const subject = asked[0]!;
    expect(subject).toMatchObject({ connectionId: "conn-1", connectionName: "openai", kind: "llm", model: "gpt-4o", texts: ["hello"], toolNames: ["search"] });
    expect(subject.maskedContent).toEqual({ method: "POST", path: "/v1/chat/completions", model: null, messages: [], tools: [] });
    expect(subject.fingerprintMaterial).toBe('POST v1/chat/completions?x=1\n{"model":"gpt-4o"}');
    expect(subject.justification).toBe("nightly report");
    expect(subject.signal.aborted).toBe(false);
    ctx.clientGone.abort();
    expect(subject.signal.aborted).toBe(true);
  });

  // Getters written into an object literal give every request's subject a hidden class of its own,
  // which V8 keeps in the old generation; it then held each exchange's objects through young
  // collections (measured: ~1.5 MB promoted per scavenge at 500 req/s, 4 ms pauses). Subjects must
  // carry their lazy parts on a shared prototype.
  it("builds every subject with the same shape and no accessors of its own", async () => {
    const asked: ApprovalSubject[] = [];
    await awaitApproval(exchange("{}", asked), inspected);
    await awaitApproval(exchange('{"a":1}', asked), inspected);
    const [first, second] = asked as [ApprovalSubject, ApprovalSubject];
    for (const subject of asked) {
      const accessors = Object.entries(Object.getOwnPropertyDescriptors(subject)).filter(([, d]) => d.get || d.set);
      expect(accessors.map(([name]) => name)).toEqual([]);
    }
    expect(Object.getPrototypeOf(first)).toBe(Object.getPrototypeOf(second));
    expect(Object.keys(first)).toEqual(Object.keys(second));
  });
});
