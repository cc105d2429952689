"use client";
import { useSaveApprovalPolicy, type ApprovalPolicy, type ApprovalPolicyCreate } from "@/hooks/use-approval-policies";
import type { Connection } from "@/hooks/use-connections";
import { useDraft } from "@/hooks/use-draft";
import { ROLES, type Role } from "@/lib/roles";
import { CheckboxField, TextField } from "../ui/field";
import { Form, FormActions } from "../ui/form";
import { ListField, MultiCheckField } from "./rule-fields";
import { DETECTOR_IDS, DETECTOR_LABELS, SQL_CLASSES, type DetectorId, type SqlClass } from "./rule-labels";

interface Draft {
  name: string;
  enabled: boolean;
  connectionIds: string[];
  identities: string[];
  models: string[];
  detectors: DetectorId[];
  pattern: string;
  flags: string;
  toolNames: string[];
  sqlClasses: SqlClass[];
  approverRoles: Role[];
  expiresInSeconds: number;
  approvalsRequired: number;
}

function draftOf(p: ApprovalPolicy | null): Draft {
  return {
    name: p?.name ?? "",
    enabled: p?.enabled ?? true,
    connectionIds: p?.connectionIds ?? [],
    identities: p?.identities ?? [],
    models: p?.models ?? [],
    detectors: (p?.detectors ?? []) as DetectorId[],
    pattern: p?.pattern ?? "",
    flags: p?.flags ?? "",
    toolNames: p?.toolNames ?? [],
    sqlClasses: (p?.sqlClasses ?? []) as SqlClass[],
    approverRoles: p?.approverRoles ?? ["admin", "reviewer"],
    expiresInSeconds: p?.expiresInSeconds ?? 300,
    approvalsRequired: p?.approvalsRequired ?? 1,
  };
}

/** Which requests wait for a human, who may decide them, and how long they wait. */
export function ApprovalPolicyEditor({ policy, connections, onDone }: { policy: ApprovalPolicy | null; connections: Connection[]; onDone: () => void }) {
  const [draft, set] = useDraft(() => draftOf(policy));
  const save = useSaveApprovalPolicy();
  const connectionNames = Object.fromEntries(connections.map((c) => [c.id, c.name]));

  return (
    <Form
      aria-label={policy ? `Edit approval policy ${policy.name}` : "New approval policy"}
      className="grid gap-4 md:grid-cols-2"
      onSubmit={() => {
        const body: ApprovalPolicyCreate = {
          ...draft,
          identities: draft.identities.filter(Boolean),
          models: draft.models.filter(Boolean),
          toolNames: draft.toolNames.filter(Boolean),
          pattern: draft.pattern || null,
          flags: draft.pattern && draft.flags ? draft.flags : null,
        };
        save.mutate({ ...(policy ? { id: policy.id } : {}), ...body }, { onSuccess: onDone });
      }}
    >
      <TextField label="Policy name" required value={draft.name} onChange={(e) => set({ name: e.target.value })} placeholder="Prompts with card numbers" />
      <CheckboxField label="Enabled" checked={draft.enabled} onChange={(e) => set({ enabled: e.target.checked })} className="self-end" />
      <div className="md:col-span-2">
        <MultiCheckField
          legend="Connections (none ticked: all)"
          options={connections.map((c) => c.id)}
          labels={connectionNames}
          value={draft.connectionIds}
          onChange={(connectionIds) => set({ connectionIds })}
        />
      </div>
      <ListField label="Requesters" value={draft.identities} onChange={(identities) => set({ identities })} placeholder="anyone" hint="User e-mails or service-account names; empty: anyone" />
      <ListField label="Models" value={draft.models} onChange={(models) => set({ models })} placeholder="any model" />
      <TextField label="Prompt pattern" value={draft.pattern} onChange={(e) => set({ pattern: e.target.value })} className="font-mono" placeholder="refund|wire transfer" hint="Regular expression over the prompt or statement" />
      <TextField label="Pattern flags" value={draft.flags} onChange={(e) => set({ flags: e.target.value })} placeholder="i" />
      <div className="md:col-span-2">
        <MultiCheckField legend="Detected data" options={DETECTOR_IDS} labels={DETECTOR_LABELS} value={draft.detectors} onChange={(detectors) => set({ detectors })} />
      </div>
      <ListField label="Tool names" value={draft.toolNames} onChange={(toolNames) => set({ toolNames })} placeholder="send_email, issue_refund" />
      <div />
      <div className="md:col-span-2">
        <MultiCheckField legend="SQL statement classes" options={SQL_CLASSES} value={draft.sqlClasses} onChange={(sqlClasses) => set({ sqlClasses })} />
      </div>
      <MultiCheckField legend="Who may approve" options={ROLES} value={draft.approverRoles} onChange={(approverRoles) => approverRoles.length > 0 && set({ approverRoles })} />
      <div className="grid grid-cols-2 gap-3">
        <TextField label="Wait at most (seconds)" type="number" min={10} max={604800} value={draft.expiresInSeconds} onChange={(e) => set({ expiresInSeconds: Number(e.target.value) })} />
        <TextField label="Approvals required" type="number" min={1} max={10} value={draft.approvalsRequired} onChange={(e) => set({ approvalsRequired: Number(e.target.value) })} />
      </div>
      <FormActions submitLabel={policy ? "Save policy" : "Create policy"} busy={save.isPending} disabled={!draft.name} error={save.error} onCancel={onDone} className="md:col-span-2" />
    </Form>
  );
}
