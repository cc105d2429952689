import { ok, pageQuery } from "@/lib/api/schemas/common";
import {
  maskingPreviewRequest,
  maskingPreviewResult,
  maskingRule,
  maskingRuleCreate,
  maskingRulePage,
  maskingRuleUpdate,
} from "@/lib/api/schemas/rules";
import { z } from "zod";
import { route } from "../api/route";
import { NEWEST_FIRST, pageById } from "../api/pagination";
import { notFound } from "../errors";
import { hashKeyOf } from "../hash-key";
import { previewMasking, vetMaskingRule } from "../rules/compile";
import { checkMaskingRuleTarget } from "../rules/enforceable";
import type { DbClient } from "../api/types";

const TAG = "masking-rules";

async function find(db: DbClient, id: string) {
  const row = await db.maskingRule.findUnique({ where: { id } });
  if (!row) throw notFound("masking rule");
  return row;
}

export const listMaskingRules = route({
  method: "GET",
  path: "/masking-rules",
  summary: "List masking rules",
  tag: TAG,
  permission: { resource: "rules", action: "read" },
  query: pageQuery.extend({ connectionId: z.string().optional() }),
  response: maskingRulePage,
  handler: ({ db, query }) =>
    pageById(query, (p) =>
      db.maskingRule.findMany({ where: query.connectionId ? { connectionId: query.connectionId } : {}, orderBy: NEWEST_FIRST, ...p }),
    ),
});

export const getMaskingRule = route({
  method: "GET",
  path: "/masking-rules/{id}",
  summary: "Get a masking rule",
  tag: TAG,
  permission: { resource: "rules", action: "read" },
  response: maskingRule,
  handler: ({ db, params }) => find(db, params.id as string),
});

export const createMaskingRule = route({
  method: "POST",
  path: "/masking-rules",
  summary: "Create a masking rule (regexes are vetted; 400 says why one is refused)",
  tag: TAG,
  permission: { resource: "rules", action: "write" },
  body: maskingRuleCreate,
  response: maskingRule,
  status: 201,
  audit: "masking_rule.create",
  async handler({ db, body, env, audit, configChanged }) {
    vetMaskingRule(body, hashKeyOf(env));
    await checkMaskingRuleTarget(db, body);
    const row = await db.maskingRule.create({ data: { ...body, pattern: body.pattern ?? null, flags: body.flags ?? null, label: body.label ?? null } });
    audit({ targetType: "masking_rule", targetId: row.id, after: row });
    configChanged("rule", row.id);
    return row;
  },
});

export const updateMaskingRule = route({
  method: "PATCH",
  path: "/masking-rules/{id}",
  summary: "Change a masking rule",
  tag: TAG,
  permission: { resource: "rules", action: "write" },
  body: maskingRuleUpdate,
  response: maskingRule,
  audit: "masking_rule.update",
  async handler({ db, params, body, env, audit, configChanged }) {
    const before = await find(db, params.id as string);
    const merged = { ...before, ...body };
    vetMaskingRule(merged, hashKeyOf(env));
    await checkMaskingRuleTarget(db, merged);
    const row = await db.maskingRule.update({ where: { id: before.id }, data: body });
    audit({ targetType: "masking_rule", targetId: row.id, before, after: row });
    configChanged("rule", row.id);
    return row;
  },
});

export const deleteMaskingRule = route({
  method: "DELETE",
  path: "/masking-rules/{id}",
  summary: "Delete a masking rule",
  tag: TAG,
  permission: { resource: "rules", action: "write" },
  response: ok,
  audit: "masking_rule.delete",
  async handler({ db, params, audit, configChanged }) {
    const before = await find(db, params.id as string);
    await db.maskingRule.delete({ where: { id: before.id } });
    audit({ targetType: "masking_rule", targetId: before.id, before });
    configChanged("rule", before.id);
    return { ok: true as const };
  },
});

export const previewMaskingRule = route({
  method: "POST",
  path: "/masking-rules/preview",
  summary: "Show what a (possibly unsaved) masking rule does to a sample, with the gateway's own code",
  tag: TAG,
  permission: { resource: "rules", action: "preview" },
  body: maskingPreviewRequest,
  response: maskingPreviewResult,
  async handler({ body, env }) {
    const direction = body.direction ?? body.rule.directions[0] ?? "request";
    return previewMasking(body.rule, body.sample, direction, hashKeyOf(env));
  },
});
