// node-postgres through the gateway's Postgres port against a real upstream database: simple and
// extended protocol, prepared statements, transactions, COPY both ways, notices, NOTIFY, cancel,
// upstream errors, and what each of them leaves in the recording.
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedKey } from "./helpers/seed";
import { CUSTOMERS, HIDDEN_VALUES, startPgWorld, type PgWorld } from "./pg-fixtures";

let w: PgWorld;
const clients: pg.Client[] = [];

beforeAll(async () => {
  w = await startPgWorld();
});
afterAll(async () => {
  await Promise.allSettled(clients.map((c) => c.end()));
  await w?.close();
});

async function connect(overrides: pg.ClientConfig = {}): Promise<pg.Client> {
  const client = new pg.Client(w.clientConfig(overrides));
  client.on("error", () => undefined);
  await client.connect();
  clients.push(client);
  return client;
}

function errorOf(promise: Promise<unknown>): Promise<pg.DatabaseError> {
  return promise.then(
    () => {
      throw new Error("expected the statement to fail");
    },
    (error: pg.DatabaseError) => error,
  );
}

describe("queries", () => {
  it("simple query: e-mails (detector) and the ssn column (column rule) come back masked, the rest intact", async () => {
    const client = await connect();
    const { rows } = await client.query("SELECT name, email, ssn, phone, balance FROM customers ORDER BY id");
    expect(rows).toEqual(
      CUSTOMERS.map((c) => ({ name: c.name, email: "[EMAIL]", ssn: "[SSN]", phone: c.phone, balance: 100 })),
    );
  });

  it("masks values found inside free text, and a masked value in a non-text column becomes NULL", async () => {
    const client = await connect();
    const { rows } = await client.query("SELECT notes, '<' || email || '>' AS wrapped, NULL::text AS nothing FROM customers WHERE id = 2");
    expect(rows[0]).toEqual({ notes: "VIP; contact [EMAIL]", wrapped: "<[EMAIL]>", nothing: null });
    const json = await client.query("SELECT json_build_object('who', email, 'n', 1) AS doc FROM customers WHERE id = 1");
    expect(json.rows[0].doc).toEqual({ who: "[EMAIL]", n: 1 });
  });

  it("extended protocol with parameters, in text and binary result formats", async () => {
    const client = await connect();
    const { rows } = await client.query("SELECT id, email, ssn FROM customers WHERE id = ANY($1::int[]) ORDER BY id", [[1, 3]]);
    expect(rows).toEqual([
      { id: 1, email: "[EMAIL]", ssn: "[SSN]" },
      { id: 3, email: "[EMAIL]", ssn: "[SSN]" },
    ]);
    // `binary` is a node-postgres query option its type declarations leave out.
    const binary = await client.query({ text: "SELECT email, ssn, id FROM customers WHERE id = $1", values: [2], binary: true } as pg.QueryConfig);
    const row = binary.rows[0] as { email: Buffer | string; ssn: Buffer | string; id: unknown };
    expect(String(row.email)).toBe("[EMAIL]");
    expect(String(row.ssn)).toBe("[SSN]");
  });

  it("named prepared statements run again and again with new parameters", async () => {
    const client = await connect();
    for (const id of [1, 2, 3, 1]) {
      const { rows } = await client.query({ name: "customer-by-id", text: "SELECT name, email FROM customers WHERE id = $1", values: [id] });
      expect(rows).toEqual([{ name: CUSTOMERS[id - 1]!.name, email: "[EMAIL]" }]);
    }
  });

  it("node-postgres pipeline mode: many statements in flight at once, a refused one fails alone", async () => {
    // `pipeline` is a node-postgres 8.2x option its type declarations do not know yet.
    const client = await connect({ pipeline: true } as pg.ClientConfig);
    const results = await Promise.allSettled([
      client.query("SELECT email FROM customers WHERE id = $1", [1]),
      client.query("SELECT ssn FROM customers WHERE id = $1", [2]),
      client.query("DELETE FROM customers"),
      client.query("SELECT $1::int + 1 AS n", [41]),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled"]);
    const rows = results.map((r) => (r.status === "fulfilled" ? r.value.rows : (r.reason as pg.DatabaseError).code));
    expect(rows).toEqual([[{ email: "[EMAIL]" }], [{ ssn: "[SSN]" }], "42501", [{ n: 42 }]]);
  });

  it("passes upstream errors through with their SQLSTATE, masking values quoted in them", async () => {
    const client = await connect();
    const missing = await errorOf(client.query("SELECT * FROM no_such_table"));
    expect(missing.code).toBe("42P01");
    expect(missing.message).toBe('relation "no_such_table" does not exist');
    await client.query("INSERT INTO contacts (email) VALUES ('erin@example.com') ON CONFLICT DO NOTHING");
    const duplicate = await errorOf(client.query("INSERT INTO contacts (email) VALUES ($1)", ["erin@example.com"]));
    expect(duplicate.code).toBe("23505");
    expect(duplicate.detail).toBe("Key (email)=([EMAIL]) already exists.");
    // The session goes on after errors.
    expect((await client.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
  });

  it("relays notices with values masked", async () => {
    const client = await connect();
    const notices: { message?: string }[] = [];
    client.on("notice", (n) => notices.push(n));
    await client.query("DO $$ BEGIN RAISE NOTICE 'write to %', 'frank@example.com'; END $$");
    expect(notices.map((n) => n.message)).toEqual(["write to [EMAIL]"]);
  });
});

describe("guardrails", () => {
  it("blocks destructive statements with 42501 naming the rule and class; the session continues", async () => {
    const client = await connect();
    for (const sql of ["DROP TABLE customers", "TRUNCATE customers", "DELETE FROM customers", "/* harmless */ drop table audit_log", "WITH gone AS (DELETE FROM customers RETURNING *) SELECT count(*) FROM gone", "SELECT 1; DROP TABLE customers"]) {
      const error = await errorOf(client.query(sql));
      expect(error.code).toBe("42501");
      expect(error.message).toMatch(/Airlock blocked this statement: .*No destructive SQL/);
    }
    const extended = await errorOf(client.query("UPDATE customers SET balance = $1", [0]));
    expect(extended.code).toBe("42501");
    expect(extended.message).toMatch(/UPDATE without WHERE/i);
    const direct = await w.direct();
    try {
      const { rows } = await direct.query("SELECT count(*)::int AS n, min(balance) AS low FROM customers");
      expect(rows[0]).toEqual({ n: CUSTOMERS.length, low: 100 });
    } finally {
      await direct.end();
    }
    expect((await client.query("SELECT count(*)::int AS n FROM customers")).rows).toEqual([{ n: CUSTOMERS.length }]);
  });

  it("a blocked statement inside a transaction aborts it like any error, and ROLLBACK undoes the rest", async () => {
    const client = await connect();
    await client.query("BEGIN");
    await client.query("INSERT INTO audit_log (message) VALUES ('inside tx')");
    expect((await errorOf(client.query("DELETE FROM audit_log"))).code).toBe("42501");
    expect((await errorOf(client.query("SELECT 1"))).code).toBe("25P02");
    await client.query("ROLLBACK");
    const { rows } = await client.query("SELECT count(*)::int AS n FROM audit_log WHERE message = 'inside tx'");
    expect(rows).toEqual([{ n: 0 }]);
  });

  it("commits transactions that stay within the rules", async () => {
    const client = await connect();
    await client.query("BEGIN");
    await client.query("INSERT INTO audit_log (message) VALUES ($1)", ["committed row"]);
    await client.query("UPDATE audit_log SET message = 'committed row!' WHERE message = 'committed row'");
    await client.query("COMMIT");
    const direct = await w.direct();
    try {
      expect((await direct.query("SELECT count(*)::int AS n FROM audit_log WHERE message = 'committed row!'")).rows).toEqual([{ n: 1 }]);
    } finally {
      await direct.end();
    }
  });
});

describe("COPY", () => {
  it("COPY FROM STDIN loads rows upstream", async () => {
    const client = await connect();
    const stream = client.query(copyFrom("COPY audit_log (message) FROM STDIN"));
    await pipeline(Readable.from(["copied one\n", "copied two\n", "copied three\n"]), stream);
    expect(stream.rowCount).toBe(3);
    const { rows } = await client.query("SELECT count(*)::int AS n FROM audit_log WHERE message LIKE 'copied %'");
    expect(rows).toEqual([{ n: 3 }]);
  });

  it("COPY TO STDOUT streams rows with values masked (connection without column rules)", async () => {
    const copyConnection = await w.addConnection("emails-only");
    const client = await connect({ database: copyConnection.name });
    const chunks: Buffer[] = [];
    await pipeline(
      client.query(copyTo("COPY (SELECT name, email, notes FROM customers ORDER BY id) TO STDOUT WITH (FORMAT csv)")),
      new Writable({
        write(chunk: Buffer, _enc, done) {
          chunks.push(chunk);
          done();
        },
      }),
    );
    const text = Buffer.concat(chunks).toString();
    expect(text).toBe(CUSTOMERS.map((c) => `${c.name},[EMAIL],${c.notes.replace(c.email, "[EMAIL]")}\n`).join(""));
    for (const value of CUSTOMERS.map((c) => c.email)) expect(text).not.toContain(value);
  });

  it("refuses COPY TO STDOUT where column rules apply, since COPY output has no column names", async () => {
    const client = await connect();
    const error = await errorOf(client.query("COPY customers TO STDOUT"));
    expect(error.code).toBe("42501");
    expect(error.message).toMatch(/COPY … TO cannot apply this connection's column masking rules/);
    expect((await client.query("SELECT 1 AS ok")).rows).toEqual([{ ok: 1 }]);
  });
});

describe("LISTEN/NOTIFY and cancel", () => {
  it("passes notifications through, payload masked, the sender pid as the client knows it", async () => {
    const listener = await connect();
    const sender = await connect();
    await listener.query("LISTEN customer_events");
    const received = new Promise<pg.Notification>((resolve) => listener.once("notification", resolve));
    await sender.query("NOTIFY customer_events, 'updated grace@example.com'");
    const notification = await received;
    expect(notification.channel).toBe("customer_events");
    expect(notification.payload).toBe("updated [EMAIL]");

    const self = new Promise<pg.Notification>((resolve) => listener.once("notification", resolve));
    await listener.query("NOTIFY customer_events, 'self'");
    expect((await self).processId).toBe((listener as unknown as { processID: number }).processID);
  });

  it("cancels a running statement with the key data the gateway issued", async () => {
    const client = await connect();
    const started = Date.now();
    const running = errorOf(client.query("SELECT pg_sleep(30)"));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const canceller = new pg.Client(w.clientConfig());
    (canceller as unknown as { cancel(client: pg.Client, query: unknown): void }).cancel(client, (client as unknown as { activeQuery: unknown }).activeQuery);
    const error = await running;
    expect(error.code).toBe("57014");
    expect(Date.now() - started).toBeLessThan(20_000);
    expect((await client.query("SELECT 2 AS two")).rows).toEqual([{ two: 2 }]);
  });
});

describe("authentication", () => {
  it("refuses a wrong key (28P01), an unknown connection (3D000) and a connection without a grant (28000)", async () => {
    const wrongKey = new pg.Client(w.clientConfig({ password: "alk_not-a-real-key" }));
    expect((await errorOf(wrongKey.connect())).code).toBe("28P01");
    const unknown = new pg.Client(w.clientConfig({ database: "no-such-connection" }));
    expect((await errorOf(unknown.connect())).code).toBe("3D000");
    const ungranted = await w.h.db.connection.create({ data: { name: `pg-nogrant-${Date.now()}`, kind: "postgres", upstreamUrl: w.upstreamUrl } });
    const forbidden = new pg.Client(w.clientConfig({ database: ungranted.name }));
    const error = await errorOf(forbidden.connect());
    expect(error.code).toBe("28000");
  });
});

describe("configuration changes reach open sessions", () => {
  it("ends a session at its next statement once its key is revoked", async () => {
    const { id, key, pgUser } = await seedKey(w.h.db, { serviceAccountId: w.serviceAccountId });
    const client = await connect({ user: pgUser ?? "", password: key });
    expect((await client.query("SELECT 1 AS ok")).rows).toEqual([{ ok: 1 }]);
    await w.h.db.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
    await w.h.configChanged("key");
    const error = await errorOf(client.query("SELECT 1 AS ok"));
    expect(error.message).toMatch(/Airlock ended the session: .*revoked/i);
  });

  it("applies a guardrail added while a session is open to its next statement", async () => {
    const connection = await w.addConnection("none");
    const client = await connect({ database: connection.name });
    expect((await client.query("SELECT count(*)::int AS n FROM audit_log WHERE false")).rows).toEqual([{ n: 0 }]);
    await w.h.db.guardrailRule.create({ data: { name: "No DELETE", kind: "sql", sqlClasses: ["delete"], directions: ["request"], connectionId: connection.id } });
    await w.h.configChanged("rule");
    const error = await errorOf(client.query("DELETE FROM audit_log WHERE id = -1"));
    expect(error.code).toBe("42501");
    expect(error.message).toMatch(/No DELETE/);
  });
});

describe("recording", () => {
  it("records every statement masked, with row counts, errors and blocks, and never a secret", async () => {
    const client = await connect({ application_name: "recording-test" });
    await client.query("SELECT email FROM customers WHERE email = $1", ["alice.adams@example.com"]);
    await errorOf(client.query("SELECT nope FROM customers"));
    await errorOf(client.query("TRUNCATE audit_log"));
    await client.end();
    clients.splice(clients.indexOf(client), 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const events = await w.events();
    const session = events.filter((e) => e.type === "session.start" && (e.payload.client as { application?: string }).application === "recording-test")[0]!;
    const mine = events.filter((e) => e.sessionId === session.sessionId);
    const types = mine.map((e) => e.type);
    expect(types[0]).toBe("session.start");
    expect(types.at(-1)).toBe("session.end");
    const statements = mine.filter((e) => e.type === "sql.statement").map((e) => e.payload);
    expect(statements[0]).toMatchObject({ text: "SELECT email FROM customers WHERE email = $1", params: ["[EMAIL]"], command: "SELECT", rowCount: 1, statementClass: "select" });
    expect(statements[1]).toMatchObject({ error: { code: "42703" } });
    expect(statements[2]).toMatchObject({ text: "TRUNCATE audit_log", statementClass: "truncate", error: { code: "42501" } });
    expect(mine.some((e) => e.type === "guardrail.block")).toBe(true);
    expect(mine.some((e) => e.type === "mask.applied")).toBe(true);
    const everything = JSON.stringify(events) + w.h.logs.text;
    for (const secret of [w.key, w.upstreamCredential, ...HIDDEN_VALUES]) expect(everything).not.toContain(secret);
  });
});
