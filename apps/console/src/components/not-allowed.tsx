export function NotAllowed({ role }: { role: string }) {
  return (
    <div className="rounded border border-slate-200 bg-white p-6">
      <h1 className="mb-2 text-lg font-semibold">Not available to your role</h1>
      <p className="text-sm text-slate-600">The {role} role cannot open this page. Ask an administrator if you need access.</p>
    </div>
  );
}
