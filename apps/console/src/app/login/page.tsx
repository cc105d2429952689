import { redirect } from "next/navigation";
import { LoginForm } from "@/components/login-form";
import { getEnv } from "@/server/env";
import { currentViewer } from "@/server/page-auth";

export const metadata = { title: "Sign in · Airlock" };

// next-auth's error codes, in words a person can act on.
const ERRORS: Record<string, string> = {
  CredentialsSignin: "Invalid email or password.",
  AccessDenied: "Access denied.",
  OAuthSignin: "Could not start single sign-on.",
  OAuthCallback: "Single sign-on did not complete.",
  SessionRequired: "Please sign in.",
};

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ error?: string; callbackUrl?: string }> }) {
  if (await currentViewer()) redirect("/");
  const { error } = await searchParams;
  const env = getEnv();
  return (
    <main className="mx-auto mt-24 max-w-sm rounded-lg border border-zinc-200 bg-white p-8 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
      <h1 className="mb-1 text-xl font-semibold">Airlock</h1>
      <p className="mb-6 text-sm text-zinc-500 dark:text-zinc-400">Sign in to the console</p>
      {error && <p className="mb-4 rounded bg-red-50 p-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-200" role="alert">{ERRORS[error] ?? error}</p>}
      <LoginForm oidcName={env.oidc ? env.AIRLOCK_OIDC_CONSOLE_NAME : null} />
    </main>
  );
}
