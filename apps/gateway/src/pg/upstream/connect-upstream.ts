// Opens the upstream session as an ordinary PostgreSQL client would: TCP (SSRF-guarded unless the
// connection allows private networks), TLS per sslmode, the startup packet, then whatever
// authentication the server asks for — SCRAM-SHA-256 (node-postgres's implementation, with channel
// binding over TLS), md5, cleartext or trust — and finally collects the server's parameter
// statuses and key data up to the first ReadyForQuery, for the relay to pass on.
import { createHash } from "node:crypto";
import net from "node:net";
import tls from "node:tls";
import type { Duplex } from "node:stream";
import sasl from "pg/lib/crypto/sasl";
import { GatewayError } from "../../errors";
import { assertUpstreamAllowed, guardedLookup } from "../../net/guarded-lookup";
import {
  authenticationCode,
  BACKEND,
  cancelRequest,
  decodeNoticeFields,
  FrameReader,
  noticeField,
  serialize,
  startupMessage,
  type TransactionStatus,
} from "../codec";
import { FrameSource } from "../net/frame-source";
import type { UpstreamTarget } from "./upstream-target";

export interface UpstreamSession {
  socket: Duplex;
  /** Holds any bytes that arrived after ReadyForQuery; the relay keeps reading with it. */
  reader: FrameReader;
  /** ParameterStatus and NoticeResponse frames from startup, to replay to the client in order. */
  startupFrames: Buffer[];
  backendKey: { processId: number; secretKey: Buffer } | null;
  transactionStatus: TransactionStatus;
  tls: boolean;
}

/** The upstream refused us (bad credential, unknown database, too many connections...). */
export class UpstreamRejectedError extends Error {
  constructor(
    message: string,
    readonly sqlstate: string | undefined,
  ) {
    super(message);
  }
}

/** Client startup parameters that are the gateway's to set, never forwarded. */
const RESERVED_PARAMS = new Set(["user", "database", "replication"]);

export const MAX_UPSTREAM_MESSAGE = 1 << 30; // PostgreSQL's own limit on a message

export async function connectUpstream(target: UpstreamTarget, clientParams: Map<string, string>): Promise<UpstreamSession> {
  if (!target.allowPrivateNetwork) {
    assertUpstreamAllowed(new URL(`http://${target.host.includes(":") ? `[${target.host}]` : target.host}/`));
  }
  const deadline = Date.now() + target.connectTimeoutMs;
  const remaining = () => Math.max(1, deadline - Date.now());
  const tcp = await openTcp(target, remaining());
  let socket: Duplex = tcp;
  let encrypted = false;
  try {
    if (target.sslmode !== "disable" && target.sslmode !== "allow") {
      const tlsSocket = await negotiateTls(tcp, target, remaining());
      if (tlsSocket) {
        socket = tlsSocket;
        encrypted = true;
      }
    }
    const reader = new FrameReader(MAX_UPSTREAM_MESSAGE);
    const source = new FrameSource(socket, reader);
    const params: [string, string][] = [
      ["user", target.user],
      ["database", target.database],
    ];
    for (const [name, value] of clientParams) {
      if (!RESERVED_PARAMS.has(name) && !name.startsWith("_pq_.")) params.push([name, value]);
    }
    socket.write(startupMessage(params));
    const result = await authenticateAndStart(source, socket, target, encrypted, remaining);
    source.detach();
    return { socket, reader, ...result, tls: encrypted };
  } catch (error) {
    socket.destroy();
    throw error;
  }
}

function openTcp(target: UpstreamTarget, timeoutMs: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({
      host: target.host,
      port: target.port,
      ...(target.allowPrivateNetwork ? {} : { lookup: guardedLookup }),
    });
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 60_000);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new GatewayError("upstream_timeout", `The upstream database at ${target.host}:${target.port} did not answer within ${timeoutMs} ms.`));
    }, timeoutMs);
    socket.once("connect", () => {
      clearTimeout(timer);
      socket.off("error", onError);
      resolve(socket);
    });
    const onError = (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (error instanceof GatewayError) return reject(error);
      reject(new GatewayError("upstream_unreachable", `Cannot reach the upstream database at ${target.host}:${target.port} (${error.code ?? error.message}).`));
    };
    socket.once("error", onError);
  });
}

async function negotiateTls(tcp: net.Socket, target: UpstreamTarget, timeoutMs: number): Promise<tls.TLSSocket | null> {
  const source = new FrameSource(tcp, new FrameReader(16, { startup: true }));
  tcp.write(serialize.requestSsl());
  const answer = await source.raw(1, timeoutMs);
  // Anything after the one-byte answer was sent before TLS started: an injection attempt.
  if (source.reader.buffered > 0) throw new GatewayError("upstream_error", "The upstream sent unexpected data during TLS negotiation.");
  source.detach();
  if (answer[0] === 0x4e /* N */) {
    if (target.sslmode === "prefer") return null;
    throw new GatewayError("upstream_error", `The upstream database does not accept TLS, and the connection requires sslmode=${target.sslmode}.`);
  }
  if (answer[0] !== 0x53 /* S */) throw new GatewayError("upstream_error", "The upstream answered the TLS request with garbage.");
  const verify = target.sslmode === "verify-ca" || target.sslmode === "verify-full";
  return new Promise((resolve, reject) => {
    const secure = tls.connect({
      socket: tcp,
      rejectUnauthorized: verify,
      ...(target.ca ? { ca: target.ca } : {}),
      ...(net.isIP(target.host) ? {} : { servername: target.host }),
      // verify-ca checks the chain but not the name, like libpq.
      ...(target.sslmode === "verify-ca" ? { checkServerIdentity: () => undefined } : {}),
    });
    const onError = (error: Error) =>
      reject(new GatewayError("upstream_error", `TLS with the upstream database failed: ${error.message}`));
    secure.once("error", onError);
    secure.once("secureConnect", () => {
      secure.off("error", onError);
      resolve(secure);
    });
  });
}

function md5Hex(data: string | Buffer): string {
  return createHash("md5").update(data).digest("hex");
}

function needPassword(target: UpstreamTarget): string {
  const password = target.password();
  if (!password) throw new GatewayError("upstream_error", "The upstream database asks for a password, but the connection has no credential stored.");
  return password;
}

async function authenticateAndStart(
  source: FrameSource,
  socket: Duplex,
  target: UpstreamTarget,
  encrypted: boolean,
  remaining: () => number,
): Promise<Omit<UpstreamSession, "socket" | "reader" | "tls">> {
  const startupFrames: Buffer[] = [];
  let backendKey: UpstreamSession["backendKey"] = null;
  let scram: ReturnType<typeof sasl.startSession> | null = null;
  for (;;) {
    const frame = await source.next(remaining());
    switch (frame.type) {
      case BACKEND.authentication: {
        const code = authenticationCode(frame.body);
        if (code === 0) break;
        if (code === 3) socket.write(serialize.password(needPassword(target)));
        else if (code === 5) {
          const salt = frame.body.subarray(4, 8);
          const inner = md5Hex(needPassword(target) + target.user);
          socket.write(serialize.password(`md5${md5Hex(Buffer.concat([Buffer.from(inner), salt]))}`));
        } else if (code === 10) {
          const mechanisms = frame.body.subarray(4).toString("utf8").split("\0").filter(Boolean);
          scram = sasl.startSession(mechanisms, encrypted ? socket : undefined);
          socket.write(serialize.sendSASLInitialResponseMessage(scram.mechanism, scram.response));
        } else if (code === 11 && scram) {
          await sasl.continueSession(scram, needPassword(target), frame.body.subarray(4).toString("utf8"), encrypted ? socket : undefined);
          socket.write(serialize.sendSCRAMClientFinalMessage(scram.response));
        } else if (code === 12 && scram) {
          // Proves the server knew the password too (mutual authentication).
          sasl.finalizeSession(scram, frame.body.subarray(4).toString("utf8"));
        } else {
          throw new GatewayError("upstream_error", `The upstream database asks for an authentication method Airlock does not support (code ${code}).`);
        }
        break;
      }
      case BACKEND.errorResponse: {
        const fields = decodeNoticeFields(frame.body);
        throw new UpstreamRejectedError(noticeField(fields, "M") ?? "the upstream database refused the connection", noticeField(fields, "C"));
      }
      case BACKEND.parameterStatus:
      case BACKEND.noticeResponse:
        startupFrames.push(Buffer.from(frame.raw));
        break;
      case BACKEND.backendKeyData:
        backendKey = { processId: frame.body.readInt32BE(0), secretKey: Buffer.from(frame.body.subarray(4)) };
        break;
      case BACKEND.negotiateProtocolVersion:
        break;
      case BACKEND.readyForQuery:
        return { startupFrames, backendKey, transactionStatus: String.fromCharCode(frame.body[0] ?? 0x49) as TransactionStatus };
      default:
        throw new GatewayError("upstream_error", `The upstream database sent an unexpected message during startup (type ${String.fromCharCode(frame.type)}).`);
    }
  }
}

/** Forwards a client's cancel to the upstream backend it maps to (a separate short connection). */
export function sendUpstreamCancel(target: UpstreamTarget, processId: number, secretKey: Buffer): void {
  const socket = net.connect({ host: target.host, port: target.port });
  socket.on("error", () => socket.destroy());
  socket.setTimeout(target.connectTimeoutMs, () => socket.destroy());
  socket.once("connect", () => {
    socket.end(cancelRequest(processId, secretKey));
  });
}
