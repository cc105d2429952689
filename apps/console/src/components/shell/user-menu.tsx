"use client";
import { signOut } from "next-auth/react";
import { useEffect, useRef, useState } from "react";
import type { Me } from "@/hooks/use-me";

/** Who is signed in, their role, and sign-out. */
export function UserMenu({ me }: { me: Me | undefined }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent | KeyboardEvent) => {
      if (e instanceof KeyboardEvent ? e.key === "Escape" : !ref.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", close);
    document.addEventListener("keydown", close);
    return () => {
      document.removeEventListener("mousedown", close);
      document.removeEventListener("keydown", close);
    };
  }, [open]);

  if (!me) return <span className="h-8 w-24 animate-pulse rounded-md bg-zinc-200 dark:bg-zinc-800" />;
  return (
    <div ref={ref} className="relative">
      <button
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((v) => !v)}
        className="flex items-center gap-2 rounded-md px-2 py-1 text-sm text-zinc-700 hover:bg-zinc-100 dark:text-zinc-200 dark:hover:bg-zinc-800"
      >
        <span aria-hidden className="flex size-7 items-center justify-center rounded-full bg-indigo-600 text-xs font-semibold uppercase text-white">
          {me.label.slice(0, 1)}
        </span>
        <span className="hidden sm:inline">{me.label}</span>
        <span className="rounded bg-zinc-100 px-1.5 py-0.5 text-[11px] uppercase tracking-wide text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">
          {me.role}
        </span>
      </button>
      {open ? (
        <div
          role="menu"
          aria-label="Account"
          className="absolute right-0 z-20 mt-1 w-56 rounded-md border border-zinc-200 bg-white py-1 shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
        >
          <p className="truncate px-3 py-2 text-xs text-zinc-500 dark:text-zinc-400">Signed in as {me.label}</p>
          <button
            type="button"
            role="menuitem"
            onClick={() => void signOut({ callbackUrl: "/login" })}
            className="block w-full px-3 py-2 text-left text-sm text-zinc-800 hover:bg-zinc-100 dark:text-zinc-100 dark:hover:bg-zinc-800"
          >
            Sign out
          </button>
        </div>
      ) : null}
    </div>
  );
}
