// Decoding backend (server) messages the gateway needs to understand — RowDescription, command
// tags, transaction status, authentication requests, parameter status, key data, COPY responses —
// with node-postgres's own parser (pg-protocol), fed one complete frame at a time. DataRow and
// error bodies, which the gateway rewrites, have their own codecs (data-row.ts, notice-fields.ts).
import type { BackendMessage } from "pg-protocol/dist/messages";
import { Parser } from "pg-protocol/dist/parser";
import { ProtocolError } from "./protocol-error";

export type {
  AuthenticationMD5Password,
  BackendKeyDataMessage,
  BackendMessage,
  CommandCompleteMessage,
  CopyResponse,
  Field,
  NotificationResponseMessage,
  ParameterStatusMessage,
  ReadyForQueryMessage,
  RowDescriptionMessage,
} from "pg-protocol/dist/messages";

// One shared parser is safe: parse() is synchronous, and a complete frame leaves it empty again.
const parser = new Parser();

/** Decodes one complete backend frame (type byte and length included). */
export function decodeBackendMessage(raw: Buffer): BackendMessage {
  let decoded: BackendMessage | undefined;
  parser.parse(raw, (message) => {
    decoded = message;
  });
  if (!decoded) throw new ProtocolError("incomplete backend message");
  return decoded;
}

/** The authentication request code in an 'R' message (0 ok, 3 cleartext, 5 md5, 10/11/12 SASL). */
export function authenticationCode(body: Buffer): number {
  if (body.length < 4) throw new ProtocolError("authentication message is truncated");
  return body.readInt32BE(0);
}

/**
 * The tag of a CommandComplete body ("SELECT 1"): one C string, read directly because it arrives
 * for every statement and needs none of the general parser's machinery. Throws ProtocolError.
 */
export function commandTag(body: Buffer): string {
  if (body.length === 0 || body[body.length - 1] !== 0) throw new ProtocolError("CommandComplete tag is not NUL-terminated");
  return body.toString("utf8", 0, body.length - 1);
}

/** Row count from a CommandComplete tag ("SELECT 5", "INSERT 0 1", "COPY 3"); null when it has none. */
export function rowCountFromTag(tag: string): number | null {
  const match = /\s(\d+)$/.exec(tag);
  return match ? Number(match[1]) : null;
}

/** The command verb of a tag: "INSERT 0 1" → "INSERT", "CREATE TABLE" → "CREATE TABLE". */
export function commandFromTag(tag: string): string {
  return tag.replace(/(\s\d+)+$/, "");
}
