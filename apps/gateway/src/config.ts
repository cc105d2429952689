// Gateway configuration: environment variables with the AIRLOCK_ prefix (plus DATABASE_URL),
// validated once at start-up. A bad value stops the process with a message naming the variable.
import { z } from "zod";

const port = z.coerce.number().int().min(0).max(65535);
const ms = z.coerce.number().int().positive();
const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

export const gatewayEnvSchema = z.object({
  DATABASE_URL: z.string().url("must be a postgresql:// URL"),
  AIRLOCK_MASTER_KEY: z.string().min(1, "is required: 32 bytes, base64 (openssl rand -base64 32)"),
  AIRLOCK_HOST: z.string().default("0.0.0.0"),
  AIRLOCK_GATEWAY_PORT: port.default(8080),
  AIRLOCK_PG_PORT: port.default(6432),
  AIRLOCK_ADMIN_PORT: port.default(9090),
  AIRLOCK_CONSOLE_URL: z.string().url().default("http://localhost:3000"),
  /** Identifies this replica in logs and recordings. */
  AIRLOCK_REPLICA_ID: z.string().optional(),
  /**
   * Worker processes sharing the listeners (node:cluster). 1 (the default) runs everything in one
   * process; more use more cores, each worker with its own caches, recorder and spool folder. Not
   * the CPU count by default: every worker loads its own database client (~170 MB resident each).
   */
  AIRLOCK_WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  AIRLOCK_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Largest request body accepted, bytes. */
  AIRLOCK_MAX_BODY_BYTES: z.coerce.number().int().positive().default(10 * 1024 * 1024),
  /** Upstream must send response headers within this time. */
  AIRLOCK_UPSTREAM_HEADERS_TIMEOUT_MS: ms.default(60_000),
  /** Longest silence allowed between two chunks of an upstream response body. */
  AIRLOCK_UPSTREAM_BODY_IDLE_TIMEOUT_MS: ms.default(120_000),
  /** Key and connection caches: how long an entry lives without a change notification. */
  AIRLOCK_CACHE_TTL_MS: ms.default(30_000),
  /** HTTP exchanges without X-Airlock-Session join the caller's open session until it is idle this long. */
  AIRLOCK_SESSION_IDLE_MS: ms.default(5 * 60_000),
  /** Recording: where the spool file lives, and how large it may grow before traffic is refused. */
  AIRLOCK_SPOOL_DIR: z.string().default(".airlock/spool"),
  AIRLOCK_SPOOL_MAX_BYTES: z.coerce.number().int().positive().default(512 * 1024 * 1024),
  AIRLOCK_RECORDER_QUEUE_MAX: z.coerce.number().int().positive().default(50_000),
  AIRLOCK_RECORDER_QUEUE_MAX_BYTES: z.coerce.number().int().positive().default(64 * 1024 * 1024),
  AIRLOCK_RECORDER_BATCH_SIZE: z.coerce.number().int().positive().default(500),
  AIRLOCK_RECORDER_BATCH_MAX_BYTES: z.coerce.number().int().positive().default(4 * 1024 * 1024),
  AIRLOCK_RECORDER_FLUSH_MS: ms.default(50),
  /**
   * Write recordings to PostgreSQL from a worker thread (true, the default) or on the main thread.
   * The thread takes the batch SQL and the driver's work off the event loop that serves requests.
   */
  AIRLOCK_RECORDER_WRITER_THREAD: bool.default(true),
  /** HMAC key for masking's keyed-hash style and recording checkpoints; derived from the master key when unset. */
  AIRLOCK_HASH_KEY: z.string().optional(),
  /** OIDC access tokens for agents: issuer, audience and accepted algorithms. Unset = Airlock keys only. */
  AIRLOCK_OIDC_ISSUER: z.string().url().optional(),
  AIRLOCK_OIDC_AUDIENCE: z.string().optional(),
  AIRLOCK_OIDC_JWKS_URL: z.string().url().optional(),
  AIRLOCK_OIDC_ALGORITHMS: z.string().default("RS256,ES256,PS256,EdDSA"),
  /** Allow upstreams on private or link-local addresses for every connection (development only). */
  AIRLOCK_ALLOW_PRIVATE_UPSTREAMS: bool.default(false),
  /** Postgres listener TLS (PEM files). Unset: TLS is not offered. */
  AIRLOCK_PG_TLS_CERT: z.string().optional(),
  AIRLOCK_PG_TLS_KEY: z.string().optional(),
  /**
   * How Postgres clients prove their key. "scram": only SCRAM-SHA-256 with the key's Postgres user
   * name; "scram-or-cleartext": that, and for other user names (keys without a SCRAM verifier,
   * OIDC tokens) the key as a cleartext password, under AIRLOCK_PG_PLAINTEXT_PASSWORDS.
   */
  AIRLOCK_PG_PASSWORD_AUTH: z.enum(["scram", "scram-or-cleartext"]).default("scram-or-cleartext"),
  /**
   * Where a cleartext password may travel without TLS. "loopback": accepted from loopback clients,
   * TLS required from everyone else; "never": TLS required always.
   */
  AIRLOCK_PG_PLAINTEXT_PASSWORDS: z.enum(["loopback", "never"]).default("loopback"),
});

export type GatewayConfig = z.infer<typeof gatewayEnvSchema>;

export class ConfigError extends Error {}

/** Parses the environment; throws ConfigError with one line per bad variable. */
export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const result = gatewayEnvSchema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  ${i.path.join(".") || "(environment)"}: ${i.message}`);
  throw new ConfigError(`Invalid gateway configuration:\n${lines.join("\n")}`);
}
