"use client";
// The two shapes nearly every resource hook takes: a list small enough to read in one page, and a
// mutation that refreshes the lists it changed once the server has answered.
import { useMutation, useQuery, useQueryClient, type QueryKey } from "@tanstack/react-query";
import { api, type Query } from "@/lib/api/client";
import { FULL_LIST_LIMIT } from "./query-keys";

/** `/base/<id>/<more…>`, with the id escaped. */
export function resourcePath(base: string, id: string, ...more: string[]): string {
  return [base, encodeURIComponent(id), ...more].join("/");
}

/** One page of `path` (FULL_LIST_LIMIT rows unless `query` says otherwise), unwrapped to its rows. */
export function useFullList<P extends { data: unknown[] }>(
  queryKey: QueryKey,
  path: string,
  options: { query?: Query; enabled?: boolean; refetchInterval?: number | false } = {},
) {
  return useQuery({
    queryKey,
    queryFn: () => api.get<P>(path, { limit: FULL_LIST_LIMIT, ...options.query }),
    select: (page): P["data"] => page.data,
    enabled: options.enabled ?? true,
    refetchInterval: options.refetchInterval ?? false,
  });
}

/**
 * A mutation that invalidates `invalidates` on success. The invalidation is awaited, so the
 * mutation stays pending until the lists on screen show the change.
 */
export function useInvalidatingMutation<TVariables, TResult>(mutationFn: (variables: TVariables) => Promise<TResult>, invalidates: readonly QueryKey[]) {
  const client = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => Promise.all(invalidates.map((queryKey) => client.invalidateQueries({ queryKey }))),
  });
}

/** Saves a draft: PATCH `path/<id>` when it has an id, POST `path` when it is new. */
export function saveTo<TBody extends object, TResult>(path: string) {
  return ({ id, ...body }: TBody & { id?: string }): Promise<TResult> => (id ? api.patch<TResult>(resourcePath(path, id), body) : api.post<TResult>(path, body));
}

/** DELETE `path/<id>`. */
export function deleteFrom(path: string) {
  return (id: string): Promise<unknown> => api.delete<unknown>(resourcePath(path, id));
}
