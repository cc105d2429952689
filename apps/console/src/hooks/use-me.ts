"use client";
import { useQuery } from "@tanstack/react-query";
import type { me } from "@/lib/api/schemas/identities";
import { api, type Wire } from "@/lib/api/client";
import { queryKeys } from "./query-keys";

export type Me = Wire<typeof me>;

/** The signed-in caller, their role and every `resource.action` it allows. */
export function useMe(enabled = true) {
  return useQuery({ queryKey: queryKeys.me, queryFn: () => api.get<Me>("/me"), staleTime: 60_000, enabled });
}

/** True when the caller's role allows `resource.action` (false while loading; the server checks again). */
export function useCan(permission: string): boolean {
  const { data } = useMe();
  return data?.permissions.includes(permission) ?? false;
}
