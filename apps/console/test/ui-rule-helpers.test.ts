// The rule editors' list inputs and the one-line summaries in the saved-rule lists.
import { describe, expect, it } from "vitest";
import type { ApprovalPolicy } from "@/hooks/use-approval-policies";
import type { GuardrailRule } from "@/hooks/use-guardrail-rules";
import type { MaskingRule } from "@/hooks/use-masking-rules";
import { parseList } from "@/components/rules/list-text";
import { guardrailSummary, maskingSummary, policySummary } from "@/components/rules/rule-summaries";

const names: Record<string, string> = { c1: "openai-prod", c2: "billing-db" };
const connectionName = (id: string | null) => (id ? (names[id] ?? id) : "every connection");
const stamps = { createdAt: "2024-05-01T00:00:00.000Z", updatedAt: "2024-05-01T00:00:00.000Z" };

describe("parseList", () => {
  it("splits on commas and trims each entry", () => {
    expect(parseList("send_email,  issue_refund ,exec")).toEqual(["send_email", "issue_refund", "exec"]);
  });

  it("keeps a trailing blank so a separator being typed does not vanish", () => {
    expect(parseList("send_email, ")).toEqual(["send_email", ""]);
    expect(parseList("send_email, ").join(", ")).toBe("send_email, ");
  });

  it("drops blanks in the middle", () => {
    expect(parseList("a,, ,b")).toEqual(["a", "b"]);
  });

  it("gives one blank entry for an empty field (the field stays editable)", () => {
    expect(parseList("")).toEqual([""]);
  });
});

describe("rule summaries", () => {
  it("describe a masking rule by detector, style, directions and where it applies", () => {
    const rule: MaskingRule = {
      id: "m1", name: "E-mails", connectionId: null, detector: "email", pattern: null, flags: null, label: null,
      directions: ["request", "response"], style: "label", columns: [], enabled: true, priority: 100, ...stamps,
    };
    expect(maskingSummary(rule, connectionName)).toBe("email → label · request + response · every connection");
    expect(maskingSummary({ ...rule, detector: "regex", pattern: "ORD-\\d{6}", flags: "i", connectionId: "c1" }, connectionName)).toBe(
      "/ORD-\\d{6}/i → label · request + response · openai-prod",
    );
  });

  it("describe a guardrail rule by what it checks, leaving out what is unset", () => {
    const rule: GuardrailRule = {
      id: "g1", name: "No shell", connectionId: "c2", kind: "tool_call", directions: ["response"], builtin: "shell",
      toolNames: ["run_shell", "exec"], pattern: null, flags: null, models: [], sqlClasses: [], enabled: true, ...stamps,
    };
    expect(guardrailSummary(rule, connectionName)).toBe("tool_call · shell · run_shell, exec · billing-db");
  });

  it("describe an approval policy with its connections, matchers, approvers and wait", () => {
    const policy: ApprovalPolicy = {
      id: "p1", name: "Payments", enabled: true, connectionIds: ["c1", "gone"], identities: [], models: [], detectors: ["payment_card"],
      pattern: "wire|iban", flags: null, toolNames: [], sqlClasses: [], approverRoles: ["admin", "reviewer"], approverUserIds: [],
      expiresInSeconds: 600, approvalsRequired: 1, ...stamps,
    };
    expect(policySummary(policy, connectionName)).toBe("openai-prod, gone · /wire|iban/ · payment_card · approvers: admin, reviewer · waits 600s");
    expect(policySummary({ ...policy, connectionIds: [], pattern: null, detectors: [] }, connectionName)).toBe("all connections · approvers: admin, reviewer · waits 600s");
  });
});
