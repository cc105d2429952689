// The browser's typed fetch wrapper for /api/v1. Types come from the zod schemas the server
// validates with (imported as types only, so no schema code ships to the browser): `Wire<S>` is
// what a response looks like on the wire, `Body<S>` what a request body may contain. Requests carry
// the session cookie; failures become ApiRequestError with the server's code, message and issues.
import type { z } from "zod";

export type Wire<S extends z.ZodType> = z.output<S>;
export type Body<S extends z.ZodType> = z.input<S>;

export interface ApiIssue {
  path: string;
  message: string;
  code?: string;
}

export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: ApiIssue[] = [],
  ) {
    super(message);
    this.name = "ApiRequestError";
  }

  /** The validation message for one body field (or its children), for showing next to the input. */
  issueFor(field: string): string | undefined {
    return this.issues.find((i) => i.path === field || i.path.startsWith(`${field}.`))?.message;
  }
}

/** A message a person can read, whatever was thrown. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === "string" ? error : "Something went wrong.";
}

export type Query = Record<string, string | number | boolean | null | undefined>;

async function request<T>(method: string, path: string, options: { query?: Query; body?: unknown; signal?: AbortSignal }): Promise<T> {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined && v !== null && v !== "") qs.set(k, String(v));
  const res = await fetch(`/api/v1${path}${qs.size ? `?${qs}` : ""}`, {
    method,
    credentials: "same-origin",
    headers: options.body === undefined ? { accept: "application/json" } : { accept: "application/json", "content-type": "application/json" },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal ?? null,
  });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // A proxy's HTML error page: reported with the status below.
  }
  if (!res.ok) {
    const error = (json as { error?: { code?: string; message?: string; details?: { issues?: ApiIssue[] } } } | null)?.error;
    throw new ApiRequestError(res.status, error?.code ?? "error", error?.message ?? `request failed (${res.status})`, error?.details?.issues ?? []);
  }
  return json as T;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>("GET", path, { ...(query ? { query } : {}), ...(signal ? { signal } : {}) }),
  post: <T>(path: string, body?: unknown) => request<T>("POST", path, { body }),
  patch: <T>(path: string, body: unknown) => request<T>("PATCH", path, { body }),
  delete: <T>(path: string) => request<T>("DELETE", path, {}),
};
