"use client";
import { useEffect, useRef } from "react";
import type { Approval } from "@/hooks/use-approvals";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { cx } from "../ui/cx";
import { AgeAndTimeLeft } from "./countdown";
import { HeldContent } from "./held-content";

export interface DecisionHandlers {
  approve(id: string): void;
  approveFor(id: string): void;
  deny(id: string): void;
}

export function ApprovalCard({ approval, selected, own, canDecide, grantMinutes, busy, onSelect, handlers }: {
  approval: Approval;
  selected: boolean;
  own: boolean;
  canDecide: boolean;
  grantMinutes: number;
  busy: boolean;
  onSelect: () => void;
  handlers: DecisionHandlers;
}) {
  const decidable = canDecide && !own;
  const ref = useRef<HTMLLIElement>(null);
  // j/k move the selection; keep the selected request on screen.
  useEffect(() => {
    if (selected) ref.current?.scrollIntoView({ block: "nearest" });
  }, [selected]);
  return (
    <li
      ref={ref}
      aria-label={`Request from ${approval.requesterLabel} on ${approval.connectionName}`}
      aria-current={selected ? "true" : undefined}
      onClick={onSelect}
      className={cx(
        "rounded-lg border bg-white p-4 transition-shadow dark:bg-zinc-900",
        selected ? "border-indigo-500 shadow-md ring-2 ring-indigo-500/30" : "border-zinc-200 dark:border-zinc-800",
      )}
    >
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="space-y-1">
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <span className="font-semibold">{approval.requesterLabel}</span>
            <span className="text-zinc-500">on</span>
            <span className="font-mono">{approval.connectionName}</span>
            <Badge tone="indigo">{approval.kind}</Badge>
            {approval.policyName ? <Badge>policy: {approval.policyName}</Badge> : null}
            {own ? <Badge tone="amber">Your request</Badge> : null}
          </div>
          <AgeAndTimeLeft createdAt={approval.createdAt} expiresAt={approval.expiresAt} />
        </div>
        {approval.approvalsRequired > 1 ? (
          <span className="text-xs text-zinc-500">
            {approval.decisions.filter((d) => d.decision === "approve").length} of {approval.approvalsRequired} approvals
          </span>
        ) : null}
      </div>
      <div className="mt-3">
        <p className="mb-1 text-xs font-semibold uppercase tracking-wide text-zinc-500">Justification</p>
        <p className="text-sm">{approval.justification ?? <em className="text-zinc-500">none given</em>}</p>
      </div>
      <div className="mt-3">
        <HeldContent approval={approval} />
      </div>
      <div className="mt-4 flex flex-wrap items-center gap-2">
        {decidable ? (
          <>
            <Button variant="primary" busy={busy} onClick={() => handlers.approve(approval.id)}>
              Approve
            </Button>
            <Button busy={busy} onClick={() => handlers.approveFor(approval.id)}>
              Approve for {grantMinutes} min
            </Button>
            <Button variant="danger" busy={busy} onClick={() => handlers.deny(approval.id)}>
              Deny
            </Button>
          </>
        ) : own ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">You made this request; another reviewer must decide it.</p>
        ) : (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">Your role can see requests but not decide them.</p>
        )}
      </div>
    </li>
  );
}
