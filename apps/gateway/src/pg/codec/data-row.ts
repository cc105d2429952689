// DataRow bodies: Int16 column count, then per column Int32 length (-1 for NULL) and the bytes.
// Decoding returns views into the message (no copies); encoding computes the new lengths, which
// is what masking needs when a value is replaced by a label of a different size.
import { ByteCursor } from "./byte-cursor";

export function decodeDataRow(body: Buffer): (Buffer | null)[] {
  const cursor = new ByteCursor(body);
  const n = cursor.count(4);
  const values: (Buffer | null)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const length = cursor.int32();
    values[i] = length === -1 ? null : cursor.bytes(length);
  }
  cursor.end();
  return values;
}

/** A whole DataRow message (type byte and length included). */
export function encodeDataRow(values: (Buffer | null)[]): Buffer {
  let bodyLength = 2;
  for (const v of values) bodyLength += 4 + (v ? v.length : 0);
  const out = Buffer.allocUnsafe(5 + bodyLength);
  out[0] = 0x44;
  out.writeInt32BE(4 + bodyLength, 1);
  out.writeInt16BE(values.length, 5);
  let offset = 7;
  for (const v of values) {
    if (v === null) {
      out.writeInt32BE(-1, offset);
      offset += 4;
    } else {
      out.writeInt32BE(v.length, offset);
      v.copy(out, offset + 4);
      offset += 4 + v.length;
    }
  }
  return out;
}
