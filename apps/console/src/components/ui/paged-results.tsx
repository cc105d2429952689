"use client";
import type { ReactNode } from "react";
import { EmptyState, ErrorAlert, Loading } from "./alert";
import { Button } from "./button";
import { cx } from "./cx";

/** The parts of an infinite (cursor-paginated) query these results need. */
interface PagedQuery {
  error: unknown;
  isPending: boolean;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
}

/**
 * Results of a cursor-paginated search: loading, "nothing matches", or the results with a
 * "Load more" button until the last page, where `endLabel` says so. `showCount` adds a live
 * "N shown" on the left.
 */
export function PagedResults({ query, count, empty, endLabel, showCount = false, children }: {
  query: PagedQuery;
  count: number;
  empty: ReactNode;
  endLabel: string;
  showCount?: boolean;
  children: ReactNode;
}) {
  return (
    <>
      <ErrorAlert error={query.error} />
      {query.isPending ? (
        <Loading />
      ) : count === 0 ? (
        <EmptyState>{empty}</EmptyState>
      ) : (
        <>
          {children}
          <div className={cx("mt-4 flex items-center text-sm text-zinc-500 dark:text-zinc-400", showCount ? "justify-between" : "justify-end")}>
            {showCount ? <span aria-live="polite">{count} shown</span> : null}
            {query.hasNextPage ? (
              <Button onClick={() => void query.fetchNextPage()} busy={query.isFetchingNextPage}>
                Load more
              </Button>
            ) : (
              <span>{endLabel}</span>
            )}
          </div>
        </>
      )}
    </>
  );
}
