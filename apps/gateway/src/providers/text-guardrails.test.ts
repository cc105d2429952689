// Response text rules in each provider's stream transformer: the text released before a match goes
// out (masked), nothing of the match or of what follows it does, and no event that ends the stream
// normally or repeats the whole text is sent.
import type { GuardrailRuleSpec } from "@airlock/policy";
import { describe, expect, it } from "vitest";
import { anthropicAdapter } from "./anthropic/anthropic-adapter";
import { openAIAdapter } from "./openai/openai-adapter";
import { EMAIL_RULE, events, everySplit, runStream } from "./stream-harness.test-helper";
import type { ProviderAdapter } from "./types";

const TEXT_RULE: GuardrailRuleSpec = { id: "g-codes", name: "No launch codes", enabled: true, kind: "prompt", directions: ["response"], pattern: "launch code \\d{6}" };

const chat = (deltas: string[]) => {
  const base = { id: "c1", object: "chat.completion.chunk", created: 1, model: "m" };
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) => `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  return chunk({ role: "assistant", content: "" }) + deltas.map((content) => chunk({ content })).join("") + chunk({}, "stop") + "data: [DONE]\n\n";
};

const responses = (deltas: string[]) => {
  const ev = (type: string, data: Record<string, unknown>) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
  const at = { item_id: "msg_1", output_index: 0, content_index: 0 };
  const text = deltas.join("");
  return (
    ev("response.created", { response: { id: "r1", status: "in_progress", output: [] } }) +
    deltas.map((delta) => ev("response.output_text.delta", { ...at, delta })).join("") +
    ev("response.output_text.done", { ...at, text }) +
    ev("response.completed", { response: { id: "r1", status: "completed", output: [{ type: "message", content: [{ type: "output_text", text }] }] } })
  );
};

const anthropic = (deltas: string[]) => {
  const ev = (type: string, data: Record<string, unknown>) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
  return (
    ev("message_start", { message: { id: "m", type: "message", role: "assistant", content: [], model: "c", usage: { input_tokens: 5, output_tokens: 0 } } }) +
    ev("content_block_start", { index: 0, content_block: { type: "text", text: "" } }) +
    deltas.map((text) => ev("content_block_delta", { index: 0, delta: { type: "text_delta", text } })).join("") +
    ev("content_block_stop", { index: 0 }) +
    ev("message_delta", { delta: { stop_reason: "end_turn" }, usage: { output_tokens: 7 } }) +
    ev("message_stop", {})
  );
};

/** The streamed text the client receives, whatever the provider. */
function textOf(sse: string): string {
  return events(sse)
    .map(({ data }) => {
      const d = data as { type?: string; delta?: string | { text?: string; content?: string }; choices?: { delta?: { content?: string } }[] };
      if (d.choices) return d.choices[0]?.delta?.content ?? "";
      if (d.type === "response.output_text.delta") return typeof d.delta === "string" ? d.delta : "";
      return typeof d.delta === "object" ? (d.delta.text ?? "") : "";
    })
    .join("");
}

const PROVIDERS: [string, ProviderAdapter, string, (deltas: string[]) => string, RegExp][] = [
  ["chat completions", openAIAdapter, "v1/chat/completions", chat, /\[DONE\]|"finish_reason":"stop"/],
  ["Responses API", openAIAdapter, "v1/responses", responses, /response\.output_text\.done|response\.completed/],
  ["Anthropic messages", anthropicAdapter, "v1/messages", anthropic, /content_block_stop|message_stop|message_delta/],
];

describe.each(PROVIDERS)("%s stream with a response text rule", (_name, adapter, path, body, normalEnd) => {
  const rules = { masking: [EMAIL_RULE], guardrails: [TEXT_RULE] };

  it.each([
    ["spread over three events", ["mail bob@exa", "mple.org, launch co", "de 4829", "13 now"]],
    ["in the event that also releases the text before it", ["mail bob@exa", "mple.org, launch code 482913 now"]],
    ["at the very end, found only when the text ends", ["mail bob@exa", "mple.org, launch code 48", "2913"]],
  ])("sends the masked text before a match %s and nothing after, for every split", (_how, deltas) => {
    for (const pieces of everySplit(body(deltas))) {
      const { out, filter } = runStream(adapter, path, pieces, rules);
      expect(filter.blocked?.ruleName).toBe("No launch codes");
      expect(filter.blockedSubject).toEqual({ kind: "message" });
      expect(textOf(out)).toBe("mail [EMAIL], ");
      expect(out).not.toMatch(/launch|4829|now/);
      expect(out).not.toMatch(normalEnd);
      expect(filter.text).toBe("mail [EMAIL], ");
    }
  });

  it("passes text without a match through, masked, to the normal end", () => {
    for (const pieces of everySplit(body(["mail bob@exa", "mple.org, lunch co", "de 4829 now"]))) {
      const { out, filter } = runStream(adapter, path, pieces, rules);
      expect(filter.blocked).toBeUndefined();
      expect(textOf(out)).toBe("mail [EMAIL], lunch code 4829 now");
      expect(out).toMatch(normalEnd);
    }
  });
});

describe("chat completions stream that ends without a finish reason", () => {
  it("still stops at a match found when the stream ends, without [DONE]", () => {
    const body = chat(["mail bob@exa", "mple.org, launch code 48", "2913"]).replace(/data: [^\n]*"finish_reason":"stop"[^\n]*\n\n/, "");
    expect(body).not.toContain('"stop"');
    for (const pieces of everySplit(body)) {
      const { out, filter } = runStream(openAIAdapter, "v1/chat/completions", pieces, { guardrails: [TEXT_RULE] });
      expect(filter.blocked?.ruleName).toBe("No launch codes");
      expect(textOf(out)).toBe("mail bob@example.org, ");
      expect(out).not.toContain("[DONE]");
    }
  });
});
