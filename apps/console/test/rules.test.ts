// Masking and guardrail rules: regexes are vetted with the gateway's own policy code (400 with the
// reason), and the preview shows exactly what that code masks or blocks.
import { BUILTIN_DETECTORS, SQL_CLASSES as POLICY_SQL_CLASSES } from "@airlock/policy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DETECTOR_IDS, SQL_CLASSES } from "@/lib/api/schemas/rules";
import { call, createUser, startHarness, type Harness, type TestUser } from "./support/harness";

let h: Harness;
let admin: TestUser;
let reviewer: TestUser;

beforeAll(async () => {
  h = await startHarness();
  admin = await createUser(h.db, "admin");
  reviewer = await createUser(h.db, "reviewer");
});
afterAll(() => h?.close());

describe("the API's vocabulary", () => {
  it("matches the policy package's detectors and SQL classes", () => {
    expect([...DETECTOR_IDS].sort()).toEqual([...BUILTIN_DETECTORS].sort());
    expect([...SQL_CLASSES].sort()).toEqual([...POLICY_SQL_CLASSES].sort());
  });
});

describe("masking rules", () => {
  it("refuse a regex at risk of catastrophic backtracking, with the reason", async () => {
    const res = await call("POST", "/masking-rules", { token: admin.token, body: { name: "bad", detector: "regex", pattern: "(a+)+$" } });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/masking rule/);
    const syntax = await call("POST", "/masking-rules", { token: admin.token, body: { name: "bad2", detector: "regex", pattern: "([a-z" } });
    expect(syntax.status).toBe(400);
    const missing = await call("POST", "/masking-rules", { token: admin.token, body: { name: "bad3", detector: "regex" } });
    expect(missing.status).toBe(400);
  });

  it("save a valid rule, and a PATCH changes only what it names", async () => {
    const res = await call("POST", "/masking-rules", { token: admin.token, body: { name: "order ids", detector: "regex", pattern: "ORD-[0-9]{6}", label: "ORDER", style: "label", directions: ["request"] } });
    expect(res.status).toBe(201);
    const patched = await call("PATCH", `/masking-rules/${res.body.id}`, { token: admin.token, body: { enabled: false } });
    expect(patched.body).toMatchObject({ enabled: false, directions: ["request"], style: "label", pattern: "ORD-[0-9]{6}" });
  });

  it("preview masks the sample the way the gateway would", async () => {
    const email = await call("POST", "/masking-rules/preview", { token: reviewer.token, body: { rule: { detector: "email" }, sample: "write to jane.doe@example.com today" } });
    expect(email.status).toBe(200);
    expect(email.body.text).toBe("write to [EMAIL] today");
    expect(email.body.findings).toEqual([{ detector: "email", start: 9, end: 29 }]);
    const custom = await call("POST", "/masking-rules/preview", { token: reviewer.token, body: { rule: { detector: "regex", pattern: "ORD-[0-9]{6}", label: "ORDER" }, sample: "refund ORD-123456 please" } });
    expect(custom.body.text).toBe("refund [ORDER] please");
    const hashed = await call("POST", "/masking-rules/preview", { token: reviewer.token, body: { rule: { detector: "email", style: "hash" }, sample: "a@example.com and a@example.com" } });
    const [first, second] = hashed.body.text.split(" and ");
    expect(first).toMatch(/^\[EMAIL:[0-9a-f]+\]$/);
    expect(second).toBe(first);
  });
});

describe("guardrail rules", () => {
  it("preview blocks destructive SQL and allows a plain select", async () => {
    const rule = { kind: "sql", builtin: "destructive_sql" };
    const drop = await call("POST", "/guardrail-rules/preview", { token: reviewer.token, body: { rule, sample: { sql: "/* tidy */ DROP TABLE users" } } });
    expect(drop.body.action).toBe("block");
    expect(drop.body.reason).toMatch(/drop/i);
    const select = await call("POST", "/guardrail-rules/preview", { token: reviewer.token, body: { rule, sample: { sql: "SELECT * FROM users WHERE id = 1" } } });
    expect(select.body.action).toBe("allow");
  });

  it("preview blocks a shell tool call", async () => {
    const res = await call("POST", "/guardrail-rules/preview", {
      token: reviewer.token,
      body: { rule: { kind: "tool_call", builtin: "shell" }, sample: { direction: "response", toolCalls: [{ name: "run_command", arguments: JSON.stringify({ cmd: "rm -rf /" }) }] } },
    });
    expect(res.body.action).toBe("block");
  });

  it("refuse rules missing what their kind needs, and unsafe patterns", async () => {
    expect((await call("POST", "/guardrail-rules", { token: admin.token, body: { name: "empty", kind: "model_allowlist" } })).status).toBe(400);
    expect((await call("POST", "/guardrail-rules", { token: admin.token, body: { name: "redos", kind: "prompt", pattern: "(x+x+)+y" } })).status).toBe(400);
    expect((await call("POST", "/guardrail-rules", { token: admin.token, body: { name: "models", kind: "model_allowlist", models: ["gpt-4o*"] } })).status).toBe(201);
  });
});

describe("approval policies", () => {
  it("are vetted and refuse unknown approvers", async () => {
    expect((await call("POST", "/approval-policies", { token: admin.token, body: { name: "redos", pattern: "(a|a)*$" } })).status).toBe(400);
    expect((await call("POST", "/approval-policies", { token: admin.token, body: { name: "ghost", approverUserIds: ["nobody"] } })).status).toBe(400);
    const ok = await call("POST", "/approval-policies", { token: admin.token, body: { name: "card numbers", detectors: ["payment_card"], expiresInSeconds: 120 } });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ approverRoles: ["admin", "reviewer"], approvalsRequired: 1 });
  });
});
