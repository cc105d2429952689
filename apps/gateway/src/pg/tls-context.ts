// The listener's TLS certificate: AIRLOCK_PG_TLS_CERT and AIRLOCK_PG_TLS_KEY name PEM files (or
// hold the PEM text itself, which is handy in container secrets). Unset: TLS is not offered.
import { createHash, X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { createSecureContext, type SecureContext } from "node:tls";
import { signatureAlgorithmHashFromCertificate } from "pg/lib/crypto/cert-signatures";
import type { GatewayConfig } from "../config";

type TlsConfig = Pick<GatewayConfig, "AIRLOCK_PG_TLS_CERT" | "AIRLOCK_PG_TLS_KEY">;

function pem(value: string): string {
  return value.includes("-----BEGIN") ? value : readFileSync(value, "utf8");
}

export interface ListenerTls {
  context: SecureContext;
  /**
   * RFC 5929 tls-server-end-point channel binding data (the certificate's hash) for
   * SCRAM-SHA-256-PLUS; null when the certificate's signature hash is one we cannot name.
   */
  channelBinding: Buffer | null;
}

export function listenerTls(config: TlsConfig): ListenerTls | null {
  const { AIRLOCK_PG_TLS_CERT: cert, AIRLOCK_PG_TLS_KEY: key } = config;
  if (!cert && !key) return null;
  if (!cert || !key) throw new Error("Set both AIRLOCK_PG_TLS_CERT and AIRLOCK_PG_TLS_KEY to offer TLS on the Postgres port, or neither.");
  const certPem = pem(cert);
  return {
    context: createSecureContext({ cert: certPem, key: pem(key), minVersion: "TLSv1.2" }),
    channelBinding: tlsServerEndPoint(new X509Certificate(certPem).raw),
  };
}

/**
 * The certificate hashed with its signature's hash function, SHA-256 when that is MD5 or SHA-1
 * (RFC 5929 §4.1). Reading the signature algorithm needs DER parsing node:crypto does not expose;
 * node-postgres's parser (the one its client uses for the same binding) is reused for it.
 */
export function tlsServerEndPoint(der: Buffer): Buffer | null {
  let name: string;
  try {
    name = signatureAlgorithmHashFromCertificate(der);
  } catch {
    return null; // e.g. Ed25519 certificates: no hash to bind with; SCRAM-SHA-256 without -PLUS still works
  }
  const hash = name === "MD5" || name === "SHA-1" ? "sha256" : name.toLowerCase().replace(/^sha-/, "sha");
  try {
    return createHash(hash).update(der).digest();
  } catch {
    return null;
  }
}
