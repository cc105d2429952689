"use client";
// Users and service accounts: the owners keys and grants can be given to.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { serviceAccount, serviceAccountCreate, serviceAccountPage, user, userPage } from "@/lib/api/schemas/identities";
import { api, type Body, type Wire } from "@/lib/api/client";
import { FULL_LIST_LIMIT, queryKeys } from "./query-keys";

export type User = Wire<typeof user>;
export type ServiceAccount = Wire<typeof serviceAccount>;

export function useUsers(enabled = true) {
  return useQuery({
    queryKey: queryKeys.users,
    queryFn: () => api.get<Wire<typeof userPage>>("/users", { limit: FULL_LIST_LIMIT }),
    select: (page) => page.data,
    enabled,
  });
}

export function useServiceAccounts(enabled = true) {
  return useQuery({
    queryKey: queryKeys.serviceAccounts,
    queryFn: () => api.get<Wire<typeof serviceAccountPage>>("/service-accounts", { limit: FULL_LIST_LIMIT }),
    select: (page) => page.data,
    enabled,
  });
}

export function useCreateServiceAccount() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof serviceAccountCreate>) => api.post<ServiceAccount>("/service-accounts", body),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.serviceAccounts }),
  });
}

export function useSetServiceAccountDisabled() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, disabled }: { id: string; disabled: boolean }) =>
      api.patch<ServiceAccount>(`/service-accounts/${encodeURIComponent(id)}`, { disabled }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.serviceAccounts }),
  });
}
