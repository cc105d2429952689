// Webhooks for new pending approvals, delivered to a local HTTP server: generic JSON and Slack
// formats, a flaky endpoint retried with backoff until it succeeds, a dead one given up on, and
// two replicas' dispatchers sharing one queue without sending anything twice.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CONSOLE_URL,
  createApprovalWorld,
  hold,
  seedConnection,
  seedPolicy,
  serviceAccount,
  subject,
  waitFor,
  type ApprovalWorld,
  type SeededConnection,
} from "./approval-fixtures";

interface Received {
  path: string;
  at: number;
  body: Record<string, unknown>;
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>;
}

describe("approval webhooks", { timeout: 30_000 }, () => {
  let world: ApprovalWorld;
  let server: Server;
  let base: string;
  let connection: SeededConnection;
  const received: Received[] = [];
  let flakyFailuresLeft = 2;

  const fastRetries = { pollIntervalMs: 200, backoffBaseMs: 100, backoffMaxMs: 400, maxAttempts: 3, timeoutMs: 2_000 };

  beforeAll(async () => {
    server = createServer((req, res) => {
      void readJson(req).then((body) => {
        received.push({ path: req.url ?? "", at: Date.now(), body });
        const fail = req.url === "/dead" || (req.url === "/flaky" && flakyFailuresLeft-- > 0);
        res.writeHead(fail ? 503 : 200, { "content-type": "text/plain" }).end(fail ? "try later" : "ok");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    world = await createApprovalWorld();
    connection = await seedConnection(world.consoleDb, "payments-llm");
    await seedPolicy(world.consoleDb, { connectionIds: [connection.id], name: "Payments need review" });
  });

  afterAll(async () => {
    await world?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  const deliveriesFor = (approvalRequestId: string) =>
    world.consoleDb.webhookDelivery.findMany({ where: { approvalRequestId }, include: { endpoint: true } });

  it("posts a JSON and a Slack message for a new pending request, retrying a flaky endpoint with backoff", async () => {
    const endpoints = await Promise.all([
      world.consoleDb.webhookEndpoint.create({ data: { name: "automation", url: `${base}/json`, format: "json" } }),
      world.consoleDb.webhookEndpoint.create({ data: { name: "slack", url: `${base}/slack`, format: "slack" } }),
      world.consoleDb.webhookEndpoint.create({ data: { name: "flaky", url: `${base}/flaky`, format: "json" } }),
      world.consoleDb.webhookEndpoint.create({ data: { name: "off", url: `${base}/disabled`, format: "json", enabled: false } }),
    ]);
    const replica = await world.replica({ webhooks: fastRetries });
    const agent = serviceAccount();
    const s = subject(connection, agent, { justification: "pay <!channel> invoice & close" });
    const h = hold(replica.gate, s.subject);
    const requestId = await h.held;

    const deliveries = await waitFor(async () => {
      const rows = await deliveriesFor(requestId);
      return rows.length === 3 && rows.every((d) => d.status === "delivered") && rows;
    });
    expect(deliveries.map((d) => d.endpoint.name).sort()).toEqual(["automation", "flaky", "slack"]);
    expect(deliveries.find((d) => d.endpoint.id === endpoints[2].id)?.attempts).toBe(3);
    expect(deliveries.find((d) => d.endpoint.id === endpoints[0].id)?.attempts).toBe(1);
    expect(received.some((r) => r.path === "/disabled")).toBe(false);

    const url = `${CONSOLE_URL}/approvals?id=${requestId}`;
    const json = received.find((r) => r.path === "/json");
    expect(json?.body).toMatchObject({
      event: "approval.pending",
      id: requestId,
      connection: "payments-llm",
      requester: agent.label,
      justification: "pay <!channel> invoice & close",
      url,
    });
    expect(new Date(String(json?.body.expiresAt)).getTime()).toBeGreaterThan(Date.now());

    const slack = received.find((r) => r.path === "/slack")?.body as { text: string; blocks: { type: string; elements?: { url?: string }[] }[] };
    expect(slack.text).toContain(agent.label);
    expect(slack.text).toContain(url);
    expect(slack.blocks.find((b) => b.type === "actions")?.elements?.[0]?.url).toBe(url);
    const slackText = JSON.stringify(slack.blocks);
    expect(slackText).toContain("pay &lt;!channel&gt; invoice &amp; close");
    expect(slackText).not.toContain("<!channel>");

    const flakyTimes = received.filter((r) => r.path === "/flaky").map((r) => r.at);
    expect(flakyTimes).toHaveLength(3);
    // Equal-jitter backoff waits at least half the exponential delay: 50 ms, then 100 ms.
    expect(flakyTimes[1]! - flakyTimes[0]!).toBeGreaterThanOrEqual(50);
    expect(flakyTimes[2]! - flakyTimes[1]!).toBeGreaterThanOrEqual(100);

    s.abort();
    await h.result;
    await replica.close();
    await world.consoleDb.webhookEndpoint.deleteMany({ where: { id: { in: endpoints.map((e) => e.id) } } });
  });

  it("gives up on an endpoint that keeps failing and records why", async () => {
    const dead = await world.consoleDb.webhookEndpoint.create({ data: { name: "dead", url: `${base}/dead`, format: "slack" } });
    const replica = await world.replica({ webhooks: fastRetries });
    const s = subject(connection, serviceAccount());
    const h = hold(replica.gate, s.subject);
    const requestId = await h.held;
    const [delivery] = await waitFor(async () => {
      const rows = await deliveriesFor(requestId);
      return rows[0]?.status === "failed" && rows;
    });
    expect(delivery).toMatchObject({ status: "failed", attempts: 3, lastError: "HTTP 503: try later", deliveredAt: null });
    s.abort();
    await h.result;
    await replica.close();
    await world.consoleDb.webhookEndpoint.delete({ where: { id: dead.id } });
  });

  it("does not announce a retry that joins an existing request", async () => {
    const endpoint = await world.consoleDb.webhookEndpoint.create({ data: { name: "once", url: `${base}/once`, format: "json" } });
    const replica = await world.replica({ webhooks: fastRetries });
    const agent = serviceAccount();
    const first = subject(connection, agent, { fingerprintMaterial: "same" });
    const second = subject(connection, agent, { fingerprintMaterial: "same" });
    const h1 = hold(replica.gate, first.subject);
    const h2 = hold(replica.gate, second.subject);
    const requestId = await h1.held;
    expect(await h2.held).toBe(requestId);
    await waitFor(async () => (await deliveriesFor(requestId)).every((d) => d.status === "delivered"));
    expect(await world.consoleDb.webhookDelivery.count({ where: { endpointId: endpoint.id } })).toBe(1);
    first.abort();
    second.abort();
    await Promise.all([h1.result, h2.result]);
    await replica.close();
    await world.consoleDb.webhookEndpoint.delete({ where: { id: endpoint.id } });
  });

  it("sends each delivery exactly once when two replicas dispatch from one queue", async () => {
    const endpoint = await world.consoleDb.webhookEndpoint.create({ data: { name: "shared", url: `${base}/shared`, format: "json" } });
    const replicas = await Promise.all([world.replica({ webhooks: fastRetries }), world.replica({ webhooks: fastRetries })]);
    const subjects = Array.from({ length: 12 }, (_, i) => subject(connection, serviceAccount(), { fingerprintMaterial: `request ${i}` }));
    const holds = subjects.map((s, i) => hold(replicas[i % 2]!.gate, s.subject));
    const ids = await Promise.all(holds.map((h) => h.held));
    await waitFor(async () => (await world.consoleDb.webhookDelivery.count({ where: { endpointId: endpoint.id, status: "delivered" } })) === ids.length);
    const sent = received.filter((r) => r.path === "/shared").map((r) => String(r.body.id));
    expect(sent.sort()).toEqual([...ids].sort());
    for (const s of subjects) s.abort();
    await Promise.all(holds.map((h) => h.result));
    await Promise.all(replicas.map((r) => r.close()));
  });
});
