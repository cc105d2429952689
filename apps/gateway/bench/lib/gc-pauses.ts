// Garbage-collection pauses of the process it runs in, from perf_hooks' `gc` entries (wall time on
// the main thread, so time the thread was descheduled mid-collection counts too, as it does for the
// requests that wait). `bench:cpu --gc` asks a gateway for them after every run.
import { constants, PerformanceObserver } from "node:perf_hooks";

export interface PauseTotals {
  count: number;
  ms: number;
  maxMs: number;
}

export interface GcPauses {
  /** Young-generation collections (scavenges). */
  minor: PauseTotals;
  /** Full mark-compact collections of the whole heap. */
  major: PauseTotals;
}

export function emptyPauses(): GcPauses {
  return { minor: { count: 0, ms: 0, maxMs: 0 }, major: { count: 0, ms: 0, maxMs: 0 } };
}

/** Starts observing; `take()` returns the pauses since the previous call and starts counting afresh. */
export function watchGcPauses(): { take(): GcPauses } {
  let totals = emptyPauses();
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as unknown as { detail?: { kind?: number } }).detail?.kind;
      const into = kind === constants.NODE_PERFORMANCE_GC_MINOR ? totals.minor : kind === constants.NODE_PERFORMANCE_GC_MAJOR ? totals.major : undefined;
      if (!into) continue;
      into.count++;
      into.ms += entry.duration;
      into.maxMs = Math.max(into.maxMs, entry.duration);
    }
  });
  observer.observe({ entryTypes: ["gc"] });
  return {
    take() {
      const taken = totals;
      totals = emptyPauses();
      return taken;
    },
  };
}

/** Adds `b` into `a`. */
export function addPauses(a: GcPauses, b: GcPauses): void {
  for (const key of ["minor", "major"] as const) {
    a[key].count += b[key].count;
    a[key].ms += b[key].ms;
    a[key].maxMs = Math.max(a[key].maxMs, b[key].maxMs);
  }
}

/** "scavenges 118 (2.00 ms mean, max 9.4, 236 ms in all), mark-compacts 0". */
export function describePauses(p: GcPauses): string {
  const one = (name: string, t: PauseTotals) => `${name} ${t.count}${t.count ? ` (${(t.ms / t.count).toFixed(2)} ms mean, max ${t.maxMs.toFixed(1)}, ${Math.round(t.ms)} ms in all)` : ""}`;
  return `${one("scavenges", p.minor)}, ${one("mark-compacts", p.major)}`;
}
