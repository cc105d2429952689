// One line per saved rule in the lists: what it matches, how, and where.
import type { ApprovalPolicy } from "@/hooks/use-approval-policies";
import type { GuardrailRule } from "@/hooks/use-guardrail-rules";
import type { MaskingRule } from "@/hooks/use-masking-rules";

/** A connection's name from its id; null means the rule applies everywhere. */
export type ConnectionNamer = (id: string | null) => string;

const joined = (parts: (string | null | undefined | false)[]) => parts.filter(Boolean).join(" · ");

export function maskingSummary(r: MaskingRule, connectionName: ConnectionNamer): string {
  const detector = r.detector === "regex" ? `/${r.pattern ?? ""}/${r.flags ?? ""}` : r.detector;
  return joined([`${detector} → ${r.style}`, r.directions.join(" + "), connectionName(r.connectionId)]);
}

export function guardrailSummary(r: GuardrailRule, connectionName: ConnectionNamer): string {
  return joined([r.kind, r.builtin, r.pattern && `/${r.pattern}/`, r.toolNames.join(", "), r.models.join(", "), r.sqlClasses.join(", "), connectionName(r.connectionId)]);
}

export function policySummary(p: ApprovalPolicy, connectionName: ConnectionNamer): string {
  return joined([
    p.connectionIds.length ? p.connectionIds.map(connectionName).join(", ") : "all connections",
    p.pattern && `/${p.pattern}/`,
    p.detectors.join(", "),
    p.toolNames.join(", "),
    p.sqlClasses.join(", "),
    `approvers: ${p.approverRoles.join(", ")}`,
    `waits ${p.expiresInSeconds}s`,
  ]);
}
