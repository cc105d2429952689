"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  connection,
  connectionCreate,
  connectionGrant,
  connectionGrantCreate,
  connectionGrantPage,
  connectionPage,
  connectionTestResult,
  connectionUpdate,
} from "@/lib/api/schemas/connections";
import { api, type Body, type Wire } from "@/lib/api/client";
import { FULL_LIST_LIMIT, queryKeys } from "./query-keys";

export type Connection = Wire<typeof connection>;
export type ConnectionCreate = Body<typeof connectionCreate>;
export type ConnectionUpdate = Body<typeof connectionUpdate>;
export type ConnectionTestResult = Wire<typeof connectionTestResult>;
export type ConnectionGrant = Wire<typeof connectionGrant>;

export function useConnections() {
  return useQuery({
    queryKey: queryKeys.connections,
    queryFn: () => api.get<Wire<typeof connectionPage>>("/connections", { limit: FULL_LIST_LIMIT }),
    select: (page) => page.data,
  });
}

export function useCreateConnection() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ConnectionCreate) => api.post<Connection>("/connections", body),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.connections }),
  });
}

export function useUpdateConnection() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: ConnectionUpdate & { id: string }) => api.patch<Connection>(`/connections/${encodeURIComponent(id)}`, body),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.connections }),
  });
}

export function useDeleteConnection() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/connections/${encodeURIComponent(id)}`),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.connections }),
  });
}

/** One request through the gateway with a short-lived key; the result says what came back. */
export function useTestConnection() {
  return useMutation({ mutationFn: (id: string) => api.post<ConnectionTestResult>(`/connections/${encodeURIComponent(id)}/test`) });
}

export function useConnectionGrants(connectionId: string, enabled = true) {
  return useQuery({
    queryKey: queryKeys.connectionGrants(connectionId),
    queryFn: () => api.get<Wire<typeof connectionGrantPage>>(`/connections/${encodeURIComponent(connectionId)}/grants`, { limit: FULL_LIST_LIMIT }),
    select: (page) => page.data,
    enabled,
  });
}

export function useCreateConnectionGrant(connectionId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof connectionGrantCreate>) => api.post<ConnectionGrant>(`/connections/${encodeURIComponent(connectionId)}/grants`, body),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.connectionGrants(connectionId) }),
  });
}

export function useDeleteConnectionGrant(connectionId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (grantId: string) => api.delete(`/connections/${encodeURIComponent(connectionId)}/grants/${encodeURIComponent(grantId)}`),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.connectionGrants(connectionId) }),
  });
}
