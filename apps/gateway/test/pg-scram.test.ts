// SCRAM-SHA-256 on the Postgres port with node-postgres and a bare protocol client: the key's
// Postgres user name selects its verifier, the key never crosses the wire, a failed exchange never
// falls back to a cleartext password, and the key's usual checks (revocation, expiry) still apply.
// Keys created before verifiers were stored keep the cleartext fallback where it is allowed.
import pg from "pg";
import sasl from "pg/lib/crypto/sasl";
import type { BackendMessage } from "pg-protocol/dist/messages";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPgListener, type PgListenerHandle } from "../src/pg";
import { startupMessage } from "../src/pg/codec";
import { seedKey } from "./helpers/seed";
import { listenerCertificate } from "./pg-client-tools";
import { startPgWorld, type PgWorld } from "./pg-fixtures";
import { RawPgClient, serialize } from "./pg-raw-client";

let w: PgWorld;
let scramOnly: PgListenerHandle;

beforeAll(async () => {
  w = await startPgWorld({ env: listenerCertificate().env });
  scramOnly = await startPgListener(w.h.gateway.services, { port: 0, host: "127.0.0.1", passwordAuth: "scram" });
});
afterAll(async () => {
  await scramOnly?.close();
  await w?.close();
});

async function connectError(config: pg.ClientConfig): Promise<pg.DatabaseError> {
  const client = new pg.Client(config);
  client.on("error", () => undefined);
  try {
    await client.connect();
  } catch (error) {
    return error as pg.DatabaseError;
  } finally {
    await client.end().catch(() => undefined);
  }
  throw new Error("expected the connection to be refused");
}

async function queryOnce(config: pg.ClientConfig, sql: string): Promise<unknown[]> {
  const client = new pg.Client(config);
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

/** Runs SCRAM by hand with node-postgres's client code; returns what the server sent after the final message. */
async function rawScram(port: number, user: string, password: string): Promise<{ client: RawPgClient; offered: string[]; afterProof: BackendMessage }> {
  const client = await RawPgClient.connect(port);
  client.send(startupMessage([["user", user], ["database", w.connectionName]]));
  const request = await client.next();
  if (request.name !== "authenticationSASL") throw new Error(`expected a SASL request, got ${request.name}`);
  const offered = (request as unknown as { mechanisms: string[] }).mechanisms;
  const session = sasl.startSession(offered);
  client.send(serialize.sendSASLInitialResponseMessage(session.mechanism, session.response));
  const serverFirst = await client.next();
  await sasl.continueSession(session, password, (serverFirst as unknown as { data: string }).data);
  client.send(serialize.sendSCRAMClientFinalMessage(session.response));
  return { client, offered, afterProof: await client.next() };
}

describe("SCRAM-SHA-256 with the key's Postgres user name", () => {
  it("offers SCRAM-SHA-256, proves the server knows the verifier, and opens the session", async () => {
    const { client, offered, afterProof } = await rawScram(w.pgPort, w.pgUser, w.key);
    expect(offered).toEqual(["SCRAM-SHA-256"]);
    expect(afterProof.name).toBe("authenticationSASLFinal");
    const rest = await client.until("readyForQuery");
    expect(rest[0]?.name).toBe("authenticationOk");
    client.end();
  });

  it("authenticates node-postgres on a listener that never asks for a cleartext password", async () => {
    expect(await queryOnce(w.clientConfig({ port: scramOnly.port }), "SELECT email FROM customers WHERE id = 1")).toEqual([{ email: "[EMAIL]" }]);
  });

  it("authenticates node-postgres over TLS with SCRAM-SHA-256-PLUS, bound to the listener's certificate", async () => {
    const config = w.clientConfig({ port: scramOnly.port, ssl: { rejectUnauthorized: false }, enableChannelBinding: true });
    expect(await queryOnce(config, "SELECT 'bound' AS over")).toEqual([{ over: "bound" }]);
  });

  it("ends a failed exchange with 28P01 and never asks for the key in clear text", async () => {
    const { client, afterProof } = await rawScram(w.pgPort, w.pgUser, "alk_not-the-key");
    expect(afterProof).toMatchObject({ name: "error", severity: "FATAL", code: "28P01" });
    await client.waitClosed();
  });

  it("answers an unknown user name with the same exchange and the same error as a wrong key", async () => {
    const unknown = await connectError(w.clientConfig({ port: scramOnly.port, user: "alkpg_00000000000000000000" }));
    const wrongKey = await connectError(w.clientConfig({ port: scramOnly.port, password: "alk_not-the-key" }));
    expect(unknown.code).toBe("28P01");
    expect(unknown.message.replace(/"[^"]*"/, "<user>")).toBe(wrongKey.message.replace(/"[^"]*"/, "<user>"));
    expect(unknown.hint).toBe(wrongKey.hint);
    const { afterProof } = await rawScram(scramOnly.port, "app", w.key);
    expect(afterProof).toMatchObject({ name: "error", code: "28P01" });
  });

  it("still refuses a revoked or expired key once the proof is right", async () => {
    const revoked = await seedKey(w.h.db, { serviceAccountId: w.serviceAccountId, revokedAt: new Date() });
    const expired = await seedKey(w.h.db, { serviceAccountId: w.serviceAccountId, expiresAt: new Date(Date.now() - 60_000) });
    const revokedError = await connectError(w.clientConfig({ user: revoked.pgUser ?? "", password: revoked.key }));
    expect(revokedError.code).toBe("28P01");
    expect(revokedError.message).toMatch(/revoked/);
    const expiredError = await connectError(w.clientConfig({ user: expired.pgUser ?? "", password: expired.key }));
    expect(expiredError.code).toBe("28P01");
    expect(expiredError.message).toMatch(/expired/);
  });
});

describe("keys created before SCRAM verifiers were stored", () => {
  it("are refused with a clear hint where only SCRAM is allowed, and accepted in clear text over loopback otherwise", async () => {
    const legacy = await seedKey(w.h.db, { serviceAccountId: w.serviceAccountId, withoutScramVerifier: true });
    expect(legacy.pgUser).toBeNull();
    const refused = await connectError(w.clientConfig({ port: scramOnly.port, user: "app", password: legacy.key }));
    expect(refused.code).toBe("28P01");
    expect(refused.hint).toMatch(/issue a new key/);
    expect(await queryOnce(w.clientConfig({ user: "app", password: legacy.key }), "SELECT 'legacy' AS key")).toEqual([{ key: "legacy" }]);
  });
});
