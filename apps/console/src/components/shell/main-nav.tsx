"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { usePendingApprovalCount } from "@/hooks/use-approvals";
import type { Me } from "@/hooks/use-me";
import { cx } from "../ui/cx";
import { isActive, NAV_ITEMS } from "./nav-items";

function PendingCount({ count }: { count: number | undefined }) {
  if (!count) return null;
  return (
    <span
      aria-label={`${count} pending`}
      className="ml-auto rounded-full bg-amber-500 px-1.5 py-0.5 text-[11px] font-semibold leading-none text-white dark:bg-amber-400 dark:text-zinc-950"
    >
      {count}
    </span>
  );
}

/** The one navigation landmark: only the sections the signed-in role may open. */
export function MainNav({ me }: { me: Me | undefined }) {
  const pathname = usePathname();
  const permissions = new Set(me?.permissions ?? []);
  const pending = usePendingApprovalCount(permissions.has("approvals.read"));
  const items = NAV_ITEMS.filter((item) => permissions.has(item.permission));
  return (
    <nav aria-label="Main" className="flex gap-1 overflow-x-auto md:flex-col md:overflow-visible">
      {items.map((item) => {
        const active = isActive(item.href, pathname);
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={active ? "page" : undefined}
            className={cx(
              "flex items-center gap-2 whitespace-nowrap rounded-md px-3 py-2 text-sm font-medium",
              active
                ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900"
                : "text-zinc-700 hover:bg-zinc-200/60 dark:text-zinc-300 dark:hover:bg-zinc-800",
            )}
          >
            {item.label}
            {item.href === "/approvals" ? <PendingCount count={pending} /> : null}
          </Link>
        );
      })}
    </nav>
  );
}
