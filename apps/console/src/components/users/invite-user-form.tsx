"use client";
import { ApiRequestError } from "@/lib/api/client";
import type { Role } from "@/lib/roles";
import { useDraft } from "@/hooks/use-draft";
import { useCreateUser, type UserCreated } from "@/hooks/use-identities";
import { ErrorAlert } from "../ui/alert";
import { Button } from "../ui/button";
import { SelectField, TextField } from "../ui/field";
import { Form } from "../ui/form";
import { RoleOptions } from "./role-options";

const BLANK = { email: "", name: "", role: "member" as Role };

/** Creates a local account with a generated password, which the page then shows once. */
export function InviteUserForm({ onCreated }: { onCreated: (user: UserCreated) => void }) {
  const create = useCreateUser();
  const [draft, set] = useDraft(BLANK);
  const { email, name, role } = draft;
  return (
    <Form
      aria-label="Invite a user"
      className="grid gap-3 md:grid-cols-4 md:items-end"
      onSubmit={() =>
        create.mutate(
          { email, role, ...(name ? { name } : {}) },
          {
            onSuccess: (user) => {
              set(BLANK);
              onCreated(user);
            },
          },
        )
      }
    >
      <TextField label="Email" type="email" value={email} onChange={(e) => set({ email: e.target.value })} required error={create.error instanceof ApiRequestError ? create.error.issueFor("email") : undefined} />
      <TextField label="Name (optional)" value={name} onChange={(e) => set({ name: e.target.value })} />
      <SelectField label="Role" value={role} onChange={(e) => set({ role: e.target.value as Role })}>
        <RoleOptions />
      </SelectField>
      <Button type="submit" busy={create.isPending} disabled={!email}>
        Invite user
      </Button>
      <ErrorAlert error={create.error} className="md:col-span-4" />
    </Form>
  );
}
