"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import type { auditEvent, auditEventPage } from "@/lib/api/schemas/admin";
import { api, type Wire } from "@/lib/api/client";
import { queryKeys } from "./query-keys";

export type AuditEvent = Wire<typeof auditEvent>;

export interface AuditFilters {
  action?: string;
  actorId?: string;
  targetType?: string;
  targetId?: string;
  from?: string;
  to?: string;
}

export function useAuditEvents(filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: [...queryKeys.auditEvents, filters],
    queryFn: ({ pageParam }) =>
      api.get<Wire<typeof auditEventPage>>("/audit-events", { ...filters, limit: 50, cursor: pageParam ?? undefined }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}
