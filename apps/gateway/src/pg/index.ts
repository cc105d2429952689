// The Postgres wire-protocol listener: clients connect with database = connection name and
// password = their Airlock key; each connection becomes one recorded, policy-checked relay to the
// connection's upstream database. See docs/adr/0005-postgres-auth.md for how clients authenticate.
import net from "node:net";
import { onConfigChange } from "../cache/config-changes";
import { closeServer, listen } from "../net/listen";
import type { GatewayServices } from "../services";
import type { PasswordAuthPolicy } from "./client/client-auth";
import type { PlaintextPasswordPolicy } from "./client/client-password";
import { PgUserDirectory } from "./client/pg-user-directory";
import { createPgMetrics } from "./pg-metrics";
import { ConfigEpoch } from "./session/access-check";
import { CancelRegistry } from "./session/cancel-registry";
import type { PgRelay } from "./session/pg-relay";
import { serveClient, type ListenerContext } from "./session/serve-client";
import { listenerTls } from "./tls-context";

export interface PgListenerOptions {
  /** Default: AIRLOCK_PG_PORT. 0 picks a free port. */
  port?: number;
  /** Default: AIRLOCK_HOST. */
  host?: string;
  /**
   * "scram" (SCRAM-SHA-256 with the key's Postgres user name only) or "scram-or-cleartext" (other
   * user names may send the key as a cleartext password). Default: AIRLOCK_PG_PASSWORD_AUTH.
   */
  passwordAuth?: PasswordAuthPolicy;
  /**
   * Whether a cleartext password may be sent without TLS: "loopback" (default) accepts it from
   * 127.0.0.0/8 and ::1 only, where it never crosses a network; "never" requires TLS for it.
   */
  plaintextPasswords?: PlaintextPasswordPolicy;
  /** Time allowed for TLS, startup and authentication (default 30 s). */
  handshakeTimeoutMs?: number;
}

export interface PgListenerHandle {
  port: number;
  /** Stops accepting and ends every session with "terminating connection due to administrator command". */
  close(): Promise<void>;
}

export async function startPgListener(services: GatewayServices, opts: PgListenerOptions = {}): Promise<PgListenerHandle> {
  const logger = services.logger.child({ component: "pg" });
  const relays = new Set<PgRelay>();
  const handshakes = new Set<net.Socket>();
  const configEpoch = new ConfigEpoch();
  const pgUsers = new PgUserDirectory(services.db, services.config.AIRLOCK_CACHE_TTL_MS);
  const stopWatchingConfig = onConfigChange(services.notifications, () => {
    configEpoch.bump();
    pgUsers.clear();
  });
  const tls = listenerTls(services.config);
  const handshakeTimeoutMs = opts.handshakeTimeoutMs ?? 30_000;
  const ctx: ListenerContext = {
    services,
    logger,
    metrics: createPgMetrics(services.metrics),
    tls: tls?.context ?? null,
    cancels: new CancelRegistry(),
    clientAuth: {
      auth: services.auth,
      pgUsers,
      passwordAuth: opts.passwordAuth ?? services.config.AIRLOCK_PG_PASSWORD_AUTH,
      plaintextPasswords: opts.plaintextPasswords ?? services.config.AIRLOCK_PG_PLAINTEXT_PASSWORDS,
      channelBinding: tls?.channelBinding ?? null,
      decoySecret: services.hashKey,
      timeoutMs: handshakeTimeoutMs,
    },
    handshakeTimeoutMs,
    relays,
    configEpoch,
  };
  const server = net.createServer((socket) => {
    handshakes.add(socket);
    socket.once("close", () => handshakes.delete(socket));
    socket.on("error", () => socket.destroy());
    void serveClient(socket, ctx).catch((error: unknown) => {
      logger.error({ err: error }, "postgres client handling failed");
      socket.destroy();
    });
  });
  const port = await listen(server, opts.host ?? services.config.AIRLOCK_HOST, opts.port ?? services.config.AIRLOCK_PG_PORT, "AIRLOCK_PG_PORT");
  let closing: Promise<void> | undefined;
  return {
    port,
    close() {
      closing ??= (async () => {
        stopWatchingConfig();
        const stopped = closeServer(server);
        for (const relay of [...relays]) {
          relay.end("shutdown", { severity: "FATAL", code: "57P01", message: "terminating connection due to administrator command" });
        }
        for (const socket of handshakes) socket.destroy();
        await stopped;
      })();
      return closing;
    },
  };
}

export type { PlaintextPasswordPolicy } from "./client/client-password";
export type { PasswordAuthPolicy } from "./client/client-auth";
