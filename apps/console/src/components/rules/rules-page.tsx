"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { useApprovalPolicies, useDeleteApprovalPolicy } from "@/hooks/use-approval-policies";
import { useConnections } from "@/hooks/use-connections";
import { useDeleteGuardrailRule, useGuardrailRules } from "@/hooks/use-guardrail-rules";
import { useDeleteMaskingRule, useMaskingRules } from "@/hooks/use-masking-rules";
import { useCan } from "@/hooks/use-me";
import { ErrorAlert, Loading } from "../ui/alert";
import { Button } from "../ui/button";
import { Card, PageHeader } from "../ui/card";
import { cx } from "../ui/cx";
import { ApprovalPolicyEditor } from "./approval-policy-editor";
import { GuardrailRuleEditor } from "./guardrail-rule-editor";
import { MaskingRuleEditor } from "./masking-rule-editor";
import { RuleList } from "./rule-list";

const TABS = { masking: "Masking", guardrails: "Guardrails", approvals: "Approval policies" } as const;
type Tab = keyof typeof TABS;

export function RulesPage() {
  const search = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const tab: Tab = (Object.keys(TABS) as Tab[]).find((t) => t === search.get("tab")) ?? "masking";
  const [editing, setEditing] = useState<string | "new" | null>(null);
  const canWrite = useCan("rules.write");
  const canWritePolicies = useCan("approvalPolicies.write");
  const connections = useConnections();
  const masking = useMaskingRules();
  const guardrails = useGuardrailRules();
  const policies = useApprovalPolicies();
  const deleteMasking = useDeleteMaskingRule();
  const deleteGuardrail = useDeleteGuardrailRule();
  const deletePolicy = useDeleteApprovalPolicy();
  const connectionName = (id: string | null) => (id ? (connections.data?.find((c) => c.id === id)?.name ?? id) : "every connection");
  const conns = connections.data ?? [];

  const selectTab = (next: Tab) => {
    setEditing(null);
    router.replace(`${pathname}?tab=${next}`, { scroll: false });
  };
  const writable = tab === "approvals" ? canWritePolicies : canWrite;
  const close = () => setEditing(null);

  return (
    <div className="space-y-6">
      <PageHeader
        title="Rules"
        description="What the gateway masks, blocks and holds for approval. Previews run the gateway's own policy code."
        actions={
          writable && editing === null ? (
            <Button variant="primary" onClick={() => setEditing("new")}>
              {tab === "masking" ? "New masking rule" : tab === "guardrails" ? "New guardrail rule" : "New approval policy"}
            </Button>
          ) : null
        }
      />
      <div role="tablist" aria-label="Rule kinds" className="flex gap-1 border-b border-zinc-200 dark:border-zinc-800">
        {(Object.keys(TABS) as Tab[]).map((t) => (
          <button
            key={t}
            role="tab"
            type="button"
            aria-selected={t === tab}
            onClick={() => selectTab(t)}
            className={cx(
              "-mb-px border-b-2 px-4 py-2 text-sm font-medium",
              t === tab ? "border-indigo-600 text-indigo-700 dark:border-indigo-400 dark:text-indigo-300" : "border-transparent text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100",
            )}
          >
            {TABS[t]}
          </button>
        ))}
      </div>
      <div role="tabpanel" aria-label={TABS[tab]} className="space-y-6">
        {tab === "masking" ? (
          <>
            {editing !== null ? (
              <Card title={editing === "new" ? "New masking rule" : "Edit masking rule"}>
                <MaskingRuleEditor key={editing} rule={masking.data?.find((r) => r.id === editing) ?? null} connections={conns} onDone={close} />
              </Card>
            ) : null}
            <Card title="Masking rules" description="Values replaced in requests and responses (streaming included) before anyone sees them.">
              <ErrorAlert error={masking.error} />
              {masking.isPending ? (
                <Loading />
              ) : (
                <RuleList
                  label="Masking rules"
                  canWrite={canWrite}
                  rows={(masking.data ?? []).map((r) => ({
                    id: r.id,
                    name: r.name,
                    enabled: r.enabled,
                    summary: `${r.detector === "regex" ? `/${r.pattern ?? ""}/${r.flags ?? ""}` : r.detector} → ${r.style} · ${r.directions.join(" + ")} · ${connectionName(r.connectionId)}`,
                  }))}
                  onEdit={setEditing}
                  onDelete={(id, done) => deleteMasking.mutate(id, { onSuccess: done })}
                  deleting={deleteMasking.isPending}
                  deleteError={deleteMasking.error}
                />
              )}
            </Card>
          </>
        ) : null}
        {tab === "guardrails" ? (
          <>
            {editing !== null ? (
              <Card title={editing === "new" ? "New guardrail rule" : "Edit guardrail rule"}>
                <GuardrailRuleEditor key={editing} rule={guardrails.data?.find((r) => r.id === editing) ?? null} connections={conns} onDone={close} />
              </Card>
            ) : null}
            <Card title="Guardrail rules" description="Requests and responses refused outright.">
              <ErrorAlert error={guardrails.error} />
              {guardrails.isPending ? (
                <Loading />
              ) : (
                <RuleList
                  label="Guardrail rules"
                  canWrite={canWrite}
                  rows={(guardrails.data ?? []).map((r) => ({
                    id: r.id,
                    name: r.name,
                    enabled: r.enabled,
                    summary: [r.kind, r.builtin, r.pattern ? `/${r.pattern}/` : null, r.toolNames.join(", ") || null, r.models.join(", ") || null, r.sqlClasses.join(", ") || null, connectionName(r.connectionId)]
                      .filter(Boolean)
                      .join(" · "),
                  }))}
                  onEdit={setEditing}
                  onDelete={(id, done) => deleteGuardrail.mutate(id, { onSuccess: done })}
                  deleting={deleteGuardrail.isPending}
                  deleteError={deleteGuardrail.error}
                />
              )}
            </Card>
          </>
        ) : null}
        {tab === "approvals" ? (
          <>
            {editing !== null ? (
              <Card title={editing === "new" ? "New approval policy" : "Edit approval policy"}>
                <ApprovalPolicyEditor key={editing} policy={policies.data?.find((p) => p.id === editing) ?? null} connections={conns} onDone={close} />
              </Card>
            ) : null}
            <Card title="Approval policies" description="Matching requests wait at the gateway until a reviewer decides.">
              <ErrorAlert error={policies.error} />
              {policies.isPending ? (
                <Loading />
              ) : (
                <RuleList
                  label="Approval policies"
                  canWrite={canWritePolicies}
                  rows={(policies.data ?? []).map((p) => ({
                    id: p.id,
                    name: p.name,
                    enabled: p.enabled,
                    summary: [
                      p.connectionIds.length ? p.connectionIds.map(connectionName).join(", ") : "all connections",
                      p.pattern ? `/${p.pattern}/` : null,
                      p.detectors.join(", ") || null,
                      p.toolNames.join(", ") || null,
                      p.sqlClasses.join(", ") || null,
                      `approvers: ${p.approverRoles.join(", ")}`,
                      `waits ${p.expiresInSeconds}s`,
                    ]
                      .filter(Boolean)
                      .join(" · "),
                  }))}
                  onEdit={setEditing}
                  onDelete={(id, done) => deletePolicy.mutate(id, { onSuccess: done })}
                  deleting={deletePolicy.isPending}
                  deleteError={deletePolicy.error}
                />
              )}
            </Card>
          </>
        ) : null}
      </div>
    </div>
  );
}
