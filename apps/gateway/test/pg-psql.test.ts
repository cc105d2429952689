// psql (libpq) through the gateway: queries, \copy both ways, blocked statements, bad keys, SCRAM
// (with channel binding over TLS), and TLS — with the listener's own certificate verified
// (verify-full), and a listener that refuses cleartext keys sent without TLS.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPgListener, type PgListenerHandle } from "../src/pg";
import { listenerCertificate, psql } from "./pg-client-tools";
import { CUSTOMERS, startPgWorld, type PgWorld } from "./pg-fixtures";

let w: PgWorld;
let certPath: string;
let strict: PgListenerHandle;
let scramOnly: PgListenerHandle;

beforeAll(async () => {
  const certificate = listenerCertificate();
  certPath = certificate.certPath;
  w = await startPgWorld({ env: certificate.env });
  strict = await startPgListener(w.h.gateway.services, { port: 0, host: "127.0.0.1", plaintextPasswords: "never" });
  scramOnly = await startPgListener(w.h.gateway.services, { port: 0, host: "127.0.0.1", passwordAuth: "scram" });
});
afterAll(async () => {
  await strict?.close();
  await scramOnly?.close();
  await w?.close();
});

describe("psql", () => {
  it("runs queries and shows masked values", async () => {
    const result = await psql(w.libpqUrl(), ["-At", "-F", "|", "-c", "SELECT name, email, ssn, phone FROM customers ORDER BY id"]);
    expect(result.stderr).toBe("");
    expect(result.stdout.trim().split("\n")).toEqual(CUSTOMERS.map((c) => `${c.name}|[EMAIL]|[SSN]|${c.phone}`));
  });

  it("shows the block error for a destructive statement and exits non-zero", async () => {
    const result = await psql(w.libpqUrl(), ["-c", "DROP TABLE customers"]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/ERROR: {2}Airlock blocked this statement: .*DROP TABLE/);
  });

  it("\\copy loads from stdin and, on a connection without column rules, exports masked CSV", async () => {
    const load = await psql(w.libpqUrl(), ["-c", "\\copy audit_log (message) from stdin"], "from psql one\nfrom psql two\n");
    expect(load.stderr).toBe("");
    expect(load.stdout.trim()).toBe("COPY 2");
    const emailsOnly = await w.addConnection("emails-only");
    const url = w.libpqUrl().replace(`/${w.connectionName}?`, `/${emailsOnly.name}?`);
    const out = await psql(url, ["-c", "\\copy (SELECT name, email FROM customers ORDER BY id) to stdout with csv"]);
    expect(out.stderr).toBe("");
    expect(out.stdout).toBe(CUSTOMERS.map((c) => `${c.name},[EMAIL]\n`).join(""));
  });

  it("reports a wrong key as a failed login", async () => {
    const result = await psql(w.libpqUrl().replace(encodeURIComponent(w.key), "alk_wrong"), ["-c", "SELECT 1"]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/FATAL: {2}Airlock key authentication failed for user "alkpg_/);
  });
});

describe("SCRAM-SHA-256", () => {
  const on = (port: number, url: string) => url.replace(`:${w.pgPort}/`, `:${port}/`);

  it("authenticates psql with the key's Postgres user name on a listener that never asks for a cleartext password", async () => {
    const result = await psql(on(scramOnly.port, w.libpqUrl()), ["-At", "-c", "SELECT email FROM customers WHERE id = 1"]);
    expect(result.stderr).toBe("");
    expect(result.stdout.trim()).toBe("[EMAIL]");
  });

  it("binds to the listener's certificate over TLS (channel_binding=require needs SCRAM-SHA-256-PLUS)", async () => {
    const result = await psql(w.libpqUrl({ sslmode: "require", channel_binding: "require" }), ["-At", "-c", "SELECT 'bound'"]);
    expect(result.stderr).toBe("");
    expect(result.stdout.trim()).toBe("bound");
  });

  it("answers an unknown user name exactly like a wrong key, and without asking for a cleartext password", async () => {
    const unknown = await psql(on(scramOnly.port, w.libpqUrl()).replace(`${w.pgUser}:`, "alkpg_00000000000000000000:"), ["-c", "SELECT 1"]);
    const wrongKey = await psql(on(scramOnly.port, w.libpqUrl()).replace(encodeURIComponent(w.key), "alk_wrong"), ["-c", "SELECT 1"]);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr.replace(/"alkpg_\w+"/, "<user>")).toBe(wrongKey.stderr.replace(/"alkpg_\w+"/, "<user>"));
    expect(unknown.stderr).toMatch(/Airlock key authentication failed/);
  });
});

describe("TLS", () => {
  it("serves TLS with the configured certificate, verified by libpq (verify-full)", async () => {
    const url = w.libpqUrl({ sslmode: "verify-full", sslrootcert: certPath }).replace("127.0.0.1", "localhost");
    const result = await psql(url, ["-At", "-c", "SELECT email FROM customers WHERE id = 1", "-c", "\\conninfo"]);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("[EMAIL]");
    expect(result.stdout).toMatch(/SSL connection \(protocol: TLSv1\.[23]/);
  });

  it("a listener that requires TLS for cleartext keys refuses one without TLS and accepts it over TLS", async () => {
    // Any user name other than a key's own falls back to the key as a cleartext password.
    const cleartext = (extra?: Record<string, string>) => w.libpqUrl(extra).replace(`:${w.pgPort}/`, `:${strict.port}/`).replace(`${w.pgUser}:`, "app:");
    const plain = await psql(cleartext(), ["-c", "SELECT 1"]);
    expect(plain.code).not.toBe(0);
    expect(plain.stderr).toMatch(/Airlock accepts keys only over TLS/);
    const secure = await psql(cleartext({ sslmode: "require" }), ["-At", "-c", "SELECT 'over tls'"]);
    expect(secure.stderr).toBe("");
    expect(secure.stdout.trim()).toBe("over tls");
  });

  it("the same listener accepts SCRAM without TLS: the key itself never crosses the wire", async () => {
    const result = await psql(w.libpqUrl().replace(`:${w.pgPort}/`, `:${strict.port}/`), ["-At", "-c", "SELECT 'scram'"]);
    expect(result.stderr).toBe("");
    expect(result.stdout.trim()).toBe("scram");
  });
});
