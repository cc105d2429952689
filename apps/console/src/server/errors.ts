// Typed API errors. Each carries its HTTP status; `errorResponse` is the one place that turns any
// thrown value into a response, and it never shows the message of a 5xx to the caller.
import { randomUUID } from "node:crypto";
import type { z } from "zod";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, details?: unknown) => new ApiError(400, "invalid_request", message, details);
export const unauthorized = (message = "sign in, or send Authorization: Bearer <personal access token>") =>
  new ApiError(401, "unauthorized", message);
export const forbidden = (message = "your role does not allow this") => new ApiError(403, "forbidden", message);
export const notFound = (what = "resource") => new ApiError(404, "not_found", `${what} not found`);
export const conflict = (message: string) => new ApiError(409, "conflict", message);

export function validationError(where: "query" | "body" | "path", error: z.ZodError): ApiError {
  const issues = error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message, code: i.code }));
  const first = issues[0];
  const summary = first ? `${first.path || where}: ${first.message}` : "invalid input";
  return new ApiError(400, "invalid_request", `invalid ${where}: ${summary}`, { issues });
}

/** Prisma's known request errors that are the caller's fault, by code. */
function fromPrisma(err: unknown): ApiError | null {
  const e = err as { code?: unknown; meta?: { target?: unknown; modelName?: unknown } };
  if (typeof e?.code !== "string" || !/^P\d{4}$/.test(e.code)) return null;
  switch (e.code) {
    case "P2002": {
      const target = Array.isArray(e.meta?.target) ? e.meta.target.join(", ") : String(e.meta?.target ?? "a unique field");
      return conflict(`a record with the same ${target} already exists`);
    }
    case "P2025":
      return notFound(typeof e.meta?.modelName === "string" ? e.meta.modelName : "record");
    case "P2003":
      return badRequest("a referenced record does not exist");
    default:
      return null;
  }
}

export function errorResponse(err: unknown): Response {
  const known = err instanceof ApiError ? err : fromPrisma(err);
  if (known && known.status < 500) {
    return Response.json(
      { error: { code: known.code, message: known.message, ...(known.details ? { details: known.details } : {}) } },
      { status: known.status },
    );
  }
  const errorId = randomUUID();
  console.error(`[console] internal error ${errorId}:`, err);
  return Response.json(
    { error: { code: "internal", message: `internal error (reference ${errorId})` } },
    { status: known?.status ?? 500 },
  );
}
