"use client";
import { useNow } from "@/hooks/use-now";
import { cx } from "../ui/cx";

function format(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}h ${String(m).padStart(2, "0")}m` : `${m}:${String(s).padStart(2, "0")}`;
}

/** Age of a request and the time it has left, ticking every second. */
export function AgeAndTimeLeft({ createdAt, expiresAt }: { createdAt: string; expiresAt: string }) {
  const now = useNow(1_000);
  const age = now - new Date(createdAt).getTime();
  const left = new Date(expiresAt).getTime() - now;
  return (
    <span className="inline-flex gap-3 text-xs tabular-nums" suppressHydrationWarning>
      <span>waiting {format(age)}</span>
      <span className={cx(left < 30_000 ? "font-semibold text-red-600 dark:text-red-400" : "text-zinc-600 dark:text-zinc-300")}>
        {left > 0 ? `${format(left)} left` : "expired"}
      </span>
    </span>
  );
}
