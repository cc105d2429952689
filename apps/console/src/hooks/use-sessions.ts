"use client";
import { useInfiniteQuery, useMutation, useQuery } from "@tanstack/react-query";
import { api, type SessionsQuery } from "@/lib/api/client";
import { qk } from "./keys";

export function useSessions(filters: SessionsQuery) {
  return useInfiniteQuery({
    queryKey: qk.sessions(filters),
    queryFn: ({ pageParam }) => api.sessions.list({ ...filters, limit: "50", ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: "",
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useSession(id: string) {
  return useQuery({ queryKey: qk.session(id), queryFn: () => api.sessions.get(id) });
}

export function useSessionReplay(id: string) {
  return useQuery({ queryKey: [...qk.session(id), "replay"], queryFn: () => api.sessions.replay(id) });
}

export function useVerifySession() {
  return useMutation({ mutationFn: (id: string) => api.sessions.verify(id) });
}

export function useExportSession() {
  return useMutation({ mutationFn: (id: string) => api.sessions.export(id) });
}
