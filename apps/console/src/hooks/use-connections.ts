"use client";
import { useMutation } from "@tanstack/react-query";
import type { connection, connectionCreate, connectionGrant, connectionGrantCreate, connectionGrantPage, connectionPage, connectionTestResult, connectionUpdate } from "@/lib/api/schemas/connections";
import { api, type Body, type Wire } from "@/lib/api/client";
import { queryKeys } from "./query-keys";
import { deleteFrom, resourcePath, useFullList, useInvalidatingMutation } from "./resource";

export type Connection = Wire<typeof connection>;
export type ConnectionCreate = Body<typeof connectionCreate>;
export type ConnectionUpdate = Body<typeof connectionUpdate>;
export type ConnectionTestResult = Wire<typeof connectionTestResult>;
export type ConnectionGrant = Wire<typeof connectionGrant>;

export function useConnections() {
  return useFullList<Wire<typeof connectionPage>>(queryKeys.connections, "/connections");
}

export function useCreateConnection() {
  return useInvalidatingMutation((body: ConnectionCreate) => api.post<Connection>("/connections", body), [queryKeys.connections]);
}

export function useUpdateConnection() {
  return useInvalidatingMutation(
    ({ id, ...body }: ConnectionUpdate & { id: string }) => api.patch<Connection>(resourcePath("/connections", id), body),
    [queryKeys.connections],
  );
}

export function useDeleteConnection() {
  return useInvalidatingMutation(deleteFrom("/connections"), [queryKeys.connections]);
}

/** One request through the gateway with a short-lived key; the result says what came back. */
export function useTestConnection() {
  return useMutation({ mutationFn: (id: string) => api.post<ConnectionTestResult>(resourcePath("/connections", id, "test")) });
}

export function useConnectionGrants(connectionId: string, enabled = true) {
  return useFullList<Wire<typeof connectionGrantPage>>(queryKeys.connectionGrants(connectionId), resourcePath("/connections", connectionId, "grants"), { enabled });
}

export function useCreateConnectionGrant(connectionId: string) {
  return useInvalidatingMutation(
    (body: Body<typeof connectionGrantCreate>) => api.post<ConnectionGrant>(resourcePath("/connections", connectionId, "grants"), body),
    [queryKeys.connectionGrants(connectionId)],
  );
}

export function useDeleteConnectionGrant(connectionId: string) {
  return useInvalidatingMutation(deleteFrom(resourcePath("/connections", connectionId, "grants")), [queryKeys.connectionGrants(connectionId)]);
}
