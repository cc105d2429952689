"use client";
import { useState } from "react";
import { ApiRequestError } from "@/lib/api/client";
import { useCreateConnection, type Connection } from "@/hooks/use-connections";
import { CheckboxField, SelectField, TextAreaField, TextField } from "../ui/field";
import { Form, FormActions } from "../ui/form";
import { KIND_LABELS, KIND_URL_PLACEHOLDER, type ConnectionKind } from "./labels";

const NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;

function parseOptions(text: string): { value?: Record<string, unknown>; error?: string } {
  if (text.trim() === "") return {};
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== "object" || value === null || Array.isArray(value)) return { error: "options must be a JSON object" };
    return { value: value as Record<string, unknown> };
  } catch (err) {
    return { error: `not valid JSON: ${(err as Error).message}` };
  }
}

/** Registers a connection; the credential goes to the server once and is never shown again. */
export function ConnectionForm({ onCreated, onCancel }: { onCreated: (c: Connection) => void; onCancel: () => void }) {
  const create = useCreateConnection();
  const [kind, setKind] = useState<ConnectionKind>("openai");
  const [name, setName] = useState("");
  const [upstreamUrl, setUpstreamUrl] = useState("");
  const [credential, setCredential] = useState("");
  const [authHeader, setAuthHeader] = useState("");
  const [options, setOptions] = useState("");
  const [allowPrivateNetwork, setAllowPrivateNetwork] = useState(false);
  const [touched, setTouched] = useState(false);

  const parsedOptions = parseOptions(options);
  const nameError = touched && !NAME_PATTERN.test(name) ? "lower-case letters, digits, '-' and '_'; it becomes the URL /c/<name>/" : undefined;
  const serverError = create.error instanceof ApiRequestError ? create.error : null;

  const submit = () => {
    setTouched(true);
    if (!NAME_PATTERN.test(name) || parsedOptions.error) return;
    create.mutate(
      {
        kind,
        name,
        upstreamUrl,
        ...(credential ? { credential } : {}),
        ...(kind === "http" && authHeader ? { authHeader } : {}),
        ...(parsedOptions.value ? { options: parsedOptions.value } : {}),
        allowPrivateNetwork,
      },
      {
        onSuccess: (created) => {
          setCredential("");
          onCreated(created);
        },
      },
    );
  };

  return (
    <Form onSubmit={submit} aria-label="Register a connection" className="grid gap-4 md:grid-cols-2">
      <SelectField label="Kind" value={kind} onChange={(e) => setKind(e.target.value as ConnectionKind)}>
        {(Object.keys(KIND_LABELS) as ConnectionKind[]).map((k) => (
          <option key={k} value={k}>
            {KIND_LABELS[k]}
          </option>
        ))}
      </SelectField>
      <TextField
        label="Name"
        required
        value={name}
        onChange={(e) => setName(e.target.value.toLowerCase())}
        onBlur={() => setTouched(true)}
        placeholder="openai-prod"
        hint={name ? `Clients reach it at /c/${name}/` : "Becomes the URL slug clients use"}
        error={nameError ?? serverError?.issueFor("name")}
        autoComplete="off"
      />
      <TextField
        label="Upstream URL"
        required
        value={upstreamUrl}
        onChange={(e) => setUpstreamUrl(e.target.value)}
        placeholder={KIND_URL_PLACEHOLDER[kind]}
        error={serverError?.issueFor("upstreamUrl")}
        fieldClassName="md:col-span-2"
        autoComplete="off"
      />
      <TextField
        label="Credential"
        type="password"
        value={credential}
        onChange={(e) => setCredential(e.target.value)}
        autoComplete="new-password"
        hint={kind === "postgres" ? "The database password. Stored encrypted; never shown again." : "The upstream API key. Stored encrypted; never shown again."}
        error={serverError?.issueFor("credential")}
      />
      {kind === "http" ? (
        <TextField
          label="Credential header"
          value={authHeader}
          onChange={(e) => setAuthHeader(e.target.value)}
          placeholder="Authorization (Bearer)"
          hint="Header that carries the credential upstream"
          error={serverError?.issueFor("authHeader")}
        />
      ) : (
        <div />
      )}
      <TextAreaField
        label="Options (JSON)"
        rows={3}
        value={options}
        onChange={(e) => setOptions(e.target.value)}
        placeholder='{"timeoutMs": 60000}'
        error={parsedOptions.error ?? serverError?.issueFor("options")}
        fieldClassName="md:col-span-2"
      />
      <CheckboxField
        label="Allow private network"
        hint="Let the upstream be a private, loopback or link-local address (admins only; off protects against SSRF)."
        checked={allowPrivateNetwork}
        onChange={(e) => setAllowPrivateNetwork(e.target.checked)}
        className="md:col-span-2"
      />
      <FormActions submitLabel="Register connection" busy={create.isPending} error={create.error} onCancel={onCancel} className="md:col-span-2" />
    </Form>
  );
}
