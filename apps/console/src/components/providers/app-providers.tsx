"use client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useEffect, useState, type ReactNode } from "react";
import { ApiRequestError } from "@/lib/api/client";
import { ThemeProvider } from "../theme/theme-provider";

function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        // A 4xx will not change by asking again; network blips and 5xx might.
        retry: (count, err) => !(err instanceof ApiRequestError && err.status < 500) && count < 2,
        refetchOnWindowFocus: true,
      },
    },
  });
}

/** Everything client components need from context: react-query and the theme. */
export function AppProviders({ children }: { children: ReactNode }) {
  const [client] = useState(makeQueryClient);
  // Marks the page as interactive. What is typed into a server-rendered field before React has
  // hydrated it is lost; the end-to-end specs wait for this mark before they type.
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return (
    <QueryClientProvider client={client}>
      <ThemeProvider>{children}</ThemeProvider>
    </QueryClientProvider>
  );
}
