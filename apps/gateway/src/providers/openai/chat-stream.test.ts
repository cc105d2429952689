import { describe, expect, it } from "vitest";
import { EMAIL_RULE, SHELL_RULE, events, everySplit, runStream } from "../stream-harness.test-helper";
import { openAIAdapter } from "./openai-adapter";

const base = { id: "c1", object: "chat.completion.chunk", created: 1, model: "m" };
const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
  `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;

function textOf(sse: string): string {
  return events(sse)
    .map((e) => (e.data as { choices?: { delta?: { content?: string } }[] }).choices?.[0]?.delta?.content ?? "")
    .join("");
}

function toolCallsOf(sse: string): { name: string; arguments: string }[] {
  const calls: { name: string; arguments: string }[] = [];
  for (const e of events(sse)) {
    for (const tc of (e.data as { choices?: { delta?: { tool_calls?: { index: number; function?: { name?: string; arguments?: string } }[] } }[] }).choices?.[0]?.delta?.tool_calls ?? []) {
      calls[tc.index] ??= { name: "", arguments: "" };
      calls[tc.index]!.name += tc.function?.name ?? "";
      calls[tc.index]!.arguments += tc.function?.arguments ?? "";
    }
  }
  return calls;
}

describe("chat completion stream transformer", () => {
  const body =
    chunk({ role: "assistant", content: "" }) +
    chunk({ content: "mail jane.d" }) +
    chunk({ content: "oe@example.com" }) +
    chunk({ content: " today" }) +
    chunk({}, "stop") +
    "data: [DONE]\n\n";

  it("masks an address split across chunks, for every split of the upstream bytes", () => {
    for (const pieces of everySplit(body)) {
      const { out } = runStream(openAIAdapter, "v1/chat/completions", pieces, { masking: [EMAIL_RULE] });
      expect(textOf(out)).toBe("mail [EMAIL] today");
      expect(out.endsWith("data: [DONE]\n\n")).toBe(true);
    }
  });

  it("passes text through unchanged without rules", () => {
    const { out } = runStream(openAIAdapter, "v1/chat/completions", [body]);
    expect(textOf(out)).toBe("mail jane.doe@example.com today");
  });

  const toolBody =
    chunk({ role: "assistant", content: null }) +
    chunk({ tool_calls: [{ index: 0, id: "call_a", type: "function", function: { name: "get_weather", arguments: "" } }] }) +
    chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }) +
    chunk({ tool_calls: [{ index: 0, function: { arguments: '"Rome"}' } }] }) +
    chunk({ tool_calls: [{ index: 1, id: "call_b", type: "function", function: { name: "run", arguments: "" } }] }) +
    chunk({ tool_calls: [{ index: 1, function: { arguments: '{"cmd":"rm -' } }] }) +
    chunk({ tool_calls: [{ index: 1, function: { arguments: 'rf /"}' } }] }) +
    chunk({}, "tool_calls") +
    "data: [DONE]\n\n";

  it("holds tool-call deltas and releases each allowed call whole", () => {
    const { out, filter } = runStream(openAIAdapter, "v1/chat/completions", [toolBody]);
    expect(filter.blocked).toBeUndefined();
    expect(toolCallsOf(out)).toEqual([
      { name: "get_weather", arguments: '{"city":"Rome"}' },
      { name: "run", arguments: '{"cmd":"rm -rf /"}' },
    ]);
  });

  it("stops before a blocked call, for every split, and never leaks its arguments", () => {
    for (const pieces of everySplit(toolBody)) {
      const { out, filter } = runStream(openAIAdapter, "v1/chat/completions", pieces, { guardrails: [SHELL_RULE] });
      expect(filter.blocked?.ruleName).toBe("No shell");
      expect(toolCallsOf(out)).toEqual([{ name: "get_weather", arguments: '{"city":"Rome"}' }]);
      expect(out).not.toContain("rm -");
      expect(out).not.toContain("[DONE]");
    }
  });

  it("keeps usage-only chunks and records usage", () => {
    const usage = `data: ${JSON.stringify({ ...base, choices: [], usage: { prompt_tokens: 3, completion_tokens: 2 } })}\n\n`;
    const { out, filter } = runStream(openAIAdapter, "v1/chat/completions", [body.replace("data: [DONE]\n\n", usage + "data: [DONE]\n\n")]);
    expect(out).toContain('"prompt_tokens":3');
    expect(filter.usage).toEqual({ inputTokens: 3, outputTokens: 2 });
  });
});
