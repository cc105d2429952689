// psql (libpq) through the gateway: queries, \copy both ways, blocked statements, bad keys, and
// TLS — with the listener's own certificate verified (verify-full), and a listener that refuses
// keys sent without TLS.
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPgListener, type PgListenerHandle } from "../src/pg";
import { CUSTOMERS, startPgWorld, type PgWorld } from "./pg-fixtures";

let w: PgWorld;
let certDir: string;
let strict: PgListenerHandle;

interface PsqlResult {
  code: number;
  stdout: string;
  stderr: string;
}

function psql(url: string, args: string[], input?: string): Promise<PsqlResult> {
  return new Promise((resolve) => {
    const child = execFile("psql", [url, "--no-psqlrc", "-v", "ON_ERROR_STOP=1", ...args], { timeout: 20_000, env: { ...process.env, PGCONNECT_TIMEOUT: "10" } }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

beforeAll(async () => {
  certDir = mkdtempSync(join(tmpdir(), "airlock-pg-tls-"));
  execFileSync("openssl", [
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
    "-keyout", join(certDir, "key.pem"), "-out", join(certDir, "cert.pem"), "-days", "1",
    "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
  ], { stdio: "ignore" });
  w = await startPgWorld({ env: { AIRLOCK_PG_TLS_CERT: join(certDir, "cert.pem"), AIRLOCK_PG_TLS_KEY: join(certDir, "key.pem") } });
  strict = await startPgListener(w.h.gateway.services, { port: 0, host: "127.0.0.1", plaintextPasswords: "never" });
});
afterAll(async () => {
  await strict?.close();
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
    expect(result.stderr).toMatch(/FATAL/);
  });
});

describe("TLS", () => {
  it("serves TLS with the configured certificate, verified by libpq (verify-full)", async () => {
    const url = w.libpqUrl({ sslmode: "verify-full", sslrootcert: join(certDir, "cert.pem") }).replace("127.0.0.1", "localhost");
    const result = await psql(url, ["-At", "-c", "SELECT email FROM customers WHERE id = 1", "-c", "\\conninfo"]);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("[EMAIL]");
    expect(result.stdout).toMatch(/SSL connection \(protocol: TLSv1\.[23]/);
  });

  it("a listener that requires TLS refuses a plaintext key and accepts it over TLS", async () => {
    const plain = await psql(w.libpqUrl().replace(`:${w.pgPort}/`, `:${strict.port}/`), ["-c", "SELECT 1"]);
    expect(plain.code).not.toBe(0);
    expect(plain.stderr).toMatch(/Airlock accepts keys only over TLS/);
    const secure = await psql(w.libpqUrl({ sslmode: "require" }).replace(`:${w.pgPort}/`, `:${strict.port}/`), ["-At", "-c", "SELECT 'over tls'"]);
    expect(secure.stderr).toBe("");
    expect(secure.stdout.trim()).toBe("over tls");
  });
});
