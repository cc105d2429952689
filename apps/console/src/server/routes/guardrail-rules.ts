import { ok, pageQuery } from "@/lib/api/schemas/common";
import {
  guardrailPreviewRequest,
  guardrailRule,
  guardrailRuleCreate,
  guardrailRulePage,
  guardrailRuleUpdate,
  guardrailVerdict,
} from "@/lib/api/schemas/rules";
import { z } from "zod";
import { route } from "../api/route";
import { NEWEST_FIRST, pageById } from "../api/pagination";
import { notFound } from "../errors";
import { previewGuardrail, vetGuardrailRule, type GuardrailInputRule } from "../rules/compile";
import { checkGuardrailTarget } from "../rules/enforceable";
import type { DbClient } from "../api/types";

const TAG = "guardrail-rules";

async function find(db: DbClient, id: string) {
  const row = await db.guardrailRule.findUnique({ where: { id } });
  if (!row) throw notFound("guardrail rule");
  return row;
}

function asInput(row: Omit<GuardrailInputRule, "kind" | "builtin"> & { kind: string; builtin?: string | null }): GuardrailInputRule {
  return { ...row, kind: row.kind as GuardrailInputRule["kind"], builtin: (row.builtin ?? null) as GuardrailInputRule["builtin"] };
}

export const listGuardrailRules = route({
  method: "GET",
  path: "/guardrail-rules",
  summary: "List guardrail (block) rules",
  tag: TAG,
  permission: { resource: "rules", action: "read" },
  query: pageQuery.extend({ connectionId: z.string().optional() }),
  response: guardrailRulePage,
  handler: ({ db, query }) =>
    pageById(query, (p) =>
      db.guardrailRule.findMany({ where: query.connectionId ? { connectionId: query.connectionId } : {}, orderBy: NEWEST_FIRST, ...p }),
    ),
});

export const getGuardrailRule = route({
  method: "GET",
  path: "/guardrail-rules/{id}",
  summary: "Get a guardrail rule",
  tag: TAG,
  permission: { resource: "rules", action: "read" },
  response: guardrailRule,
  handler: ({ db, params }) => find(db, params.id as string),
});

export const createGuardrailRule = route({
  method: "POST",
  path: "/guardrail-rules",
  summary: "Create a guardrail rule (refused when its connection cannot enforce it)",
  tag: TAG,
  permission: { resource: "rules", action: "write" },
  body: guardrailRuleCreate,
  response: guardrailRule,
  status: 201,
  audit: "guardrail_rule.create",
  async handler({ db, body, audit, configChanged }) {
    vetGuardrailRule(body);
    await checkGuardrailTarget(db, body);
    const row = await db.guardrailRule.create({
      data: { ...body, builtin: body.builtin ?? null, pattern: body.pattern ?? null, flags: body.flags ?? null },
    });
    audit({ targetType: "guardrail_rule", targetId: row.id, after: row });
    configChanged("rule", row.id);
    return row;
  },
});

export const updateGuardrailRule = route({
  method: "PATCH",
  path: "/guardrail-rules/{id}",
  summary: "Change a guardrail rule",
  tag: TAG,
  permission: { resource: "rules", action: "write" },
  body: guardrailRuleUpdate,
  response: guardrailRule,
  audit: "guardrail_rule.update",
  async handler({ db, params, body, audit, configChanged }) {
    const before = await find(db, params.id as string);
    const merged = { ...before, ...body };
    vetGuardrailRule(asInput(merged));
    await checkGuardrailTarget(db, merged);
    const row = await db.guardrailRule.update({ where: { id: before.id }, data: body });
    audit({ targetType: "guardrail_rule", targetId: row.id, before, after: row });
    configChanged("rule", row.id);
    return row;
  },
});

export const deleteGuardrailRule = route({
  method: "DELETE",
  path: "/guardrail-rules/{id}",
  summary: "Delete a guardrail rule",
  tag: TAG,
  permission: { resource: "rules", action: "write" },
  response: ok,
  audit: "guardrail_rule.delete",
  async handler({ db, params, audit, configChanged }) {
    const before = await find(db, params.id as string);
    await db.guardrailRule.delete({ where: { id: before.id } });
    audit({ targetType: "guardrail_rule", targetId: before.id, before });
    configChanged("rule", before.id);
    return { ok: true as const };
  },
});

export const previewGuardrailRule = route({
  method: "POST",
  path: "/guardrail-rules/preview",
  summary: "Evaluate a (possibly unsaved) guardrail rule against a sample, with the gateway's own code",
  tag: TAG,
  permission: { resource: "rules", action: "preview" },
  body: guardrailPreviewRequest,
  response: guardrailVerdict,
  async handler({ body }) {
    return previewGuardrail(body.rule, body.sample);
  },
});
