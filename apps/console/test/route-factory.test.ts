// The route factory's guarantees that hold for every route: errors map to statuses in one place
// with 5xx details hidden, and every route that changes something writes an audit row.
import { describe, expect, it } from "vitest";
import { ApiError, errorResponse } from "@/server/errors";
import { ALL_ROUTES } from "@/server/routes";

/** POST routes that compute an answer and change nothing. */
const READ_ONLY_POSTS = new Set(["POST /masking-rules/preview", "POST /guardrail-rules/preview"]);

describe("error mapping", () => {
  it("hides the message of an unexpected error behind a reference", async () => {
    const res = errorResponse(new Error("connect ECONNREFUSED postgres://admin:hunter2@db:5432"));
    expect(res.status).toBe(500);
    const body = await res.json();
    expect(JSON.stringify(body)).not.toContain("hunter2");
    expect(body.error.message).toMatch(/^internal error \(reference [0-9a-f-]{36}\)$/);
  });

  it("hides the message of a typed 5xx too, but keeps its status", async () => {
    const res = errorResponse(new ApiError(503, "unavailable", "pool exhausted at db-3"));
    expect(res.status).toBe(503);
    expect(JSON.stringify(await res.json())).not.toContain("db-3");
  });

  it("turns database constraint errors into the caller's 409 and 404", async () => {
    const dup = errorResponse(Object.assign(new Error("Unique constraint failed"), { code: "P2002", meta: { target: ["name"] } }));
    expect(dup.status).toBe(409);
    expect((await dup.json()).error.message).toBe("a record with the same name already exists");
    const missing = errorResponse(Object.assign(new Error("Record not found"), { code: "P2025", meta: { modelName: "Connection" } }));
    expect(missing.status).toBe(404);
  });
});

describe("audit coverage", () => {
  it("every route that changes something names its audit action", () => {
    const unaudited = ALL_ROUTES.filter((r) => r.spec.method !== "GET" && !READ_ONLY_POSTS.has(`${r.spec.method} ${r.spec.path}`) && !r.spec.audit);
    expect(unaudited.map((r) => `${r.spec.method} ${r.spec.path}`)).toEqual([]);
  });
});
