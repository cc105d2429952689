"use client";
import { useState } from "react";
import { useUsers, type UserCreated } from "@/hooks/use-identities";
import { useMe } from "@/hooks/use-me";
import { ErrorAlert } from "../ui/alert";
import { Card, PageHeader } from "../ui/card";
import { ShownOnce } from "../ui/shown-once";
import { InviteUserForm } from "./invite-user-form";
import { UsersTable } from "./users-table";

export function UsersPage() {
  const users = useUsers();
  const me = useMe();
  const [invited, setInvited] = useState<UserCreated | null>(null);
  return (
    <div className="space-y-6">
      <PageHeader title="Users" description="People who sign in to this console, and what their role lets them do." />
      {invited?.password ? (
        <ShownOnce
          label="New user's password"
          heading={`Password for ${invited.email}`}
          warning="Give it to them over a channel you trust: it is shown only now. They can sign in with it at once."
          value={invited.password}
          valueLabel="Password"
          onDone={() => setInvited(null)}
        />
      ) : null}
      <Card title="Invite a user" description="A local account with a generated password. People who sign in through single sign-on get their account (and role) from the identity provider instead.">
        <InviteUserForm onCreated={setInvited} />
      </Card>
      <Card title="All users">
        <ErrorAlert error={users.error} />
        <UsersTable users={users.data} selfId={me.data?.id ?? null} />
      </Card>
    </div>
  );
}
