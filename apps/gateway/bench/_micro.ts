import { classifySql, compileGuardrails, compileMasker } from "@airlock/policy";
const sql = "SELECT abalance FROM pgbench_accounts WHERE aid = 48213;";
const m = compileMasker([{ id: "r", name: "e", enabled: true, detector: "email", directions: ["request", "response"], style: "label" }], { hashKey: "k", direction: "request" });
const g = compileGuardrails([{ id: "g", name: "d", enabled: true, kind: "sql", builtin: "destructive_sql", directions: ["request"] }]);
function time(label: string, fn: () => unknown) { for (let i = 0; i < 2000; i++) fn(); const n = 20000; const t = performance.now(); for (let i = 0; i < n; i++) fn(); console.log(label, ((performance.now() - t) / n * 1000).toFixed(1), "us"); }
time("maskText", () => m.maskText(sql));
time("classify", () => classifySql(sql));
time("guardrails", () => g.evaluate({ direction: "request", sql }));
time("abort", () => new AbortController());
time("mask int", () => m.maskText("48213"));
