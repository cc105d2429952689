"use client";
import { useInfiniteQuery, useMutation, useQuery } from "@tanstack/react-query";
import type { recordedSession, replay, replayStep, sessionExport, sessionPage, sessionVerification } from "@/lib/api/schemas/sessions";
import { api, type Wire } from "@/lib/api/client";
import { queryKeys } from "./query-keys";
import { resourcePath } from "./resource";

export type RecordedSession = Wire<typeof recordedSession>;
export type SessionReplay = Wire<typeof replay>;
export type ReplayStep = Wire<typeof replayStep>;
export type SessionVerification = Wire<typeof sessionVerification>;
export type SessionExport = Wire<typeof sessionExport>;

/** The list filters, exactly as they appear in the page URL and the API's query string. */
export interface SessionFilters {
  connectionId?: string;
  identityId?: string;
  from?: string;
  to?: string;
  status?: "active" | "closed";
  hasBlock?: "true";
  hasApproval?: "true";
  q?: string;
}

const PAGE_SIZE = 25;

/** Keyset-paginated session search; `fetchNextPage` follows the server's cursor. */
export function useSessions(filters: SessionFilters) {
  return useInfiniteQuery({
    queryKey: [...queryKeys.sessions, "list", filters],
    queryFn: ({ pageParam }) => api.get<Wire<typeof sessionPage>>("/sessions", { ...filters, limit: PAGE_SIZE, cursor: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useSession(id: string) {
  return useQuery({
    queryKey: queryKeys.session(id),
    queryFn: () => api.get<RecordedSession>(resourcePath("/sessions", id)),
    // An active session keeps growing; refresh its counters while someone watches it.
    refetchInterval: (query) => (query.state.data?.status === "active" ? 5_000 : false),
  });
}

/** The timeline a player steps through (built on the server by @airlock/recording's replayTimeline). */
export function useSessionReplay(id: string) {
  return useQuery({
    queryKey: [...queryKeys.session(id), "replay"],
    queryFn: () => api.get<SessionReplay>(resourcePath("/sessions", id, "replay")),
    staleTime: Infinity,
  });
}

export function useSessionVerification(id: string) {
  return useQuery({
    queryKey: [...queryKeys.session(id), "verify"],
    queryFn: () => api.get<SessionVerification>(resourcePath("/sessions", id, "verify")),
  });
}

/** Fetches the evidence bundle and hands it to the browser as a JSON download. */
export function useExportSession() {
  return useMutation({
    mutationFn: async (id: string) => {
      const bundle = await api.get<SessionExport>(resourcePath("/sessions", id, "export"));
      const blob = new Blob([JSON.stringify(bundle, null, 2)], { type: "application/json" });
      const href = URL.createObjectURL(blob);
      const link = document.createElement("a");
      link.href = href;
      link.download = `airlock-session-${id}.json`;
      document.body.append(link);
      link.click();
      link.remove();
      // Revoking at once can cancel the download in some browsers; a moment later is safe.
      setTimeout(() => URL.revokeObjectURL(href), 10_000);
      return bundle;
    },
  });
}
