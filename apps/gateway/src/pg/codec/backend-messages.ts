// Encoding the few backend messages the gateway writes itself: the authentication exchange with
// the client, the session's identity (BackendKeyData), and errors. Everything else a client
// receives is the upstream's own bytes, relayed or minimally rewritten.
import type { NoticeField } from "./notice-fields";
import { encodeNoticeFields } from "./notice-fields";

export const BACKEND = {
  authentication: 0x52, // R
  backendKeyData: 0x4b, // K
  parameterStatus: 0x53, // S
  readyForQuery: 0x5a, // Z
  errorResponse: 0x45, // E
  noticeResponse: 0x4e, // N
  negotiateProtocolVersion: 0x76, // v
  rowDescription: 0x54, // T
  dataRow: 0x44, // D
  commandComplete: 0x43, // C
  emptyQuery: 0x49, // I
  parseComplete: 0x31, // 1
  bindComplete: 0x32, // 2
  closeComplete: 0x33, // 3
  noData: 0x6e, // n
  parameterDescription: 0x74, // t
  portalSuspended: 0x73, // s
  copyInResponse: 0x47, // G
  copyOutResponse: 0x48, // H
  copyBothResponse: 0x57, // W
  copyData: 0x64, // d
  copyDone: 0x63, // c
  notification: 0x41, // A
  functionCallResponse: 0x56, // V
} as const;

function message(type: number, body: Buffer): Buffer {
  const out = Buffer.allocUnsafe(5 + body.length);
  out[0] = type;
  out.writeInt32BE(4 + body.length, 1);
  body.copy(out, 5);
  return out;
}

function int32(value: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeInt32BE(value, 0);
  return b;
}

function cstring(value: string): Buffer {
  return Buffer.from(`${value}\0`, "utf8");
}

export function authenticationOk(): Buffer {
  return message(BACKEND.authentication, int32(0));
}

export function authenticationCleartextPassword(): Buffer {
  return message(BACKEND.authentication, int32(3));
}

/** Asks for SASL authentication, listing the mechanisms the server accepts. */
export function authenticationSasl(mechanisms: string[]): Buffer {
  return message(BACKEND.authentication, Buffer.concat([int32(10), ...mechanisms.map(cstring), Buffer.from([0])]));
}

export function authenticationSaslContinue(data: string): Buffer {
  return message(BACKEND.authentication, Buffer.concat([int32(11), Buffer.from(data, "utf8")]));
}

export function authenticationSaslFinal(data: string): Buffer {
  return message(BACKEND.authentication, Buffer.concat([int32(12), Buffer.from(data, "utf8")]));
}

export function parameterStatus(name: string, value: string): Buffer {
  return message(BACKEND.parameterStatus, Buffer.concat([cstring(name), cstring(value)]));
}

export function backendKeyData(processId: number, secretKey: Buffer): Buffer {
  return message(BACKEND.backendKeyData, Buffer.concat([int32(processId), secretKey]));
}

export type TransactionStatus = "I" | "T" | "E";

export function readyForQuery(status: TransactionStatus): Buffer {
  return message(BACKEND.readyForQuery, Buffer.from(status, "ascii"));
}

/** Tells a client asking for a newer minor version or `_pq_.` options what this server speaks. */
export function negotiateProtocolVersion(minor: number, unsupportedOptions: string[]): Buffer {
  return message(
    BACKEND.negotiateProtocolVersion,
    Buffer.concat([int32(minor), int32(unsupportedOptions.length), ...unsupportedOptions.map(cstring)]),
  );
}

export interface ErrorSpec {
  severity: "ERROR" | "FATAL" | "NOTICE" | "WARNING";
  code: string;
  message: string;
  detail?: string;
  hint?: string;
}

function errorFields(spec: ErrorSpec): NoticeField[] {
  const fields: NoticeField[] = [
    ["S", spec.severity],
    ["V", spec.severity],
    ["C", spec.code],
    ["M", spec.message],
  ];
  if (spec.detail) fields.push(["D", spec.detail]);
  if (spec.hint) fields.push(["H", spec.hint]);
  return fields;
}

export function errorResponse(spec: ErrorSpec): Buffer {
  return message(BACKEND.errorResponse, encodeNoticeFields(errorFields(spec)));
}

export function noticeResponse(spec: ErrorSpec): Buffer {
  return message(BACKEND.noticeResponse, encodeNoticeFields(errorFields(spec)));
}

/** Re-frames a body under a message type (used after rewriting a relayed message's body). */
export function frameMessage(type: number, body: Buffer): Buffer {
  return message(type, body);
}
