// Exact protocol behaviour through the gateway, driven with raw messages: pipelined batches with a
// refused statement in the middle (answered where PostgreSQL would answer an error, the rest of
// the batch skipped until Sync, the implicit transaction rolled back), portals read in pieces
// without a Describe, the fast-path interface, and protocol violations.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BackendMessage, DataRowMessage, DatabaseError, ReadyForQueryMessage } from "pg-protocol/dist/messages";
import { startupMessage } from "../src/pg/codec";
import { startPgWorld, type PgWorld } from "./pg-fixtures";
import { RawPgClient, serialize } from "./pg-raw-client";

let w: PgWorld;
beforeAll(async () => {
  w = await startPgWorld();
});
afterAll(async () => w?.close());

const names = (messages: BackendMessage[]) => messages.map((m) => m.name);

function statement(text: string, values: unknown[] = [], name = ""): Buffer[] {
  return [
    serialize.parse({ name, text, types: [] }),
    serialize.bind({ statement: name, values }),
    serialize.describe({ type: "P" }),
    serialize.execute({}),
  ];
}

async function count(where: string): Promise<number> {
  const direct = await w.direct();
  try {
    const { rows } = await direct.query(`SELECT count(*)::int AS n FROM audit_log WHERE ${where}`);
    return (rows[0] as { n: number }).n;
  } finally {
    await direct.end();
  }
}

describe("pipelining", () => {
  it("answers a refused Parse in place, skips the rest of the batch and rolls back its implicit transaction", async () => {
    const { client } = await RawPgClient.login(w.pgPort, w.connectionName, w.key);
    client.send([
      ...statement("INSERT INTO audit_log (message) VALUES ($1)", ["pipelined insert"]),
      ...statement("DROP TABLE customers"),
      ...statement("SELECT 1"),
      serialize.sync(),
    ]);
    const answer = await client.until("readyForQuery");
    expect(names(answer)).toEqual(["parseComplete", "bindComplete", "noData", "commandComplete", "error", "readyForQuery"]);
    const error = answer[4] as DatabaseError;
    expect(error.code).toBe("42501");
    expect(error.message).toMatch(/No destructive SQL/);
    expect((answer[5] as ReadyForQueryMessage).status).toBe("I");
    expect(await count("message = 'pipelined insert'")).toBe(0);

    // The same connection goes on working.
    client.send([...statement("SELECT $1::text AS v", ["after"]), serialize.sync()]);
    const next = await client.until("readyForQuery");
    expect(names(next)).toEqual(["parseComplete", "bindComplete", "rowDescription", "dataRow", "commandComplete", "readyForQuery"]);
    client.end();
  });

  it("keeps three pipelined batches apart: only the one with the refused statement fails", async () => {
    const { client } = await RawPgClient.login(w.pgPort, w.connectionName, w.key);
    client.send([
      ...statement("INSERT INTO audit_log (message) VALUES ('batch one')"),
      serialize.sync(),
      ...statement("INSERT INTO audit_log (message) VALUES ('batch two')"),
      ...statement("TRUNCATE audit_log"),
      serialize.sync(),
      ...statement("INSERT INTO audit_log (message) VALUES ('batch three')"),
      serialize.sync(),
    ]);
    const first = await client.until("readyForQuery");
    const second = await client.until("readyForQuery");
    const third = await client.until("readyForQuery");
    expect(names(first)).toEqual(["parseComplete", "bindComplete", "noData", "commandComplete", "readyForQuery"]);
    expect(names(second)).toEqual(["parseComplete", "bindComplete", "noData", "commandComplete", "error", "readyForQuery"]);
    expect(names(third)).toEqual(["parseComplete", "bindComplete", "noData", "commandComplete", "readyForQuery"]);
    expect(await count("message IN ('batch one', 'batch three')")).toBe(2);
    expect(await count("message = 'batch two'")).toBe(0);
    client.end();
  });

  it("answers pipelined simple queries in order, a refused one with ErrorResponse + ReadyForQuery", async () => {
    const { client } = await RawPgClient.login(w.pgPort, w.connectionName, w.key);
    client.send([serialize.query("SELECT email FROM customers WHERE id = 1"), serialize.query("DELETE FROM customers"), serialize.query("SELECT 42 AS answer")]);
    const first = await client.until("readyForQuery");
    const second = await client.until("readyForQuery");
    const third = await client.until("readyForQuery");
    expect(names(first)).toEqual(["rowDescription", "dataRow", "commandComplete", "readyForQuery"]);
    expect((first[1] as DataRowMessage).fields).toEqual(["[EMAIL]"]);
    expect(names(second)).toEqual(["error", "readyForQuery"]);
    expect((third[1] as DataRowMessage).fields).toEqual(["42"]);
    client.end();
  });

  it("reads a portal in pieces without a Describe: rows still masked, the gateway's own Describe invisible", async () => {
    const { client } = await RawPgClient.login(w.pgPort, w.connectionName, w.key);
    client.send([
      serialize.query("BEGIN"),
      serialize.parse({ name: "", text: "SELECT email, ssn, name FROM customers ORDER BY id", types: [] }),
      serialize.bind({ portal: "p1" }),
      serialize.execute({ portal: "p1", rows: 2 }),
      serialize.execute({ portal: "p1", rows: 2 }),
      serialize.sync(),
      serialize.query("COMMIT"),
    ]);
    await client.until("readyForQuery");
    const answer = await client.until("readyForQuery");
    expect(names(answer)).toEqual(["parseComplete", "bindComplete", "dataRow", "dataRow", "portalSuspended", "dataRow", "commandComplete", "readyForQuery"]);
    const rows = answer.filter((m): m is DataRowMessage => m.name === "dataRow").map((m) => m.fields.slice(0, 2));
    expect(rows).toEqual([
      ["[EMAIL]", "[SSN]"],
      ["[EMAIL]", "[SSN]"],
      ["[EMAIL]", "[SSN]"],
    ]);
    await client.until("readyForQuery");
    client.end();
  });
});

describe("refusals and violations", () => {
  it("refuses the fast-path function call interface with an error, not a dropped connection", async () => {
    const { client } = await RawPgClient.login(w.pgPort, w.connectionName, w.key);
    const call = Buffer.from([0x46, 0, 0, 0, 14, 0, 0, 0x04, 0x8a, 0, 0, 0, 0, 0, 0]);
    call.writeInt32BE(call.length - 1, 1);
    client.send(call);
    const answer = await client.until("readyForQuery");
    expect(names(answer)).toEqual(["error", "readyForQuery"]);
    expect((answer[0] as DatabaseError).message).toMatch(/fast-path/);
    client.end();
  });

  it("ends a session that breaks the protocol with FATAL 08P01, and keeps serving others", async () => {
    const { client } = await RawPgClient.login(w.pgPort, w.connectionName, w.key);
    client.send(Buffer.from([0x51, 0, 0, 0, 2])); // a Query whose length is shorter than its header
    const error = (await client.next()) as DatabaseError;
    expect(error.name).toBe("error");
    expect(error.code).toBe("08P01");
    await client.waitClosed();
    const { client: other } = await RawPgClient.login(w.pgPort, w.connectionName, w.key);
    other.send(serialize.query("SELECT 1"));
    expect(names(await other.until("readyForQuery"))).toEqual(["rowDescription", "dataRow", "commandComplete", "readyForQuery"]);
    other.end();
  });

  it("answers SSLRequest with 'N' when no certificate is configured, then serves the plaintext startup", async () => {
    const client = await RawPgClient.connect(w.pgPort);
    client.send(serialize.requestSsl());
    await new Promise((resolve) => setTimeout(resolve, 100));
    const reply = client.reader.drain();
    expect(reply.toString()).toBe("N");
    client.send(startupMessage([["user", "agent"], ["database", w.connectionName]]));
    expect((await client.next()).name).toBe("authenticationCleartextPassword");
    client.send(serialize.password(w.key));
    const startup = await client.until("readyForQuery");
    expect(names(startup)).toContain("backendKeyData");
    expect(names(startup)).toContain("parameterStatus");
    client.end();
  });
});
