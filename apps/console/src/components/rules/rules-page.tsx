"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState, type ComponentProps } from "react";
import { useApprovalPolicies, useDeleteApprovalPolicy } from "@/hooks/use-approval-policies";
import { useConnections } from "@/hooks/use-connections";
import { useDeleteGuardrailRule, useGuardrailRules } from "@/hooks/use-guardrail-rules";
import { useDeleteMaskingRule, useMaskingRules } from "@/hooks/use-masking-rules";
import { useCan } from "@/hooks/use-me";
import { Button } from "../ui/button";
import { PageHeader } from "../ui/card";
import { cx } from "../ui/cx";
import { ApprovalPolicyEditor } from "./approval-policy-editor";
import { GuardrailRuleEditor } from "./guardrail-rule-editor";
import { MaskingRuleEditor } from "./masking-rule-editor";
import { guardrailSummary, maskingSummary, policySummary } from "./rule-summaries";
import { RulesTab } from "./rules-tab";

const TABS = { masking: "Masking", guardrails: "Guardrails", approvals: "Approval policies" } as const;
type Tab = keyof typeof TABS;
const NEW_LABEL: Record<Tab, string> = { masking: "New masking rule", guardrails: "New guardrail rule", approvals: "New approval policy" };

type TabContent = Omit<ComponentProps<typeof RulesTab>, "editing" | "onEdit">;

const byId = <T extends { id: string }>(items: T[] | undefined, id: string | null): T | null => items?.find((item) => item.id === id) ?? null;

export function RulesPage() {
  const search = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const tab: Tab = (Object.keys(TABS) as Tab[]).find((t) => t === search.get("tab")) ?? "masking";
  const [editing, setEditing] = useState<string | null>(null);
  const canWriteRules = useCan("rules.write");
  const canWritePolicies = useCan("approvalPolicies.write");
  const connections = useConnections();
  const masking = useMaskingRules();
  const guardrails = useGuardrailRules();
  const policies = useApprovalPolicies();
  const deleteMasking = useDeleteMaskingRule();
  const deleteGuardrail = useDeleteGuardrailRule();
  const deletePolicy = useDeleteApprovalPolicy();
  const conns = connections.data ?? [];
  const connectionName = (id: string | null) => (id ? (conns.find((c) => c.id === id)?.name ?? id) : "every connection");
  const close = () => setEditing(null);

  const content: Record<Tab, TabContent> = {
    masking: {
      title: "Masking rules",
      noun: "masking rule",
      description: "Values replaced in requests and responses (streaming included) before anyone sees them.",
      editor: <MaskingRuleEditor key={editing} rule={byId(masking.data, editing)} connections={conns} onDone={close} />,
      isPending: masking.isPending,
      error: masking.error,
      canWrite: canWriteRules,
      remove: deleteMasking,
      rows: (masking.data ?? []).map((r) => ({ id: r.id, name: r.name, enabled: r.enabled, summary: maskingSummary(r, connectionName) })),
    },
    guardrails: {
      title: "Guardrail rules",
      noun: "guardrail rule",
      description: "Requests and responses refused outright.",
      editor: <GuardrailRuleEditor key={editing} rule={byId(guardrails.data, editing)} connections={conns} onDone={close} />,
      isPending: guardrails.isPending,
      error: guardrails.error,
      canWrite: canWriteRules,
      remove: deleteGuardrail,
      rows: (guardrails.data ?? []).map((r) => ({ id: r.id, name: r.name, enabled: r.enabled, summary: guardrailSummary(r, connectionName) })),
    },
    approvals: {
      title: "Approval policies",
      noun: "approval policy",
      description: "Matching requests wait at the gateway until a reviewer decides.",
      editor: <ApprovalPolicyEditor key={editing} policy={byId(policies.data, editing)} connections={conns} onDone={close} />,
      isPending: policies.isPending,
      error: policies.error,
      canWrite: canWritePolicies,
      remove: deletePolicy,
      rows: (policies.data ?? []).map((p) => ({ id: p.id, name: p.name, enabled: p.enabled, summary: policySummary(p, connectionName) })),
    },
  };
  const shown = content[tab];

  const selectTab = (next: Tab) => {
    setEditing(null);
    router.replace(`${pathname}?tab=${next}`, { scroll: false });
  };

  return (
    <div className="space-y-6">
      <PageHeader
        title="Rules"
        description="What the gateway masks, blocks and holds for approval. Previews run the gateway's own policy code."
        actions={
          shown.canWrite && editing === null ? (
            <Button variant="primary" onClick={() => setEditing("new")}>
              {NEW_LABEL[tab]}
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
              t === tab
                ? "border-indigo-600 text-indigo-700 dark:border-indigo-400 dark:text-indigo-300"
                : "border-transparent text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100",
            )}
          >
            {TABS[t]}
          </button>
        ))}
      </div>
      <div role="tabpanel" aria-label={TABS[tab]} className="space-y-6">
        <RulesTab key={tab} {...shown} editing={editing} onEdit={setEditing} />
      </div>
    </div>
  );
}
