// A rule tied to a connection must be one that connection's kind can enforce (controls.ts):
// refusing it here beats a gateway silently skipping it.
import { assertEnforceable, guardrailControl } from "../connections/controls";
import { badRequest } from "../errors";
import type { DbClient } from "../api/types";

async function connectionOf(db: DbClient, id: string) {
  const row = await db.connection.findUnique({ where: { id }, select: { id: true, name: true, kind: true } });
  if (!row) throw badRequest(`connection ${id} does not exist`);
  return row;
}

export async function checkMaskingRuleTarget(
  db: DbClient,
  rule: { connectionId: string | null; columns: string[]; directions: string[]; style: string },
): Promise<void> {
  if (!rule.connectionId) return;
  const conn = await connectionOf(db, rule.connectionId);
  for (const d of rule.directions) assertEnforceable(conn, d === "request" ? "masking.request" : "masking.response");
  if (rule.columns.length) assertEnforceable(conn, "masking.columns");
  if (rule.style === "pseudonym") assertEnforceable(conn, "pseudonymize");
}

export async function checkGuardrailTarget(db: DbClient, rule: { connectionId: string | null; kind: string }): Promise<void> {
  const control = guardrailControl(rule.kind);
  if (rule.connectionId) assertEnforceable(await connectionOf(db, rule.connectionId), control);
}

export async function checkPolicyTargets(
  db: DbClient,
  policy: { connectionIds: string[]; toolNames: string[]; models: string[]; sqlClasses: string[]; approverUserIds: string[] },
): Promise<void> {
  for (const id of policy.connectionIds) {
    const conn = await connectionOf(db, id);
    assertEnforceable(conn, "approval");
    if (policy.toolNames.length) assertEnforceable(conn, "guardrail.tool_call");
    if (policy.models.length) assertEnforceable(conn, "guardrail.model_allowlist");
    if (policy.sqlClasses.length) assertEnforceable(conn, "guardrail.sql");
  }
  if (policy.approverUserIds.length) {
    const found = await db.user.count({ where: { id: { in: policy.approverUserIds } } });
    if (found !== new Set(policy.approverUserIds).size) throw badRequest("approverUserIds: one or more users do not exist");
  }
}
