// Runs an upstream SSE body through a provider's stream transformer the way the SSE relay does
// (eventsource-parser, one feed per network chunk), for unit tests.
import { compileGuardrails, compileMasker, type GuardrailRuleSpec, type MaskingRuleSpec } from "@airlock/policy";
import { createParser } from "eventsource-parser";
import { ResponseFilter } from "./response-filter";
import type { ProviderAdapter } from "./types";

export const EMAIL_RULE: MaskingRuleSpec = { id: "r-email", name: "email", enabled: true, detector: "email", directions: ["response"], style: "label" };
export const SHELL_RULE: GuardrailRuleSpec = { id: "g-shell", name: "No shell", enabled: true, kind: "tool_call", directions: ["response"], builtin: "shell" };

export function runStream(adapter: ProviderAdapter, path: string, pieces: string[], rules: { masking?: MaskingRuleSpec[]; guardrails?: GuardrailRuleSpec[] } = {}) {
  const filter = new ResponseFilter({
    masker: compileMasker(rules.masking ?? [], { hashKey: "k".repeat(32), direction: "response" }),
    guardrails: compileGuardrails(rules.guardrails ?? []),
  });
  const transformer = adapter.createStreamTransformer(path, filter);
  let out = "";
  const parser = createParser({ onEvent: (e) => (out += filter.blocked ? "" : transformer.onEvent(e)) });
  for (const piece of pieces) {
    parser.feed(piece);
    if (filter.blocked) break;
  }
  if (!filter.blocked) out += transformer.end();
  filter.endStream();
  return { out, filter };
}

/** Every way of cutting `text` in two, plus the whole. */
export function everySplit(text: string): string[][] {
  const splits: string[][] = [[text]];
  for (let i = 1; i < text.length; i++) splits.push([text.slice(0, i), text.slice(i)]);
  return splits;
}

/** Data payloads of the SSE events in `sse`, parsed as JSON where possible. */
export function events(sse: string): { event?: string; data: unknown }[] {
  const list: { event?: string; data: unknown }[] = [];
  createParser({
    onEvent: (e) => {
      let data: unknown = e.data;
      try {
        data = JSON.parse(e.data);
      } catch {
        // keep raw
      }
      list.push({ ...(e.event ? { event: e.event } : {}), data });
    },
  }).feed(sse);
  return list;
}
