// One integration-test world: a fresh database, the local fake upstreams, and a gateway (real
// listeners on port 0) with its log lines captured.
import { randomBytes } from "node:crypto";
import type { Db } from "@airlock/db";
import { createDb } from "@airlock/db";
import { createTestDatabase, type TestDatabase } from "@airlock/db/testing";
import { startAnthropicUpstream, startOpenAIUpstream, startRestUpstream, type FakeUpstream } from "@airlock/testkit";
import { startGateway, type GatewayParts, type RunningGateway } from "../../src";
import { gatewayEnv } from "./gateway-env";
import { LogCapture } from "./log-capture";
import { notifyConfigChange } from "./seed";
import { testParts } from "./parts";

export interface Harness {
  database: TestDatabase;
  db: Db;
  masterKey: Buffer;
  /** Canary upstream credentials: they must reach the upstream and appear nowhere else. */
  canary: { openai: string; anthropic: string; rest: string };
  openai: FakeUpstream;
  anthropic: FakeUpstream;
  rest: FakeUpstream;
  gateway: RunningGateway;
  /** http://127.0.0.1:<port> of the gateway's data port. */
  url: string;
  logs: LogCapture;
  /** Starts another gateway on the same database (replicas). */
  startReplica(extraEnv?: Record<string, string>): Promise<{ gateway: RunningGateway; url: string; logs: LogCapture }>;
  /** NOTIFY airlock_config (as the console does after a change) and wait until every gateway saw it. */
  configChanged(entity?: string, id?: string): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  env?: Record<string, string>;
  parts?: Partial<GatewayParts>;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const database = await createTestDatabase("airlock_gw");
  const db = createDb(database.url, { max: 4 });
  const masterKey = randomBytes(32);
  const canary = {
    openai: `sk-canary-openai-${randomBytes(12).toString("hex")}`,
    anthropic: `sk-ant-canary-${randomBytes(12).toString("hex")}`,
    rest: `canary-rest-${randomBytes(12).toString("hex")}`,
  };
  const [openai, anthropic, rest] = await Promise.all([
    startOpenAIUpstream({ requiredAuth: { header: "authorization", value: `Bearer ${canary.openai}` } }),
    startAnthropicUpstream({ requiredAuth: { header: "x-api-key", value: canary.anthropic } }),
    startRestUpstream(),
  ]);
  const replicas: RunningGateway[] = [];
  const parts = { ...testParts, ...options.parts };
  const launch = async (extraEnv: Record<string, string> = {}) => {
    const logs = new LogCapture();
    const gateway = await startGateway(gatewayEnv(database.url, masterKey, { ...options.env, ...extraEnv }), { logDestination: logs, parts, drainTimeoutMs: 2_000 });
    replicas.push(gateway);
    return { gateway, url: `http://127.0.0.1:${gateway.httpPort}`, logs };
  };
  const first = await launch();
  return {
    database,
    db,
    masterKey,
    canary,
    openai,
    anthropic,
    rest,
    gateway: first.gateway,
    url: first.url,
    logs: first.logs,
    startReplica: launch,
    async configChanged(entity = "test", id?: string) {
      const marker = `${entity}:${randomBytes(6).toString("hex")}`;
      // Cache handlers subscribed first, so once this one fires every cache has been cleared.
      const seen = replicas.map(
        (g) =>
          new Promise<void>((resolve) => {
            const off = g.services.notifications.subscribe("airlock_config", (payload) => {
              if (!payload.includes(marker)) return;
              off();
              resolve();
            });
          }),
      );
      await notifyConfigChange(db, entity, id ?? marker);
      await Promise.all(seen);
    },
    async close() {
      await Promise.allSettled(replicas.map((g) => g.close()));
      await Promise.allSettled([openai.close(), anthropic.close(), rest.close()]);
      await db.$disconnect();
      await database.drop();
    },
  };
}
