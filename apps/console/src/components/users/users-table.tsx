"use client";
import type { Role } from "@/lib/roles";
import { useUpdateUser, type User } from "@/hooks/use-identities";
import { ErrorAlert } from "../ui/alert";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { ConfirmButton } from "../ui/confirm-button";
import { DataTable } from "../ui/data-table";
import { controlClass } from "../ui/field";
import { RelativeTime } from "../ui/time";
import { RoleOptions } from "./role-options";

/** Console users: change a role in place, disable (asks first) or enable again. Not yourself. */
export function UsersTable({ users, selfId }: { users: readonly User[] | undefined; selfId: string | null }) {
  const update = useUpdateUser();
  return (
    <div className="space-y-3">
      <ErrorAlert error={update.error} />
      <DataTable
        label="Users"
        rows={users}
        empty="No users yet."
        columns={[
          { header: "Email", className: "font-mono", cell: (u) => u.email },
          { header: "Name", cell: (u) => u.name ?? "" },
          {
            header: "Role",
            cell: (u) =>
              u.id === selfId ? (
                u.role
              ) : (
                <select aria-label={`Role of ${u.email}`} className={controlClass} value={u.role} disabled={update.isPending} onChange={(e) => update.mutate({ id: u.id, role: e.target.value as Role })}>
                  <RoleOptions />
                </select>
              ),
          },
          { header: "Signs in with", cell: (u) => [u.hasPassword ? "password" : null, u.oidc ? "single sign-on" : null].filter(Boolean).join(", ") || "—" },
          { header: "Last sign-in", cell: (u) => <RelativeTime iso={u.lastLoginAt} /> },
          { header: "Status", cell: (u) => (u.disabled ? <Badge>Disabled</Badge> : <Badge tone="green">Active</Badge>) },
        ]}
        actions={(u) => {
          if (u.id === selfId) return null;
          if (u.disabled) {
            return (
              <Button size="sm" variant="ghost" aria-label={`Enable ${u.email}`} onClick={() => update.mutate({ id: u.id, disabled: false })}>
                Enable
              </Button>
            );
          }
          return (
            <ConfirmButton
              size="sm"
              variant="ghost"
              aria-label={`Disable ${u.email}`}
              title={`Disable ${u.email}?`}
              confirmLabel="Disable user"
              busy={update.isPending}
              error={update.error}
              message="They are signed out at their next request, and can no longer sign in, use their personal access tokens or their Airlock keys. You can enable them again."
              onConfirm={(close) => update.mutate({ id: u.id, disabled: true }, { onSuccess: close })}
            >
              Disable
            </ConfirmButton>
          );
        }}
      />
    </div>
  );
}
