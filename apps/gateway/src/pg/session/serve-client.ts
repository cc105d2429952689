// One client connection from accept to close: hello (TLS, cancel or startup) → authentication
// (SCRAM with the key's Postgres user name, or the key as a cleartext password) → identity →
// connection (database name) → grant → rules → upstream session → recorded relay. Nothing reaches
// the upstream before the caller is authenticated and authorized; a failure at any step is a
// FATAL error naming the problem, as PostgreSQL itself would send.
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import type { SecureContext } from "node:tls";
import type { Logger } from "pino";
import type { SessionStartPayload } from "@airlock/recording";
import { GatewayError } from "../../errors";
import type { Identity } from "../../identity";
import type { RecordedEventInput, RecordingChain } from "../../recorder/types";
import type { GatewayServices } from "../../services";
import { authenticationOk, backendKeyData, errorResponse, readyForQuery } from "../codec";
import { readClientHello } from "../client/client-hello";
import { authenticateClient, type ClientAuthContext } from "../client/client-auth";
import type { PgMetrics } from "../pg-metrics";
import { connectUpstream, sendUpstreamCancel, type UpstreamSession } from "../upstream/connect-upstream";
import { upstreamTarget } from "../upstream/upstream-target";
import { AccessCheck, type ConfigEpoch } from "./access-check";
import type { CancelRegistry } from "./cancel-registry";
import { compileColumnRules } from "./column-rules";
import { PgRelay, type SessionEndReason } from "./pg-relay";
import { ResultMasker, type ClientEncoding } from "./result-masker";
import type { SessionPolicy } from "./statement-admission";
import { startupError } from "./startup-errors";

export interface ListenerContext {
  services: GatewayServices;
  logger: Logger;
  metrics: PgMetrics;
  tls: SecureContext | null;
  cancels: CancelRegistry;
  clientAuth: ClientAuthContext;
  handshakeTimeoutMs: number;
  /** Live relays, so the listener can end them on shutdown. */
  relays: Set<PgRelay>;
  /** Bumped on every configuration change: open sessions then re-check their access. */
  configEpoch: ConfigEpoch;
}

function identityRef(identity: Identity): SessionStartPayload["identity"] {
  return {
    kind: identity.kind === "service_account" ? "service-account" : "user",
    id: identity.id,
    name: identity.label,
    ...(identity.keyId ? { keyId: identity.keyId } : {}),
  };
}

function encodingOf(value: string | undefined): ClientEncoding {
  return !value || /^(utf-?8|unicode)$/i.test(value) ? "utf8" : "latin1";
}

/** client_encoding as the upstream reported it at startup (ParameterStatus), else as asked. */
function startupEncoding(upstream: UpstreamSession, asked: string | undefined): ClientEncoding {
  for (const raw of upstream.startupFrames) {
    if (raw[0] !== 0x53) continue;
    const body = raw.subarray(5);
    const nul = body.indexOf(0);
    if (body.toString("latin1", 0, nul) === "client_encoding") return encodingOf(body.toString("latin1", nul + 1, body.length - 1));
  }
  return encodingOf(asked);
}

export async function serveClient(raw: Socket, ctx: ListenerContext): Promise<void> {
  raw.setNoDelay(true);
  // Dead peers (a laptop that slept, a dropped NAT entry) are noticed instead of held forever.
  raw.setKeepAlive(true, 60_000);
  let client: Duplex = raw;
  let upstream: UpstreamSession | undefined;
  try {
    const hello = await readClientHello(raw, ctx.tls, ctx.handshakeTimeoutMs);
    if (hello.kind === "cancel") {
      ctx.cancels.cancel(hello.processId, hello.secretKey);
      raw.end();
      return;
    }
    client = hello.socket;
    const { services } = ctx;
    if (hello.params.has("replication") && hello.params.get("replication") !== "false") {
      throw new GatewayError("connection_forbidden", "Airlock does not relay replication connections.");
    }
    const database = hello.params.get("database") ?? hello.params.get("user") ?? "";
    const { identity, method, reauthenticate } = await authenticateClient(
      client,
      hello.source,
      { params: hello.params, encrypted: hello.encrypted, remoteAddress: raw.remoteAddress },
      ctx.clientAuth,
    );
    const connection = await services.connections.byName(database);
    if (connection.kind !== "postgres") throw new GatewayError("connection_not_found", `Connection '${connection.name}' is not a PostgreSQL connection.`);
    if (!connection.enabled) throw new GatewayError("connection_disabled", `Connection '${connection.name}' is disabled.`);
    await services.auth.authorize(identity, connection);
    const rules = await services.rules.forConnection(connection.id);
    if (!services.recorder.accepting) throw new GatewayError("recording_unavailable", "Airlock cannot record sessions right now, so it does not open new ones.");
    const target = upstreamTarget(connection, services.config.AIRLOCK_ALLOW_PRIVATE_UPSTREAMS);
    upstream = await connectUpstream(target, hello.params);
    const chain = await services.recorder.openChain({ protocol: "postgres", connectionId: connection.id, connectionName: connection.name, identity });
    hello.source.detach();

    const record = recorderFor(chain, ctx.logger);
    record({
      type: "session.start",
      payload: {
        protocol: "postgres",
        connection: { id: connection.id, name: connection.name, kind: "postgres" },
        identity: identityRef(identity),
        client: {
          ...(raw.remoteAddress ? { address: raw.remoteAddress } : {}),
          ...(hello.params.get("application_name") ? { application: hello.params.get("application_name") } : {}),
        },
      } satisfies SessionStartPayload as unknown as Record<string, unknown>,
    });

    // Every statement re-checks access and picks up rule changes. All of it comes from the caches
    // (key, grant, connection, rules), which configuration changes clear on every replica, so a
    // revoked key or a new guardrail takes effect on open sessions at their next statement. The
    // check is reused until the next configuration change, for at most a second (access-check.ts).
    let policy: SessionPolicy = { rules, resultMasker: new ResultMasker(rules.responseMasker, compileColumnRules(rules.columnRules)) };
    const check = async (): Promise<SessionPolicy> => {
      const current = await reauthenticate();
      const currentConnection = await services.connections.byName(connection.name);
      if (!currentConnection.enabled) throw new GatewayError("connection_disabled", `Connection '${connection.name}' is disabled.`);
      if (currentConnection.id !== connection.id) throw new GatewayError("connection_not_found", `Connection '${connection.name}' was replaced.`);
      await services.auth.authorize(current, currentConnection);
      const currentRules = await services.rules.forConnection(connection.id);
      if (currentRules !== policy.rules) {
        policy = { rules: currentRules, resultMasker: new ResultMasker(currentRules.responseMasker, compileColumnRules(currentRules.columnRules)) };
      }
      return policy;
    };
    const access = new AccessCheck(ctx.configEpoch, check);
    const refresh = () => access.current();
    const upstreamSession = upstream;
    let relay: PgRelay | null = null;
    const key = ctx.cancels.issue({ cancel: () => relay?.cancel() });
    relay = new PgRelay({
      client,
      clientReader: hello.source.reader,
      upstream: upstreamSession.socket,
      upstreamReader: upstreamSession.reader,
      encoding: startupEncoding(upstreamSession, hello.params.get("client_encoding")),
      policy,
      admission: {
        connection,
        identity,
        refresh,
        approvals: services.approvals,
        recorderAccepting: () => services.recorder.accepting,
        sessionId: chain.sessionId,
        record,
      },
      pids: upstreamSession.backendKey ? { client: key.processId, upstream: upstreamSession.backendKey.processId } : null,
      record,
      onStatement: (outcome) => ctx.metrics.statement(connection.name, outcome),
      sendUpstreamCancel: () => {
        if (upstreamSession.backendKey) sendUpstreamCancel(target, upstreamSession.backendKey.processId, upstreamSession.backendKey.secretKey);
      },
      onEnd: (reason: SessionEndReason) => {
        ctx.cancels.release(key.processId);
        ctx.relays.delete(activeRelay);
        ctx.metrics.sessionEnded();
        chain.close({ type: "session.end", payload: { reason } });
        ctx.logger.debug({ connection: connection.name, identity: identity.label, reason }, "postgres session ended");
      },
    });
    const activeRelay = relay;
    ctx.relays.add(activeRelay);
    ctx.metrics.sessionStarted();
    client.write(
      Buffer.concat([
        authenticationOk(),
        ...upstreamSession.startupFrames,
        backendKeyData(key.processId, key.secretKey),
        readyForQuery(upstreamSession.transactionStatus),
      ]),
    );
    ctx.logger.debug({ connection: connection.name, identity: identity.label, tls: hello.socket !== raw, auth: method }, "postgres session started");
    activeRelay.start();
    // The client may have gone while the upstream session was opening.
    if (raw.destroyed || client.destroyed) activeRelay.end("client_closed");
  } catch (error) {
    upstream?.socket.destroy();
    const spec = startupError(error);
    ctx.metrics.startupFailed(spec.code);
    if (spec.code === "XX000") ctx.logger.error({ err: error }, "postgres session failed to start");
    else ctx.logger.info({ sqlstate: spec.code, reason: spec.message }, "postgres session refused");
    if (client.writable) client.end(errorResponse(spec));
    setTimeout(() => client.destroy(), 1_000).unref();
  }
}

function recorderFor(chain: RecordingChain, logger: Logger): (event: RecordedEventInput) => void {
  return (event) => {
    try {
      chain.append(event);
    } catch (error) {
      // append must never throw; if it does, the session still must not go unrecorded silently.
      logger.error({ err: error, type: event.type }, "recording a postgres event failed");
    }
  };
}
