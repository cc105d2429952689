// The listener's TLS certificate: AIRLOCK_PG_TLS_CERT and AIRLOCK_PG_TLS_KEY name PEM files (or
// hold the PEM text itself, which is handy in container secrets). Unset: TLS is not offered.
import { readFileSync } from "node:fs";
import { createSecureContext, type SecureContext } from "node:tls";
import type { GatewayConfig } from "../config";

function pem(value: string): string {
  return value.includes("-----BEGIN") ? value : readFileSync(value, "utf8");
}

export function listenerTlsContext(config: Pick<GatewayConfig, "AIRLOCK_PG_TLS_CERT" | "AIRLOCK_PG_TLS_KEY">): SecureContext | null {
  const { AIRLOCK_PG_TLS_CERT: cert, AIRLOCK_PG_TLS_KEY: key } = config;
  if (!cert && !key) return null;
  if (!cert || !key) throw new Error("Set both AIRLOCK_PG_TLS_CERT and AIRLOCK_PG_TLS_KEY to offer TLS on the Postgres port, or neither.");
  return createSecureContext({ cert: pem(cert), key: pem(key), minVersion: "TLSv1.2" });
}
