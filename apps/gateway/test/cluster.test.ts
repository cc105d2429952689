// The shipped gateway with AIRLOCK_WORKERS=2: both worker processes serve requests, every exchange
// is recorded, /readyz and /metrics speak for the whole cluster, a worker that dies is replaced,
// and SIGTERM lets an in-flight stream finish and its recording reach PostgreSQL before the
// process exits 0.
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildGatewayBundle } from "./helpers/built-gateway";
import { startCluster, type ClusterProcess } from "./helpers/cluster-process";
import { gatewayEnv } from "./helpers/gateway-env";
import { startHarness, type Harness } from "./helpers/harness";
import { seedWorld, type World } from "./helpers/world";

let h: Harness;
let w: World;
let gateway: ClusterProcess;

beforeAll(async () => {
  h = await startHarness();
  w = await seedWorld(h);
  const bundle = await buildGatewayBundle("cluster-test");
  gateway = await startCluster(bundle, gatewayEnv(h.database.url, h.masterKey, { AIRLOCK_WORKERS: "2" }));
}, 120_000);
afterAll(async () => {
  if (gateway?.child.exitCode === null) {
    gateway.child.kill("SIGKILL");
    await gateway.exit;
  }
  await h?.close();
});

const url = () => `http://127.0.0.1:${gateway.listening.httpPort as number}`;
const admin = (p: string) => fetch(`http://127.0.0.1:${gateway.listening.adminPort as number}${p}`);
const client = () => new OpenAI({ apiKey: w.key, baseURL: `${url()}/c/${w.openai.name}/v1`, maxRetries: 0 });

async function recordedTypes(): Promise<string[]> {
  const events = await h.db.sessionEvent.findMany({ where: { type: { in: ["exchange.request", "exchange.end"] } }, select: { type: true } });
  return events.map((e) => e.type);
}

describe("a gateway with two worker processes", () => {
  it("serves requests on both workers and answers /readyz and /metrics for the whole cluster", async () => {
    expect(gateway.listening.workers).toBe(2);
    // Each worker is a replica of its own (logs, spool folder): <replica> and <replica>-2.
    const workers = gateway.lines.filter((l) => l.msg === "worker listening").map((l) => l.replica);
    expect(workers.sort()).toEqual([gateway.listening.replica, `${gateway.listening.replica}-2`]);
    expect(gateway.listening.role).toBe("primary");

    // Concurrent calls open several connections, which the primary hands to the workers in turn.
    const questions = Array.from({ length: 8 }, (_, i) => `Question number ${i}`);
    const answers = await Promise.all(questions.map((q) => client().chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: q }] })));
    expect(answers.map((a) => a.choices[0]?.message.content)).toEqual(questions.map((q) => `Echo: ${q}`));
    await expect.poll(() => new Set(gateway.lines.filter((l) => l.msg === "exchange").map((l) => l.replica)).size).toBe(2);

    const ready = await admin("/readyz");
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "ready", checks: { database: true, recorder: true, draining: false, workersReady: 2, workers: 2 } });
    const metrics = await (await admin("/metrics")).text();
    const served = new RegExp(`^airlock_http_requests_total\\{[^}]*connection="${w.openai.name}"[^}]*status="200"[^}]*\\} (\\d+)$`, "m").exec(metrics);
    expect(Number(served?.[1])).toBe(8);
  });

  it("replaces a worker that dies, under the same replica id, and keeps serving", async () => {
    // What the workers served so far is in PostgreSQL (a killed worker loses what it holds in memory).
    await expect.poll(async () => (await recordedTypes()).filter((t) => t === "exchange.end").length).toBe(8);
    const second = gateway.lines.find((l) => l.msg === "worker listening" && l.replica.endsWith("-2"))!;
    process.kill(second.pid as number, "SIGKILL");
    await expect.poll(() => gateway.lines.filter((l) => l.msg === "worker listening" && l.replica === second.replica).length, { timeout: 30_000 }).toBe(2);
    expect(gateway.lines).toContainEqual(expect.objectContaining({ msg: "gateway worker exited; starting a new one", worker: 2, signal: "SIGKILL" }));
    await expect.poll(async () => (await admin("/readyz")).status, { timeout: 10_000 }).toBe(200);
    const answers = await Promise.all(["After the restart", "Still here"].map((q) => client().chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: q }] })));
    expect(answers.map((a) => a.choices[0]?.message.content)).toEqual(["Echo: After the restart", "Echo: Still here"]);
  });

  it("on SIGTERM finishes the stream in flight, records it and exits 0", async () => {
    const stream = await client().chat.completions.create({
      model: "gpt-4o-mini",
      stream: true,
      messages: [{ role: "user", content: "one two three four five six seven eight [[chunks:8 delay:150]]" }],
    });
    let text = "";
    let signalled = false;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? "";
      if (text && !signalled) {
        signalled = true;
        gateway.child.kill("SIGTERM");
      }
    }
    expect(text).toBe("Echo: one two three four five six seven eight");
    expect(await gateway.exit).toBe(0);
    expect(gateway.lines.filter((l) => l.msg.startsWith("shutting down")).length).toBeGreaterThanOrEqual(3);

    // Nothing the workers held in memory was lost: 11 exchanges, each with its request and end.
    const types = await recordedTypes();
    expect(types.filter((t) => t === "exchange.request")).toHaveLength(11);
    expect(types.filter((t) => t === "exchange.end")).toHaveLength(11);
    const end = await h.db.sessionEvent.findFirst({ where: { type: "exchange.end", payload: { path: ["text"], equals: "Echo: one two three four five six seven eight" } } });
    expect(end).not.toBeNull();
  });
});
