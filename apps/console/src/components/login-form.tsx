"use client";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { signInErrorMessage } from "@/lib/sign-in-messages";

export function LoginForm({ oidcName }: { oidcName: string | null }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    // next-auth fetches its CSRF token and posts it with the credentials.
    const result = await signIn("credentials", { email: form.get("email"), password: form.get("password"), redirect: false });
    setBusy(false);
    if (result?.ok && !result.error) {
      router.replace("/");
      router.refresh();
    } else {
      setError(signInErrorMessage(result?.error));
    }
  }

  return (
    <div className="space-y-4">
      <form onSubmit={submit} className="space-y-3">
        <label className="block text-sm">
          Email
          <input name="email" type="email" autoComplete="username" required className="mt-1 w-full rounded border border-zinc-300 bg-white px-2 py-1.5 dark:border-zinc-700 dark:bg-zinc-950" />
        </label>
        <label className="block text-sm">
          Password
          <input name="password" type="password" autoComplete="current-password" required className="mt-1 w-full rounded border border-zinc-300 bg-white px-2 py-1.5 dark:border-zinc-700 dark:bg-zinc-950" />
        </label>
        {error && <p className="text-sm text-red-700 dark:text-red-300" role="alert">{error}</p>}
        <button type="submit" disabled={busy} className="w-full rounded bg-indigo-600 px-3 py-2 text-sm font-medium text-white disabled:opacity-50">
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
      {oidcName && (
        <button type="button" onClick={() => signIn("oidc", { callbackUrl: "/" })} className="w-full rounded border border-zinc-300 px-3 py-2 text-sm font-medium dark:border-zinc-700">
          Continue with {oidcName}
        </button>
      )}
    </div>
  );
}
