// Connections of kind http: methods, paths, queries, bodies and headers pass; the client's
// credentials and Airlock's own headers do not; the stored credential is injected.
import type { RestEcho } from "@airlock/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./helpers/harness";
import { grant, seedConnection } from "./helpers/seed";
import { seedWorld, type World } from "./helpers/world";

let h: Harness;
let w: World;

beforeAll(async () => {
  h = await startHarness();
  w = await seedWorld(h);
  const extra = [
    await seedConnection(h.db, h.masterKey, { name: "rest-token", kind: "http", upstreamUrl: h.rest.url, credential: "tok-123", authHeader: "X-Api-Token" }),
    await seedConnection(h.db, h.masterKey, { name: "rest-root", kind: "http", upstreamUrl: h.rest.url }),
    await seedConnection(h.db, h.masterKey, { name: "rest-private", kind: "http", upstreamUrl: h.rest.url, allowPrivateNetwork: false }),
    await seedConnection(h.db, h.masterKey, { name: "rest-metadata", kind: "http", upstreamUrl: "http://169.254.169.254/latest", allowPrivateNetwork: false }),
  ];
  for (const c of extra) await grant(h.db, c.id, { serviceAccountId: w.serviceAccountId });
});
afterAll(async () => h?.close());

async function call(path: string, init: RequestInit = {}): Promise<{ status: number; body: RestEcho; headers: Headers }> {
  const response = await fetch(`${w.rest.baseURL}${path}`, { ...init, headers: { authorization: `Bearer ${w.key}`, ...(init.headers as Record<string, string>) } });
  return { status: response.status, body: (await response.json()) as RestEcho, headers: response.headers };
}

describe("REST passthrough", () => {
  it("forwards method, path under the upstream's base path, repeated query values and JSON body", async () => {
    const { status, body, headers } = await call("/orders/42?expand=items&tag=a&tag=b", {
      method: "PATCH",
      headers: { "content-type": "application/json", "x-request-source": "test" },
      body: JSON.stringify({ status: "shipped", count: 3 }),
    });
    expect(status).toBe(200);
    expect(body.method).toBe("PATCH");
    expect(body.path).toBe("/api/orders/42");
    expect(body.query).toEqual({ expand: "items", tag: ["a", "b"] });
    expect(body.json).toEqual({ status: "shipped", count: 3 });
    expect(body.headers["x-request-source"]).toBe("test");
    expect(headers.get("x-airlock-session-id")).toMatch(/\S+/);
  });

  it("injects the stored credential as Bearer and strips the client's credentials and x-airlock-* headers", async () => {
    const { body } = await call("/whoami", { headers: { "x-api-key": w.key, "x-airlock-session": "s-1", "x-airlock-justification": "why not" } });
    const seen = h.rest.lastRequest()?.headers ?? {};
    expect(seen.authorization).toBe(`Bearer ${h.canary.rest}`);
    expect(seen["x-api-key"]).toBeUndefined();
    // The echo of the injected credential is scrubbed on the way back.
    expect(body.headers.authorization).toBe("Bearer [REDACTED]");
    expect(Object.keys(body.headers).filter((k) => k.startsWith("x-airlock-"))).toEqual([]);
    expect(JSON.stringify(body)).not.toContain(w.key);
  });

  it("uses the connection's authHeader for the raw credential", async () => {
    const response = await fetch(`${h.url}/c/rest-token/thing`, { headers: { authorization: `Bearer ${w.key}` } });
    expect(response.status).toBe(200);
    const seen = h.rest.lastRequest()?.headers ?? {};
    expect(seen["x-api-token"]).toBe("tok-123");
    expect(seen.authorization).toBeUndefined();
  });

  it("passes other methods, text bodies and upstream error statuses", async () => {
    const put = await call("/notes", { method: "PUT", headers: { "content-type": "text/plain" }, body: "plain words" });
    expect(put.body).toMatchObject({ method: "PUT", body: "plain words" });
    const del = await fetch(`${h.url}/c/rest-root/status/404`, { method: "DELETE", headers: { authorization: `Bearer ${w.key}` } });
    expect(del.status).toBe(404);
    expect(await del.json()).toMatchObject({ status: 404, request: { method: "DELETE" } });
  });

  it("streams chunked upstream bodies through", async () => {
    const response = await fetch(`${h.url}/c/rest-root/stream?chunks=3`, { headers: { authorization: `Bearer ${w.key}` } });
    expect(await response.text()).toBe("chunk 1\nchunk 2\nchunk 3\n");
  });
});

describe("SSRF guard", () => {
  it("refuses private upstream addresses unless the connection allows them", async () => {
    const before = h.rest.requests.length;
    for (const name of ["rest-private", "rest-metadata"]) {
      const response = await fetch(`${h.url}/c/${name}/x`, { headers: { authorization: `Bearer ${w.key}` } });
      expect(response.status).toBe(403);
      const body = (await response.json()) as { error: { message: string; code: string } };
      expect(body.error.code).toBe("connection_forbidden");
      expect(body.error.message).toMatch(/private or link-local/);
    }
    expect(h.rest.requests.length).toBe(before);
  });
});
