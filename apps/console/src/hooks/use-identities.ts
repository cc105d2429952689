"use client";
// Users and service accounts: the owners keys and grants can be given to.
import type { serviceAccount, serviceAccountCreate, serviceAccountPage, user, userCreate, userCreated, userPage, userUpdate } from "@/lib/api/schemas/identities";
import { api, type Body, type Wire } from "@/lib/api/client";
import { queryKeys } from "./query-keys";
import { resourcePath, useFullList, useInvalidatingMutation } from "./resource";

export type User = Wire<typeof user>;
export type ServiceAccount = Wire<typeof serviceAccount>;
export type UserCreated = Wire<typeof userCreated>;

export function useUsers(enabled = true) {
  return useFullList<Wire<typeof userPage>>(queryKeys.users, "/users", { enabled });
}

export function useCreateUser() {
  return useInvalidatingMutation((body: Body<typeof userCreate>) => api.post<UserCreated>("/users", body), [queryKeys.users]);
}

export function useUpdateUser() {
  return useInvalidatingMutation(
    ({ id, ...changes }: Body<typeof userUpdate> & { id: string }) => api.patch<User>(resourcePath("/users", id), changes),
    [queryKeys.users],
  );
}

export function useServiceAccounts(enabled = true) {
  return useFullList<Wire<typeof serviceAccountPage>>(queryKeys.serviceAccounts, "/service-accounts", { enabled });
}

export function useCreateServiceAccount() {
  return useInvalidatingMutation((body: Body<typeof serviceAccountCreate>) => api.post<ServiceAccount>("/service-accounts", body), [queryKeys.serviceAccounts]);
}

export function useSetServiceAccountDisabled() {
  return useInvalidatingMutation(
    ({ id, disabled }: { id: string; disabled: boolean }) => api.patch<ServiceAccount>(resourcePath("/service-accounts", id), { disabled }),
    [queryKeys.serviceAccounts],
  );
}
