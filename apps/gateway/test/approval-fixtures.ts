// Shared set-up for the approval tests: a migrated database of their own, seeded connections,
// reviewers and policies, and gates wired to real LISTEN/NOTIFY connections (one per "replica").
import { createDb, NOTIFY, type Db, type ApprovalPolicy } from "@airlock/db";
import { createTestDatabase, type TestDatabase } from "@airlock/db/testing";
import pg from "pg";
import { pino } from "pino";
import { loadGatewayConfig } from "../src/config";
import type { Identity } from "../src/identity";
import { createPgNotifications } from "../src/notifications/pg-notifications";
import { createApprovalGate, type ApprovalGateOptions } from "../src/approval";
import type { ApprovalGate, ApprovalOutcome, ApprovalSubject, PendingDetails } from "../src/approval/types";

export const CONSOLE_URL = "http://console.airlock.test";
export const silent = pino({ level: "silent" });

export interface Replica {
  gate: ApprovalGate;
  db: Db;
  close(): Promise<void>;
}

export interface ApprovalWorld {
  database: TestDatabase;
  /** Plays the console: its own connection, as the console process would have. */
  consoleDb: Db;
  replica(extra?: Partial<ApprovalGateOptions>): Promise<Replica>;
  close(): Promise<void>;
}

export async function createApprovalWorld(): Promise<ApprovalWorld> {
  const database = await createTestDatabase("airlock_approval");
  const consoleDb = createDb(database.url, { max: 4 });
  const replicas = new Set<Replica>();
  const config = loadGatewayConfig({
    DATABASE_URL: database.url,
    AIRLOCK_MASTER_KEY: "unused-by-approvals",
    AIRLOCK_CONSOLE_URL: CONSOLE_URL,
  });
  return {
    database,
    consoleDb,
    async replica(extra = {}) {
      const db = createDb(database.url, { max: 4 });
      const notifications = createPgNotifications(database.url, silent);
      await notifications.ready();
      const gate = await createApprovalGate({ db, notifications, logger: silent, config, webhooks: false, ...extra });
      const replica: Replica = {
        gate,
        db,
        async close() {
          replicas.delete(replica);
          await gate.close();
          await notifications.close();
          await db.$disconnect();
        },
      };
      replicas.add(replica);
      return replica;
    },
    async close() {
      for (const r of [...replicas]) await r.close();
      await consoleDb.$disconnect();
      await database.drop();
    },
  };
}

let counter = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

export async function seedConnection(db: Db, name = unique("conn")) {
  return db.connection.create({ data: { name, kind: "openai", upstreamUrl: "https://api.openai.test/v1" } });
}

export type SeededConnection = Awaited<ReturnType<typeof seedConnection>>;
export type SeededUser = Awaited<ReturnType<typeof seedReviewer>>;

export async function seedReviewer(db: Db, role: "admin" | "reviewer" | "member" = "reviewer", name: string | null = null) {
  const email = `${unique(role)}@example.test`;
  return db.user.create({ data: { email, role, name } });
}

export async function seedPolicy(db: Db, data: Partial<Omit<ApprovalPolicy, "id" | "createdAt" | "updatedAt">> & { connectionIds: string[] }) {
  return db.approvalPolicy.create({ data: { name: unique("policy"), ...data } });
}

/** Tells gates a policy changed, as the console does after saving one. */
export async function announcePolicyChange(db: Db, id: string): Promise<void> {
  await db.$executeRaw`SELECT pg_notify(${NOTIFY.config}, ${JSON.stringify({ entity: "policy", id })})`;
}

export function serviceAccount(id = unique("sa")): Identity {
  return { kind: "service_account", id, label: `agent ${id}`, via: "api_key", keyConnectionIds: [] };
}

export function subject(connection: { id: string; name: string }, identity: Identity, overrides: Partial<ApprovalSubject> = {}) {
  const controller = new AbortController();
  const body = overrides.fingerprintMaterial ?? JSON.stringify({ model: "gpt-test", messages: [{ role: "user", content: unique("prompt") }] });
  const value: ApprovalSubject = {
    connectionId: connection.id,
    connectionName: connection.name,
    identity,
    kind: "llm",
    model: "gpt-test",
    texts: ["please summarise the quarterly report"],
    maskedContent: { model: "gpt-test", messages: [{ role: "user", content: "please summarise the quarterly report" }] },
    fingerprintMaterial: body,
    justification: "monthly reporting job",
    signal: controller.signal,
    ...overrides,
  };
  return { subject: value, abort: () => controller.abort() };
}

/** Starts a check and exposes the request id as soon as the client is held. */
export function hold(gate: ApprovalGate, s: ApprovalSubject) {
  let details: PendingDetails | undefined;
  let resolvePending!: (id: string) => void;
  const pending = new Promise<string>((resolve) => (resolvePending = resolve));
  const onPending = (id: string, held: PendingDetails) => {
    details = held;
    resolvePending(id);
  };
  let settled = false;
  const result = gate.check(s, onPending).then((outcome: ApprovalOutcome) => {
    settled = true;
    return outcome;
  });
  // A check that ends without holding (e.g. passed via a grant) must not leave `pending` hanging
  // in a test that awaits it; surface the outcome instead.
  const held = Promise.race([pending, result.then((o) => Promise.reject(new Error(`not held: ${JSON.stringify(o)}`)))]);
  held.catch(() => undefined); // only tests that await `held` care; the others must not see a stray rejection
  return { held, result, isSettled: () => settled, details: () => details };
}

/** Polls until `probe` returns a value that is not undefined/false (conditions, not fixed sleeps). */
export async function waitFor<T>(probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Records every `airlock_approvals` notification, as a console inbox would receive them. */
export async function watchApprovalNotifications(url: string) {
  const client = new pg.Client({ connectionString: url });
  const seen: { id: string; status: string }[] = [];
  client.on("notification", (msg) => seen.push(JSON.parse(msg.payload ?? "{}") as { id: string; status: string }));
  await client.connect();
  await client.query(`LISTEN ${NOTIFY.approvals}`);
  return {
    statuses: (id: string) => seen.filter((n) => n.id === id).map((n) => n.status),
    close: () => client.end(),
  };
}
