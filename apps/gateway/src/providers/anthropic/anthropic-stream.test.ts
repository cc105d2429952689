import { describe, expect, it } from "vitest";
import { EMAIL_RULE, SHELL_RULE, events, everySplit, runStream } from "../stream-harness.test-helper";
import { anthropicAdapter } from "./anthropic-adapter";

const ev = (name: string, data: Record<string, unknown>) => `event: ${name}\ndata: ${JSON.stringify({ type: name, ...data })}\n\n`;

const textBody =
  ev("message_start", { message: { id: "m", type: "message", role: "assistant", content: [], model: "c", usage: { input_tokens: 5, output_tokens: 0 } } }) +
  ev("content_block_start", { index: 0, content_block: { type: "text", text: "" } }) +
  ev("content_block_delta", { index: 0, delta: { type: "text_delta", text: "write bob@exa" } }) +
  ev("content_block_delta", { index: 0, delta: { type: "text_delta", text: "mple.org now" } }) +
  ev("content_block_stop", { index: 0 }) +
  ev("message_delta", { delta: { stop_reason: "end_turn" }, usage: { output_tokens: 7 } }) +
  ev("message_stop", {});

function textOf(sse: string): string {
  return events(sse)
    .map((e) => (e.data as { delta?: { text?: string } }).delta?.text ?? "")
    .join("");
}

describe("anthropic stream transformer", () => {
  it("masks split text for every split and keeps the event order", () => {
    for (const pieces of everySplit(textBody)) {
      const { out, filter } = runStream(anthropicAdapter, "v1/messages", pieces, { masking: [EMAIL_RULE] });
      expect(textOf(out)).toBe("write [EMAIL] now");
      const names = events(out).map((e) => e.event);
      expect(names.indexOf("content_block_stop")).toBeGreaterThan(names.lastIndexOf("content_block_delta"));
      expect(filter.usage).toEqual({ inputTokens: 5, outputTokens: 7 });
    }
  });

  const toolBody =
    ev("message_start", { message: { id: "m", type: "message", role: "assistant", content: [], model: "c", usage: { input_tokens: 5, output_tokens: 0 } } }) +
    ev("content_block_start", { index: 0, content_block: { type: "tool_use", id: "tu1", name: "files", input: {} } }) +
    ev("content_block_delta", { index: 0, delta: { type: "input_json_delta", partial_json: '{"cmd":"rm ' } }) +
    ev("content_block_delta", { index: 0, delta: { type: "input_json_delta", partial_json: '-rf /"}' } }) +
    ev("content_block_stop", { index: 0 }) +
    ev("message_stop", {});

  it("releases an allowed tool_use block whole", () => {
    const { out } = runStream(anthropicAdapter, "v1/messages", [toolBody]);
    const partial = events(out)
      .map((e) => (e.data as { delta?: { partial_json?: string } }).delta?.partial_json ?? "")
      .join("");
    expect(partial).toBe('{"cmd":"rm -rf /"}');
  });

  it("never emits a blocked tool_use block, for every split", () => {
    for (const pieces of everySplit(toolBody)) {
      const { out, filter } = runStream(anthropicAdapter, "v1/messages", pieces, { guardrails: [SHELL_RULE] });
      expect(filter.blocked).toBeDefined();
      expect(out).not.toContain("content_block_start");
      expect(out).not.toContain("rm ");
    }
  });
});
