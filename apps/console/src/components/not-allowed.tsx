export function NotAllowed({ role }: { role: string }) {
  return (
    <div className="rounded border border-zinc-200 bg-white p-6 dark:border-zinc-800 dark:bg-zinc-900">
      <h1 className="mb-2 text-lg font-semibold">Not available to your role</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">The {role} role cannot open this page. Ask an administrator if you need access.</p>
    </div>
  );
}
