import { describe, expect, it } from "vitest";
import { RuleCompileError } from "../errors";
import { compileApprovalPolicies } from "./compileApprovalPolicies";
import type { ApprovalContext, ApprovalPolicySpec } from "./types";

const ctx = (over: Partial<ApprovalContext> = {}): ApprovalContext => ({
  connectionId: "openai-prod",
  identity: "svc-billing",
  model: "gpt-4o",
  texts: ["hello"],
  ...over,
});

const policy = (over: Partial<ApprovalPolicySpec>): ApprovalPolicySpec => ({ id: "p", name: "Policy", enabled: true, ...over });

describe("approval policies", () => {
  it("matches anything on an axis left empty", () => {
    const policies = compileApprovalPolicies([policy({})]);
    expect(policies.match(ctx())).toEqual({ policy: policy({}), highlights: [] });
  });

  it("requires every given axis to match", () => {
    const spec = policy({ connectionIds: ["openai-prod"], identities: ["svc-*"], models: ["gpt-4*"] });
    const policies = compileApprovalPolicies([spec]);
    expect(policies.match(ctx())?.policy).toBe(spec);
    expect(policies.match(ctx({ connectionId: "openai-dev" }))).toBeNull();
    expect(policies.match(ctx({ identity: "alice" }))).toBeNull();
    expect(policies.match(ctx({ model: "claude-3-opus" }))).toBeNull();
    expect(policies.match(ctx({ model: undefined }))).toBeNull();
  });

  it("highlights what the built-in detectors found in the texts", () => {
    const policies = compileApprovalPolicies([policy({ detectors: ["payment_card", "email"] })]);
    const texts = ["no data here", "charge 4111 1111 1111 1111 and mail a@example.com"];
    expect(policies.match(ctx({ texts }))?.highlights).toEqual([
      { start: 7, end: 26, textIndex: 1 },
      { start: 36, end: 49, textIndex: 1 },
    ]);
    expect(policies.match(ctx({ texts: ["nothing sensitive"] }))).toBeNull();
  });

  it("highlights pattern matches", () => {
    const policies = compileApprovalPolicies([policy({ pattern: "wire \\$?\\d+", flags: "i" })]);
    expect(policies.match(ctx({ texts: ["Please WIRE $5000 today"] }))?.highlights).toEqual([{ start: 7, end: 17, textIndex: 0 }]);
  });

  it("matches tool names by glob and SQL by statement class", () => {
    const tools = compileApprovalPolicies([policy({ toolNames: ["send_*"] })]);
    expect(tools.match(ctx({ toolNames: ["lookup", "send_email"] }))).not.toBeNull();
    expect(tools.match(ctx({ toolNames: ["lookup"] }))).toBeNull();

    const sql = compileApprovalPolicies([policy({ sqlClasses: ["delete", "update"] })]);
    const query = "SELECT 1; DELETE FROM orders WHERE id = 4";
    expect(sql.match(ctx({ sql: query }))?.highlights).toEqual([{ start: 10, end: 41, textIndex: -1 }]);
    expect(sql.match(ctx({ sql: "SELECT 1" }))).toBeNull();
  });

  it("returns the first enabled policy that matches", () => {
    const policies = compileApprovalPolicies([
      policy({ id: "disabled", enabled: false }),
      policy({ id: "narrow", identities: ["alice"] }),
      policy({ id: "broad" }),
    ]);
    expect(policies.match(ctx())?.policy.id).toBe("broad");
    expect(policies.match(ctx({ identity: "alice" }))?.policy.id).toBe("narrow");
  });

  it("holds the request when evaluating a policy throws", () => {
    const policies = compileApprovalPolicies([policy({ id: "content", pattern: "x" })]);
    const broken = ctx();
    Object.defineProperty(broken, "texts", {
      get() {
        throw new Error("boom");
      },
    });
    expect(policies.match(broken)?.policy.id).toBe("content");
  });

  it("refuses invalid policies", () => {
    expect(() => compileApprovalPolicies([policy({ pattern: "(a|a)*b" })])).toThrow(RuleCompileError);
    expect(() => compileApprovalPolicies([policy({ detectors: ["passport" as never] })])).toThrow(/unknown detector/);
  });
});
