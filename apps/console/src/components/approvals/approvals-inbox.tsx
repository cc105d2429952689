"use client";
import { useMemo, useState } from "react";
import { useApprovals, useApprove, useDeny } from "@/hooks/use-approvals";
import { useServiceAccounts, useUsers } from "@/hooks/use-identities";
import { useCan, useMe } from "@/hooks/use-me";
import { EmptyState, ErrorAlert, Loading } from "../ui/alert";
import { PageHeader } from "../ui/card";
import { TextField } from "../ui/field";
import { AccessGrants } from "./access-grants";
import { ApprovalCard } from "./approval-card";
import { DenyDialog } from "./deny-dialog";
import { RecentDecisions } from "./recent-decisions";
import { ShortcutsHelp } from "./shortcuts-help";
import { useInboxShortcuts } from "./use-inbox-shortcuts";

export function ApprovalsInbox() {
  const me = useMe();
  const canDecide = useCan("approvals.decide");
  const canRevokeGrants = useCan("accessGrants.revoke");
  const pending = useApprovals("pending", { live: true });
  const approve = useApprove();
  const deny = useDeny();
  const users = useUsers(useCan("users.read"));
  const accounts = useServiceAccounts(useCan("serviceAccounts.read"));
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [denying, setDenying] = useState<string | null>(null);
  const [grantMinutes, setGrantMinutes] = useState(15);

  const items = useMemo(() => pending.data ?? [], [pending.data]);
  // Keep the selection on the same request while others come and go; fall back to the first.
  const selectedIndex = Math.max(0, items.findIndex((a) => a.id === selectedId));
  const selected = items[selectedIndex];
  const isOwn = (a: { requesterKind: string; requesterId: string }) => a.requesterKind === "user" && a.requesterId === me.data?.id;
  const decidable = (a: (typeof items)[number] | undefined) => a !== undefined && canDecide && !isOwn(a);

  const handlers = {
    approve: (id: string) => approve.mutate({ id }),
    approveFor: (id: string) => approve.mutate({ id, grantMinutes }),
    deny: (id: string) => {
      deny.reset();
      setDenying(id);
    },
  };

  useInboxShortcuts(
    {
      next: () => setSelectedId(items[Math.min(items.length - 1, selectedIndex + 1)]?.id ?? null),
      previous: () => setSelectedId(items[Math.max(0, selectedIndex - 1)]?.id ?? null),
      approve: () => decidable(selected) && selected && handlers.approve(selected.id),
      approveFor: () => decidable(selected) && selected && handlers.approveFor(selected.id),
      deny: () => decidable(selected) && selected && handlers.deny(selected.id),
    },
    items.length > 0,
  );

  const labels = useMemo(() => {
    const map = new Map<string, string>();
    for (const u of users.data ?? []) map.set(u.id, u.email);
    for (const a of accounts.data ?? []) map.set(a.id, a.name);
    return map;
  }, [users.data, accounts.data]);
  const denyingApproval = items.find((a) => a.id === denying);

  return (
    <div className="space-y-6">
      <PageHeader
        title="Approvals"
        description="Requests held at the gateway until someone decides. New ones appear here on their own."
        actions={
          canDecide ? (
            <TextField
              label="Grant minutes"
              type="number"
              min={1}
              max={1440}
              value={grantMinutes}
              onChange={(e) => setGrantMinutes(Math.max(1, Math.min(1440, Number(e.target.value) || 1)))}
              className="w-24"
            />
          ) : null
        }
      />
      <div className="grid gap-6 lg:grid-cols-[1fr_16rem]">
        <section aria-label="Pending requests" className="space-y-3">
          <h2 className="text-sm font-semibold">
            Pending <span className="text-zinc-500">({items.length})</span>
          </h2>
          <ErrorAlert error={pending.error ?? approve.error} />
          {pending.isPending ? (
            <Loading />
          ) : items.length === 0 ? (
            <EmptyState>Nothing is waiting for a decision.</EmptyState>
          ) : (
            <ul className="space-y-3">
              {items.map((a, i) => (
                <ApprovalCard
                  key={a.id}
                  approval={a}
                  selected={i === selectedIndex}
                  own={isOwn(a)}
                  canDecide={canDecide}
                  grantMinutes={grantMinutes}
                  busy={(approve.isPending && approve.variables?.id === a.id) || (deny.isPending && deny.variables?.id === a.id)}
                  onSelect={() => setSelectedId(a.id)}
                  handlers={handlers}
                />
              ))}
            </ul>
          )}
        </section>
        <aside className="space-y-4">
          <ShortcutsHelp />
        </aside>
      </div>
      <AccessGrants canRevoke={canRevokeGrants} labels={labels} />
      <RecentDecisions />
      <DenyDialog
        open={denying !== null}
        requester={denyingApproval?.requesterLabel ?? "the requester"}
        busy={deny.isPending}
        error={deny.error}
        onCancel={() => setDenying(null)}
        onDeny={(reason) => denying && deny.mutate({ id: denying, reason }, { onSuccess: () => setDenying(null) })}
      />
    </div>
  );
}
