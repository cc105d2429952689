"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { useMe } from "@/hooks/use-me";
import { ThemeToggle } from "../theme/theme-toggle";
import { MainNav } from "./main-nav";
import { UserMenu } from "./user-menu";

/** Pages shown without the console chrome (nobody is signed in there yet). */
const BARE_PATHS = ["/login"];

export function AppShell({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  const bare = BARE_PATHS.some((p) => pathname === p || pathname.startsWith(`${p}/`));
  const { data: me } = useMe(!bare);
  if (bare) return <>{children}</>;
  return (
    <div className="min-h-screen bg-zinc-50 text-zinc-900 md:flex dark:bg-zinc-950 dark:text-zinc-100">
      <aside className="border-b border-zinc-200 bg-zinc-100/60 p-3 md:sticky md:top-0 md:h-screen md:w-56 md:shrink-0 md:border-b-0 md:border-r dark:border-zinc-800 dark:bg-zinc-900/60">
        <Link href="/" className="mb-4 flex items-center gap-2 px-3 py-2 text-base font-semibold tracking-tight">
          <span aria-hidden className="inline-block size-5 rounded bg-indigo-600 dark:bg-indigo-400" />
          Airlock
        </Link>
        <MainNav me={me} />
      </aside>
      <div className="min-w-0 flex-1">
        <header className="flex items-center justify-end gap-2 border-b border-zinc-200 bg-white/80 px-6 py-2 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/80">
          <ThemeToggle />
          <UserMenu me={me} />
        </header>
        <main className="mx-auto max-w-7xl px-6 py-6">{children}</main>
      </div>
    </div>
  );
}
