"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type ConnectionInput } from "@/lib/api/client";
import { qk } from "./keys";

export function useConnections() {
  return useQuery({ queryKey: qk.connections, queryFn: () => api.connections.list({ limit: 200 }) });
}

export function useCreateConnection() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: ConnectionInput) => api.connections.create(input),
    onSuccess: () => client.invalidateQueries({ queryKey: qk.connections }),
  });
}

export function useDeleteConnection() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.connections.remove(id),
    onSuccess: () => client.invalidateQueries({ queryKey: qk.connections }),
  });
}

export function useTestConnection() {
  return useMutation({ mutationFn: (id: string) => api.connections.test(id) });
}
