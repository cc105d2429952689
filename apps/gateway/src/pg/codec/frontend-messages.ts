// Decoding what clients send (the frontend half of the protocol, version 3.0). Pure functions over
// one message body; malformed input throws ProtocolError. SQL text is decoded with the client's
// encoding: "utf8" for UTF8 clients, "latin1" otherwise (a byte-preserving mapping that keeps every
// ASCII keyword and PII pattern visible and re-encodes to the exact same bytes).
import { ByteCursor } from "./byte-cursor";
import type { Frame } from "./frame-reader";
import { ProtocolError } from "./protocol-error";

export const SSL_REQUEST_CODE = 80877103;
export const GSSENC_REQUEST_CODE = 80877104;
export const CANCEL_REQUEST_CODE = 80877102;
export const PROTOCOL_3_0 = 196608;

export type StartupPacket =
  | { kind: "ssl_request" }
  | { kind: "gssenc_request" }
  | { kind: "cancel"; processId: number; secretKey: Buffer }
  | { kind: "startup"; major: number; minor: number; params: Map<string, string> };

export function decodeStartupPacket(body: Buffer): StartupPacket {
  const cursor = new ByteCursor(body);
  const code = cursor.int32();
  if (code === SSL_REQUEST_CODE) return { kind: "ssl_request" };
  if (code === GSSENC_REQUEST_CODE) return { kind: "gssenc_request" };
  if (code === CANCEL_REQUEST_CODE) {
    const processId = cursor.int32();
    // Protocol 3.2 allows longer secrets; keep the bytes as sent.
    return { kind: "cancel", processId, secretKey: Buffer.from(cursor.bytes(cursor.remaining)) };
  }
  const major = code >>> 16;
  const minor = code & 0xffff;
  if (major !== 3) throw new ProtocolError(`unsupported frontend protocol ${major}.${minor}: Airlock speaks 3.0`);
  const params = new Map<string, string>();
  for (;;) {
    const name = cursor.cstring();
    if (name === "") break;
    params.set(name, cursor.cstring());
  }
  cursor.end();
  return { kind: "startup", major, minor, params };
}

export type DescribeTarget = "S" | "P";

export interface ParseMessage {
  type: "parse";
  name: string;
  query: string;
  paramTypes: number[];
}

export interface BindMessage {
  type: "bind";
  portal: string;
  statement: string;
  paramFormats: number[];
  /** Raw parameter values; null for SQL NULL. */
  params: (Buffer | null)[];
  resultFormats: number[];
}

export type FrontendMessage =
  | { type: "query"; sql: string }
  | ParseMessage
  | BindMessage
  | { type: "describe"; target: DescribeTarget; name: string }
  | { type: "execute"; portal: string; maxRows: number }
  | { type: "close"; target: DescribeTarget; name: string }
  | { type: "sync" }
  | { type: "flush" }
  | { type: "terminate" }
  | { type: "copy_data"; data: Buffer }
  | { type: "copy_done" }
  | { type: "copy_fail"; message: string }
  | { type: "password"; data: Buffer }
  | { type: "function_call" };

export const FRONTEND = {
  query: 0x51, // Q
  parse: 0x50, // P
  bind: 0x42, // B
  describe: 0x44, // D
  execute: 0x45, // E
  close: 0x43, // C
  sync: 0x53, // S
  flush: 0x48, // H
  terminate: 0x58, // X
  copyData: 0x64, // d
  copyDone: 0x63, // c
  copyFail: 0x66, // f
  password: 0x70, // p (also SASL responses)
  functionCall: 0x46, // F
} as const;

export function decodeQuery(body: Buffer, encoding: BufferEncoding): string {
  const cursor = new ByteCursor(body);
  const sql = cursor.cstring(encoding);
  cursor.end();
  return sql;
}

export function decodeParse(body: Buffer, encoding: BufferEncoding): ParseMessage {
  const cursor = new ByteCursor(body);
  const name = cursor.cstring(encoding);
  const query = cursor.cstring(encoding);
  const n = cursor.count(4);
  const paramTypes: number[] = [];
  for (let i = 0; i < n; i++) paramTypes.push(cursor.int32() >>> 0);
  cursor.end();
  return { type: "parse", name, query, paramTypes };
}

export function decodeBind(body: Buffer, encoding: BufferEncoding): BindMessage {
  const cursor = new ByteCursor(body);
  const portal = cursor.cstring(encoding);
  const statement = cursor.cstring(encoding);
  const paramFormats = readFormats(cursor);
  const n = cursor.count(4);
  const params: (Buffer | null)[] = [];
  for (let i = 0; i < n; i++) {
    const length = cursor.int32();
    params.push(length === -1 ? null : cursor.bytes(length));
  }
  const resultFormats = readFormats(cursor);
  cursor.end();
  return { type: "bind", portal, statement, paramFormats, params, resultFormats };
}

function readFormats(cursor: ByteCursor): number[] {
  const n = cursor.count(2);
  const formats: number[] = [];
  for (let i = 0; i < n; i++) {
    const format = cursor.int16();
    if (format !== 0 && format !== 1) throw new ProtocolError(`invalid format code ${format}`);
    formats.push(format);
  }
  return formats;
}

function decodeTargeted(body: Buffer, encoding: BufferEncoding): { target: DescribeTarget; name: string } {
  const cursor = new ByteCursor(body);
  const target = cursor.int8();
  if (target !== 0x53 && target !== 0x50) throw new ProtocolError("describe/close target must be 'S' or 'P'");
  const name = cursor.cstring(encoding);
  cursor.end();
  return { target: target === 0x53 ? "S" : "P", name };
}

export function decodeExecute(body: Buffer, encoding: BufferEncoding): { portal: string; maxRows: number } {
  const cursor = new ByteCursor(body);
  const portal = cursor.cstring(encoding);
  const maxRows = cursor.int32();
  cursor.end();
  return { portal, maxRows };
}

function expectEmpty(body: Buffer): void {
  if (body.length !== 0) throw new ProtocolError("message should have no body");
}

/** Decodes any regular (post-startup) frontend message. */
export function decodeFrontendMessage(frame: Frame, encoding: BufferEncoding = "utf8"): FrontendMessage {
  const { body } = frame;
  switch (frame.type) {
    case FRONTEND.query:
      return { type: "query", sql: decodeQuery(body, encoding) };
    case FRONTEND.parse:
      return decodeParse(body, encoding);
    case FRONTEND.bind:
      return decodeBind(body, encoding);
    case FRONTEND.describe:
      return { type: "describe", ...decodeTargeted(body, encoding) };
    case FRONTEND.execute:
      return { type: "execute", ...decodeExecute(body, encoding) };
    case FRONTEND.close:
      return { type: "close", ...decodeTargeted(body, encoding) };
    case FRONTEND.sync:
      expectEmpty(body);
      return { type: "sync" };
    case FRONTEND.flush:
      expectEmpty(body);
      return { type: "flush" };
    case FRONTEND.terminate:
      expectEmpty(body);
      return { type: "terminate" };
    case FRONTEND.copyData:
      return { type: "copy_data", data: body };
    case FRONTEND.copyDone:
      expectEmpty(body);
      return { type: "copy_done" };
    case FRONTEND.copyFail: {
      const cursor = new ByteCursor(body);
      const message = cursor.cstring(encoding);
      cursor.end();
      return { type: "copy_fail", message };
    }
    case FRONTEND.password:
      return { type: "password", data: body };
    case FRONTEND.functionCall:
      return { type: "function_call" };
    default:
      throw new ProtocolError(`unknown frontend message type 0x${frame.type.toString(16)}`);
  }
}

/** The cleartext password in a PasswordMessage body. */
export function decodePassword(body: Buffer): string {
  const cursor = new ByteCursor(body);
  const password = cursor.cstring();
  cursor.end();
  return password;
}

/** SASLInitialResponse: the chosen mechanism and the client-first-message. */
export function decodeSaslInitialResponse(body: Buffer): { mechanism: string; data: string } {
  const cursor = new ByteCursor(body);
  const mechanism = cursor.cstring();
  const length = cursor.int32();
  const data = length < 0 ? "" : cursor.bytes(length).toString("utf8");
  cursor.end();
  return { mechanism, data };
}

/** SASLResponse: the client-final-message (the whole body). */
export function decodeSaslResponse(body: Buffer): string {
  return body.toString("utf8");
}
