// Shared by the Postgres listener's tests: psql as a child process, and a throw-away certificate
// for the listener's TLS (valid for localhost and 127.0.0.1).
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface PsqlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function psql(url: string, args: string[], input?: string): Promise<PsqlResult> {
  return new Promise((resolve) => {
    const child = execFile("psql", [url, "--no-psqlrc", "-v", "ON_ERROR_STOP=1", ...args], { timeout: 20_000, env: { ...process.env, PGCONNECT_TIMEOUT: "10" } }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** A self-signed P-256 certificate; the env entries make a gateway serve it on its Postgres port. */
export function listenerCertificate(): { certPath: string; keyPath: string; env: Record<string, string> } {
  const dir = mkdtempSync(join(tmpdir(), "airlock-pg-tls-"));
  const certPath = join(dir, "cert.pem");
  const keyPath = join(dir, "key.pem");
  execFileSync("openssl", [
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
    "-keyout", keyPath, "-out", certPath, "-days", "1",
    "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
  ], { stdio: "ignore" });
  return { certPath, keyPath, env: { AIRLOCK_PG_TLS_CERT: certPath, AIRLOCK_PG_TLS_KEY: keyPath } };
}
