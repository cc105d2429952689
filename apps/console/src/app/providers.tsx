"use client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";

export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: { queries: { staleTime: 10_000, retry: (count, err) => count < 2 && (err as { status?: number }).status === undefined } },
      }),
  );
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
