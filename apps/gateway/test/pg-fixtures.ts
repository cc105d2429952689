// A world for the Postgres listener's tests: the gateway (real services, real listener on port 0)
// on its own test database, plus an upstream database of our own on the same PostgreSQL server
// holding a table of (fake) personal data, a `postgres` connection to it, a service account with a
// grant and an Airlock key, and the connection's masking and guardrail rules.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { testServerUrl, withDatabase } from "@airlock/db/testing";
import { expandStatements } from "@airlock/recording";
import { startPgListener, type PgListenerOptions } from "../src/pg";
import type { GatewayParts } from "../src";
import { startHarness, type Harness } from "./helpers/harness";
import { grant, seedConnection, seedKey, seedServiceAccount } from "./helpers/seed";

export interface Customer {
  name: string;
  email: string;
  ssn: string;
  phone: string;
  notes: string;
}

/** Fake people. Values that a rule must hide never appear in any client-visible output. */
export const CUSTOMERS: Customer[] = [
  { name: "Alice Adams", email: "alice.adams@example.com", ssn: "123-45-6789", phone: "+1 415 555 0101", notes: "prefers email" },
  { name: "Bob Brown", email: "bob.brown@example.org", ssn: "234-56-7890", phone: "+1 212 555 0199", notes: "VIP; contact bob.brown@example.org" },
  { name: "Carol Chen", email: "carol@example.net", ssn: "345-67-8901", phone: "+44 20 7946 0958", notes: "none" },
];

export interface PgWorld {
  h: Harness;
  pgPort: number;
  key: string;
  /** The key's Postgres user name: with it, clients authenticate with SCRAM-SHA-256. */
  pgUser: string;
  connectionName: string;
  connectionId: string;
  serviceAccountId: string;
  upstreamDatabase: string;
  upstreamUrl: string;
  /** The stored upstream credential (the test server's password when it has one): never shown to clients. */
  upstreamCredential: string;
  /** node-postgres settings for a client of the gateway (user = the key's Postgres user name). */
  clientConfig(overrides?: pg.ClientConfig): pg.ClientConfig;
  /** Another connection to the same upstream database, granted to the same account. */
  addConnection(rules: RuleSet, overrides?: { upstreamUrl?: string; credential?: string; options?: Record<string, unknown> }): Promise<{ name: string; id: string }>;
  /** A libpq connection string for psql and pgbench (user = the key's Postgres user name). */
  libpqUrl(extra?: Record<string, string>): string;
  /** A direct connection to the upstream database (to check what really happened there). */
  direct(): Promise<pg.Client>;
  /**
   * Flushes the recorder and returns every event of this world's Postgres sessions, in order, with
   * compact `sql.statements` events shown as the `sql.statement` (and `mask.applied`) events they
   * hold, as the replay does.
   */
  events(): Promise<{ sessionId: string; type: string; payload: Record<string, unknown> }[]>;
  close(): Promise<void>;
}

/** "default": e-mail detector, an SSN column rule and the destructive-SQL guardrail. */
export type RuleSet = "default" | "emails-only" | "none";

export interface PgWorldOptions {
  listener?: PgListenerOptions;
  parts?: Partial<GatewayParts>;
  env?: Record<string, string>;
  rules?: RuleSet;
}

async function seedRules(h: Harness, connectionId: string, rules: RuleSet): Promise<void> {
  if (rules === "none") return;
  await h.db.maskingRule.create({
    data: { name: "emails", detector: "email", directions: ["request", "response"], style: "label", connectionId },
  });
  if (rules === "emails-only") return;
  await h.db.maskingRule.create({
    data: { name: "ssn column", detector: "us_ssn", label: "SSN", directions: ["response"], style: "label", columns: ["ssn", "*_ssn"], connectionId },
  });
  await h.db.guardrailRule.create({
    data: { name: "No destructive SQL", kind: "sql", builtin: "destructive_sql", directions: ["request"], connectionId },
  });
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabase(testServerUrl(), "postgres") });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * The upstream database and a login role of its own with a random password: that password is the
 * connection's stored credential, so "the credential never appears anywhere" can be checked by
 * searching for a value that cannot occur by accident (the server's own password, "postgres" on
 * the embedded server, would match every `"protocol":"postgres"`).
 */
async function createUpstream(name: string): Promise<{ url: string; role: string; password: string }> {
  const role = `${name}_owner`;
  const password = `pg-canary-${randomBytes(12).toString("hex")}`;
  await admin(async (c) => {
    await c.query(`CREATE ROLE "${role}" LOGIN PASSWORD '${password}'`);
    await c.query(`CREATE DATABASE "${name}" OWNER "${role}"`);
  });
  const url = withDatabase(testServerUrl(), name);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE TABLE customers (id serial PRIMARY KEY, name text NOT NULL, email text, ssn text, phone text, notes text, balance integer NOT NULL DEFAULT 100)`);
    await client.query(`CREATE TABLE audit_log (id serial PRIMARY KEY, message text)`);
    await client.query(`CREATE TABLE contacts (email text UNIQUE)`);
    for (const c of CUSTOMERS) {
      await client.query(`INSERT INTO customers (name, email, ssn, phone, notes) VALUES ($1, $2, $3, $4, $5)`, [c.name, c.email, c.ssn, c.phone, c.notes]);
    }
    await client.query(`GRANT ALL ON ALL TABLES IN SCHEMA public TO "${role}"`);
    await client.query(`GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO "${role}"`);
  } finally {
    await client.end();
  }
  return { url, role, password };
}

export async function startPgWorld(options: PgWorldOptions = {}): Promise<PgWorld> {
  const upstreamDatabase = `airlock_pgup_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const created = await createUpstream(upstreamDatabase);
  const upstreamUrl = created.url;
  const h = await startHarness({
    ...(options.env ? { env: options.env } : {}),
    parts: { startPgListener: (services) => startPgListener(services, options.listener), ...options.parts },
  });
  const upstream = new URL(upstreamUrl);
  const upstreamCredential = created.password;
  const account = await seedServiceAccount(h.db, `agent-${randomBytes(3).toString("hex")}`);
  const { key, pgUser } = await seedKey(h.db, { serviceAccountId: account.id });
  if (!pgUser) throw new Error("seedKey stored no Postgres user name");
  const addConnection: PgWorld["addConnection"] = async (rules, overrides = {}) => {
    const name = `pg-${randomBytes(3).toString("hex")}`;
    const row = await seedConnection(h.db, h.masterKey, {
      name,
      kind: "postgres",
      upstreamUrl: overrides.upstreamUrl ?? `postgresql://${created.role}@${upstream.host}/${upstreamDatabase}`,
      credential: overrides.credential ?? upstreamCredential,
      options: overrides.options ?? { sslmode: "disable" },
    });
    await grant(h.db, row.id, { serviceAccountId: account.id });
    await seedRules(h, row.id, rules);
    await h.configChanged("grant");
    return { name, id: row.id };
  };
  const connection = await addConnection(options.rules ?? "default");
  const connectionName = connection.name;
  const pgPort = h.gateway.pgPort;
  const events: PgWorld["events"] = async () => {
    await h.gateway.services.recorder.flush();
    const rows = await h.db.sessionEvent.findMany({
      where: { session: { protocol: "postgres" } },
      orderBy: [{ sessionId: "asc" }, { chainId: "asc" }, { seq: "asc" }],
      select: { sessionId: true, type: true, payload: true },
    });
    return rows.flatMap((r) => {
      if (r.type !== "sql.statements") return [{ sessionId: r.sessionId, type: r.type, payload: r.payload as Record<string, unknown> }];
      // As the replay shows them: each statement, then what was masked in its results.
      return expandStatements({ ...r, seq: 0, at: new Date(0), offsetMs: 0 }).flatMap(({ payload: { masked, ...statement } }) => [
        { sessionId: r.sessionId, type: "sql.statement", payload: statement as unknown as Record<string, unknown> },
        ...(masked ? [{ sessionId: r.sessionId, type: "mask.applied", payload: { direction: "response", findings: masked } as Record<string, unknown> }] : []),
      ]);
    });
  };
  return {
    h,
    pgPort,
    key,
    pgUser,
    connectionName,
    connectionId: connection.id,
    serviceAccountId: account.id,
    upstreamDatabase,
    upstreamUrl,
    upstreamCredential,
    addConnection,
    clientConfig: (overrides = {}) => ({ host: "127.0.0.1", port: pgPort, database: connectionName, user: pgUser, password: key, ...overrides }),
    libpqUrl: (extra = {}) => {
      const query = new URLSearchParams({ sslmode: "disable", ...extra });
      return `postgresql://${pgUser}:${encodeURIComponent(key)}@127.0.0.1:${pgPort}/${connectionName}?${query}`;
    },
    async direct() {
      const client = new pg.Client({ connectionString: upstreamUrl });
      await client.connect();
      return client;
    },
    events,
    async close() {
      // Clients that sent Terminate just now may not have been relayed yet (pools resolve end()
      // before their sockets close); let their sessions end on their own before the shutdown.
      const deadline = Date.now() + 5_000;
      while (Date.now() < deadline) {
        const all = await events();
        const open = all.filter((e) => e.type === "session.start").length - all.filter((e) => e.type === "session.end").length;
        if (open <= 0) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await h.close();
      await admin(async (c) => {
        await c.query(`DROP DATABASE IF EXISTS "${upstreamDatabase}" WITH (FORCE)`);
        await c.query(`DROP ROLE IF EXISTS "${created.role}"`);
      });
    },
  };
}

/** Every string a client must never see unmasked. */
export const HIDDEN_VALUES = CUSTOMERS.flatMap((c) => [c.email, c.ssn]);
