// JSON logs with pino. The data path never logs payloads or headers; the redact list is the second
// line of defence should a credential-carrying object ever be passed to a log call.
import pino, { type DestinationStream, type Logger } from "pino";
import type { GatewayConfig } from "../config";

export const REDACT_CENSOR = "[redacted]";

/** Credential-named fields at the top level of a log object. */
export const TOP_LEVEL_REDACT_PATHS = ["authorization", "password", "secret", "credential", "apiKey", "token", "connectionString"] as const;

const REDACT_PATHS = [
  "authorization",
  "password",
  "secret",
  "credential",
  "apiKey",
  "token",
  "*.authorization",
  "*.password",
  "*.secret",
  "*.credential",
  "*.apiKey",
  "*.token",
  '*["x-api-key"]',
  "headers.authorization",
  'headers["x-api-key"]',
  "req.headers.authorization",
  'req.headers["x-api-key"]',
  "req.headers.cookie",
  "connectionString",
  "*.connectionString",
];

export function createLogger(config: Pick<GatewayConfig, "AIRLOCK_LOG_LEVEL">, replicaId: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level: config.AIRLOCK_LOG_LEVEL,
      base: { service: "airlock-gateway", replica: replicaId },
      redact: { paths: REDACT_PATHS, censor: REDACT_CENSOR },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
