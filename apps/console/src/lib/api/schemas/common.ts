// Building blocks shared by the request and response schemas of every resource. These files are
// plain zod (no server imports) so the browser's typed API client can use the same definitions.
import { z } from "zod";

/** A database timestamp in responses: a Date on the server, an ISO-8601 string on the wire. */
export const timestamp = z.codec(z.date(), z.iso.datetime(), {
  decode: (d) => d.toISOString(),
  encode: (s) => new Date(s),
});

/** A BigInt database id, as a string on the wire (JSON has no 64-bit integers). */
export const bigId = z.codec(z.bigint(), z.string(), {
  decode: (n) => n.toString(),
  encode: (s) => BigInt(s),
});

export const id = z.string().min(1).max(200);

/** An instant in a request (query or body). */
export const instant = z.iso.datetime({ offset: true });

export const pageQuery = z.object({
  cursor: z.string().max(500).optional().describe("nextCursor from the previous page"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export function page<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), nextCursor: z.string().nullable() });
}

/** Query-string booleans: "true"/"false"/"1"/"0". */
export const flag = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

export const ok = z.object({ ok: z.literal(true) });

export const jsonObject = z.record(z.string(), z.unknown());
