// The OpenAPI document is valid OpenAPI 3.1 and describes exactly the routes the app serves:
// every route file under src/app/api/v1 and every method it exports.
import { readdir } from "node:fs/promises";
import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RouteHandler } from "@/server/api/route";
import { call, startHarness, type Harness } from "./support/harness";

const API_DIR = path.resolve(import.meta.dirname, "../src/app/api/v1");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

async function routeFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? routeFiles(path.join(dir, e.name)) : Promise.resolve(e.name === "route.ts" ? [path.join(dir, e.name)] : []))));
  return nested.flat();
}

/** src/app/api/v1/connections/[id]/route.ts → /connections/{id} */
function openApiPath(file: string): string {
  const rel = path.relative(API_DIR, path.dirname(file)).split(path.sep).filter(Boolean);
  return `/${rel.map((s) => s.replace(/^\[(\w+)\]$/, "{$1}")).join("/")}`;
}

describe("GET /api/v1/openapi.json", () => {
  it("needs no credentials and is a valid OpenAPI 3.1 document", async () => {
    const res = await call("GET", "/openapi.json");
    expect(res.status).toBe(200);
    const validator = new Validator();
    const result = await validator.validate(res.body);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(res.body.openapi).toBe("3.1.0");
  });

  it("documents every route the app serves, with the same path and method, and nothing else", async () => {
    const doc = (await call("GET", "/openapi.json")).body as { paths: Record<string, Record<string, unknown>> };
    const served = new Set<string>();
    for (const file of await routeFiles(API_DIR)) {
      const mod = (await import(file)) as Record<string, RouteHandler | undefined>;
      const p = openApiPath(file);
      for (const method of METHODS) {
        const handler = mod[method];
        if (!handler) continue;
        served.add(`${method} ${p}`);
        expect(handler.spec, `${file} exports ${method} without the route factory`).toBeDefined();
        expect(`${handler.spec.method} ${handler.spec.path}`, `${file} ${method}`).toBe(`${method} ${p}`);
      }
    }
    const documented = new Set(Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)));
    expect([...documented].sort()).toEqual([...served].sort());
    expect(served.size).toBeGreaterThan(60);
  });

  it("describes request bodies, query parameters and responses from the zod schemas", async () => {
    const doc = (await call("GET", "/openapi.json")).body;
    const create = doc.paths["/connections"].post;
    expect(create.requestBody.content["application/json"].schema.required).toEqual(expect.arrayContaining(["name", "kind", "upstreamUrl"]));
    expect(create.responses["201"].content["application/json"].schema.properties).toHaveProperty("credentialHint");
    expect(create.responses["201"].content["application/json"].schema.properties).not.toHaveProperty("credential");
    const list = doc.paths["/sessions"].get;
    expect(list.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(["cursor", "limit", "q", "hasBlock", "connectionId"]));
    const session = list.responses["200"].content["application/json"].schema.properties.data.items.properties;
    expect(session.startedAt).toMatchObject({ type: "string", format: "date-time" });
    expect(doc.paths["/approvals/{id}/approve"].post.parameters[0]).toMatchObject({ name: "id", in: "path", required: true });
  });
});
