// Small rewrites of relayed backend messages: masking the text fields of errors and notices, and
// the payload of notifications (whose sender pid is mapped to the client's view of its backend).
// Each returns null when the message can be relayed byte for byte.
import { BACKEND, decodeNoticeFields, encodeNoticeFields, frameMessage, type NoticeField } from "../codec";
import type { ClientEncoding, ResultMasker } from "./result-masker";

/** Message, detail, hint, context and internal query may quote data; codes and names do not. */
const TEXT_FIELDS = new Set(["M", "D", "H", "W", "q"]);

export function maskNoticeFrame(type: number, body: Buffer, masker: ResultMasker, encoding: ClientEncoding): { raw: Buffer | null; fields: NoticeField[] } {
  const fields = decodeNoticeFields(body, encoding);
  if (!masker.detectsValues) return { raw: null, fields };
  let changed = false;
  const masked = fields.map(([code, value]): NoticeField => {
    if (!TEXT_FIELDS.has(code)) return [code, value];
    const text = masker.maskText(value);
    if (text !== value) changed = true;
    return [code, text];
  });
  return { raw: changed ? frameMessage(type, encodeNoticeFields(masked, encoding)) : null, fields: masked };
}

export function rewriteNotification(
  body: Buffer,
  masker: ResultMasker,
  encoding: ClientEncoding,
  pidMap: { upstream: number; client: number } | null,
): Buffer | null {
  const pid = body.readInt32BE(0);
  const channelEnd = body.indexOf(0, 4);
  const payloadEnd = body.indexOf(0, channelEnd + 1);
  if (channelEnd < 0 || payloadEnd < 0) return null;
  const samePid = pidMap !== null && pid === pidMap.upstream;
  const payload = body.toString(encoding, channelEnd + 1, payloadEnd);
  const maskedPayload = masker.maskText(payload);
  if (!samePid && maskedPayload === payload) return null;
  const head = Buffer.allocUnsafe(4);
  head.writeInt32BE(samePid ? pidMap.client : pid, 0);
  return frameMessage(
    BACKEND.notification,
    Buffer.concat([head, body.subarray(4, channelEnd + 1), Buffer.from(maskedPayload, encoding), Buffer.alloc(1)]),
  );
}
