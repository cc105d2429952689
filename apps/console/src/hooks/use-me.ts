"use client";
import { useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api/client";
import { qk } from "./keys";

export function useMe() {
  return useQuery({ queryKey: qk.me, queryFn: api.me, staleTime: 60_000 });
}

/** True when the signed-in role may perform `resource.action` (the server enforces it regardless). */
export function useCan(permission: string): boolean {
  return useMe().data?.permissions.includes(permission) ?? false;
}
