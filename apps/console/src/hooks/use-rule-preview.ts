"use client";
import { keepPreviousData, useQuery, type QueryKey } from "@tanstack/react-query";
import { api } from "@/lib/api/client";

/**
 * Runs a draft rule over a sample on the server; nothing is asked while `request` is null. The
 * last answer stays on screen while the next one loads, and errors (a bad regex) are not retried.
 */
export function useRulePreview<TRequest, TResult>(rulesKey: QueryKey, path: string, request: TRequest | null) {
  return useQuery({
    queryKey: [...rulesKey, "preview", request],
    queryFn: () => api.post<TResult>(path, request),
    enabled: request !== null,
    placeholderData: keepPreviousData,
    retry: false,
    staleTime: Infinity,
  });
}
