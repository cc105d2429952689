import { compileGuardrails, type GuardrailRuleSpec } from "@airlock/policy";
import { describe, expect, it } from "vitest";
import { mayGuard, withDirections } from "./guard";

const shell = (directions: GuardrailRuleSpec["directions"], enabled = true): GuardrailRuleSpec => ({
  id: "r1",
  name: "No shell",
  enabled,
  kind: "tool_call",
  directions,
  builtin: "shell",
});

describe("mayGuard", () => {
  it("says a direction no enabled rule covers cannot be blocked", () => {
    const specs = [shell(["request"]), shell(["response"], false)];
    const guardrails = withDirections(compileGuardrails(specs), specs);
    expect(mayGuard(guardrails, "request")).toBe(true);
    expect(mayGuard(guardrails, "response")).toBe(false);
  });

  it("assumes guardrails of unknown origin may block either direction", () => {
    const guardrails = compileGuardrails([]);
    expect(mayGuard(guardrails, "response")).toBe(true);
  });
});
