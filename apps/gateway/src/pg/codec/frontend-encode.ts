// Frontend messages the gateway sends upstream as a client. Most come from pg-protocol's
// serializer; the startup packet and CancelRequest are written here because pg-protocol's
// `startup` always appends client_encoding=UTF8 (the relayed client chooses its own encoding) and
// its `cancel` only takes a 4-byte integer secret.
import { serialize } from "pg-protocol";
import { CANCEL_REQUEST_CODE, PROTOCOL_3_0 } from "./frontend-messages";

export { serialize };

export function startupMessage(params: Iterable<[string, string]>): Buffer {
  const parts: Buffer[] = [];
  for (const [name, value] of params) parts.push(Buffer.from(`${name}\0${value}\0`, "utf8"));
  parts.push(Buffer.alloc(1));
  const body = Buffer.concat(parts);
  const head = Buffer.allocUnsafe(8);
  head.writeInt32BE(8 + body.length, 0);
  head.writeInt32BE(PROTOCOL_3_0, 4);
  return Buffer.concat([head, body]);
}

export function cancelRequest(processId: number, secretKey: Buffer): Buffer {
  const out = Buffer.allocUnsafe(12 + secretKey.length);
  out.writeInt32BE(12 + secretKey.length, 0);
  out.writeInt32BE(CANCEL_REQUEST_CODE, 4);
  out.writeInt32BE(processId, 8);
  secretKey.copy(out, 12);
  return out;
}
