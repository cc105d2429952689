export const SHORTCUTS = [
  { key: "j", does: "next request" },
  { key: "k", does: "previous request" },
  { key: "a", does: "approve once" },
  { key: "g", does: "approve for the grant minutes" },
  { key: "d", does: "deny (asks for a reason)" },
] as const;

export function ShortcutsHelp() {
  return (
    <section aria-label="Keyboard shortcuts" className="rounded-lg border border-zinc-200 p-3 text-xs dark:border-zinc-800">
      <h2 className="mb-2 font-semibold text-zinc-700 dark:text-zinc-300">Keyboard shortcuts</h2>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
        {SHORTCUTS.map((s) => (
          <div key={s.key} className="contents">
            <dt>
              <kbd className="rounded border border-zinc-300 bg-zinc-50 px-1.5 font-mono dark:border-zinc-600 dark:bg-zinc-800">{s.key}</kbd>
            </dt>
            <dd className="text-zinc-600 dark:text-zinc-400">{s.does}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
