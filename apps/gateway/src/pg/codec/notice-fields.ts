// ErrorResponse and NoticeResponse bodies: a list of (one-byte field code, NUL-terminated text),
// ended by a zero byte. Kept as an ordered list so a rewritten message differs from the upstream's
// only in the fields that were masked.
import { ByteCursor } from "./byte-cursor";

/** [field code, value], e.g. ["C", "42501"], ["M", "permission denied"]. */
export type NoticeField = [code: string, value: string];

export function decodeNoticeFields(body: Buffer, encoding: BufferEncoding = "utf8"): NoticeField[] {
  const cursor = new ByteCursor(body);
  const fields: NoticeField[] = [];
  for (;;) {
    const code = cursor.int8();
    if (code === 0) break;
    fields.push([String.fromCharCode(code), cursor.cstring(encoding)]);
  }
  return fields;
}

export function encodeNoticeFields(fields: NoticeField[], encoding: BufferEncoding = "utf8"): Buffer {
  const parts: Buffer[] = [];
  for (const [code, value] of fields) {
    parts.push(Buffer.from(code, "latin1"), Buffer.from(value, encoding), Buffer.alloc(1));
  }
  parts.push(Buffer.alloc(1));
  return Buffer.concat(parts);
}

export function noticeField(fields: NoticeField[], code: string): string | undefined {
  return fields.find(([c]) => c === code)?.[1];
}
