// The pure codec under the Postgres listener: whatever way TCP splits the bytes, the same
// messages come out; rewritten DataRows have correct lengths; hostile bytes only ever produce a
// ProtocolError.
import { compileMasker } from "@airlock/policy";
import { Parser } from "pg-protocol/dist/parser";
import type { BackendMessage, DataRowMessage } from "pg-protocol/dist/messages";
import { describe, expect, it } from "vitest";
import {
  decodeBackendMessage,
  decodeDataRow,
  decodeFrontendMessage,
  decodeNoticeFields,
  decodeStartupPacket,
  encodeDataRow,
  encodeNoticeFields,
  errorResponse,
  FrameReader,
  joinBuffers,
  ProtocolError,
  readyForQuery,
  serialize,
  startupMessage,
  type Frame,
  type FrontendMessage,
} from "../src/pg/codec";
import { compileColumnRules } from "../src/pg/session/column-rules";
import { MaskTally } from "../src/pg/session/mask-tally";
import { ResultMasker } from "../src/pg/session/result-masker";

/** A small deterministic PRNG (mulberry32) so a failing fuzz case can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const startup = startupMessage([
  ["user", "agent"],
  ["database", "pg-orders"],
  ["application_name", "codec ✓ test"],
]);

const frontendStream: Buffer[] = [
  serialize.password("alk_secret"),
  serialize.query("SELECT 'ünïcode', 1; SELECT 2"),
  serialize.parse({ name: "s1", text: "SELECT * FROM t WHERE a = $1 AND b = $2", types: [23, 25] }),
  serialize.bind({ portal: "p1", statement: "s1", values: ["42", null, Buffer.from([0, 1, 2])] }),
  serialize.describe({ type: "S", name: "s1" }),
  serialize.describe({ type: "P", name: "p1" }),
  serialize.execute({ portal: "p1", rows: 10 }),
  serialize.close({ type: "P", name: "p1" }),
  serialize.flush(),
  serialize.sync(),
  serialize.copyData(Buffer.from("1\talice@example.com\n")),
  serialize.copyDone(),
  serialize.copyFail("client gave up"),
  serialize.end(),
];

const expectedFrontend: FrontendMessage[] = [
  { type: "password", data: Buffer.from("alk_secret\0") },
  { type: "query", sql: "SELECT 'ünïcode', 1; SELECT 2" },
  { type: "parse", name: "s1", query: "SELECT * FROM t WHERE a = $1 AND b = $2", paramTypes: [23, 25] },
  { type: "bind", portal: "p1", statement: "s1", paramFormats: [0, 0, 1], params: [Buffer.from("42"), null, Buffer.from([0, 1, 2])], resultFormats: [0] },
  { type: "describe", target: "S", name: "s1" },
  { type: "describe", target: "P", name: "p1" },
  { type: "execute", portal: "p1", maxRows: 10 },
  { type: "close", target: "P", name: "p1" },
  { type: "flush" },
  { type: "sync" },
  { type: "copy_data", data: Buffer.from("1\talice@example.com\n") },
  { type: "copy_done" },
  { type: "copy_fail", message: "client gave up" },
  { type: "terminate" },
];

function decodeAll(chunks: Buffer[]): { startup: ReturnType<typeof decodeStartupPacket>; messages: FrontendMessage[] } {
  const reader = new FrameReader(1 << 20, { startup: true });
  let first: ReturnType<typeof decodeStartupPacket> | undefined;
  const messages: FrontendMessage[] = [];
  for (const chunk of chunks) {
    reader.push(chunk);
    for (let frame = reader.next(); frame; frame = reader.next()) {
      if (!first) {
        first = decodeStartupPacket(frame.body);
        reader.expectTypedMessages();
      } else {
        messages.push(decodeFrontendMessage(frame));
      }
    }
  }
  if (!first) throw new Error("no startup packet");
  return { startup: first, messages };
}

/** Buffers inside decoded messages may be views; compare contents. */
function normalise(messages: FrontendMessage[]): unknown {
  return JSON.parse(JSON.stringify(messages, (_k, v: unknown) => (v && typeof v === "object" && (v as { type?: string }).type === "Buffer" ? Buffer.from((v as { data: number[] }).data).toString("hex") : v)));
}

describe("frontend messages", () => {
  const whole = Buffer.concat([startup, ...frontendStream]);

  it("decodes the startup packet and every message type", () => {
    const { startup: packet, messages } = decodeAll([whole]);
    expect(packet).toEqual({ kind: "startup", major: 3, minor: 0, params: new Map([["user", "agent"], ["database", "pg-orders"], ["application_name", "codec ✓ test"]]) });
    expect(normalise(messages)).toEqual(normalise(expectedFrontend));
  });

  it("gives the same messages when the stream is split at every byte boundary", () => {
    const reference = normalise(decodeAll([whole]).messages);
    for (let i = 0; i <= whole.length; i++) {
      const { messages } = decodeAll([whole.subarray(0, i), whole.subarray(i)]);
      expect(normalise(messages), `split at ${i}`).toEqual(reference);
    }
  });

  it("gives the same messages fed one byte at a time and in random chunk sizes", () => {
    const reference = normalise(decodeAll([whole]).messages);
    expect(normalise(decodeAll([...whole].map((b) => Buffer.from([b]))).messages)).toEqual(reference);
    const next = random(7);
    for (let round = 0; round < 200; round++) {
      const chunks: Buffer[] = [];
      for (let at = 0; at < whole.length; ) {
        const size = 1 + Math.floor(next() * 40);
        chunks.push(whole.subarray(at, at + size));
        at += size;
      }
      expect(normalise(decodeAll(chunks).messages)).toEqual(reference);
    }
  });

  it("recognises SSLRequest, GSSENCRequest and CancelRequest", () => {
    expect(decodeStartupPacket(serialize.requestSsl().subarray(4))).toEqual({ kind: "ssl_request" });
    const gss = Buffer.alloc(8);
    gss.writeInt32BE(8, 0);
    gss.writeInt32BE(80877104, 4);
    expect(decodeStartupPacket(gss.subarray(4))).toEqual({ kind: "gssenc_request" });
    const cancel = serialize.cancel(1234, 5678);
    expect(decodeStartupPacket(cancel.subarray(4))).toEqual({ kind: "cancel", processId: 1234, secretKey: Buffer.from([0, 0, 0x16, 0x2e]) });
  });

  it("refuses oversized and undersized length fields before buffering them", () => {
    const reader = new FrameReader(1024);
    reader.push(Buffer.from([0x51, 0x7f, 0xff, 0xff, 0xff]));
    expect(() => reader.next()).toThrow(ProtocolError);
    const small = new FrameReader(1024);
    small.push(Buffer.from([0x51, 0, 0, 0, 3]));
    expect(() => small.next()).toThrow(/invalid message length/);
  });
});

describe("backend messages", () => {
  const row = (values: (string | null)[]) => encodeDataRow(values.map((v) => (v === null ? null : Buffer.from(v))));

  function parseAll(data: Buffer): BackendMessage[] {
    const out: BackendMessage[] = [];
    new Parser().parse(data, (m) => out.push(m));
    return out;
  }

  it("encodes DataRows node-postgres parses, NULLs and empty strings included", () => {
    const frame = row(["1", null, "", "ünïcode"]);
    expect((parseAll(frame)[0] as DataRowMessage).fields).toEqual(["1", null, "", "ünïcode"]);
    expect(decodeDataRow(frame.subarray(5)).map((v) => v?.toString() ?? null)).toEqual(["1", null, "", "ünïcode"]);
  });

  it("splits a backend stream identically at every byte boundary", () => {
    const stream = Buffer.concat([row(["a", "b"]), row([null, "c"]), errorResponse({ severity: "ERROR", code: "42501", message: "no" }), readyForQuery("T")]);
    const reference = parseAll(stream).map((m) => m.name);
    for (let i = 0; i <= stream.length; i++) {
      const reader = new FrameReader(1 << 20);
      const names: string[] = [];
      for (const part of [stream.subarray(0, i), stream.subarray(i)]) {
        reader.push(part);
        for (let f = reader.next(); f; f = reader.next()) names.push(decodeBackendMessage(f.raw).name);
      }
      expect(names).toEqual(reference);
    }
  });

  it("rewrites DataRows with masked values and correct lengths; RowDescription-driven plans leave other columns alone", () => {
    const masker = new ResultMasker(
      compileMasker([{ id: "r1", name: "emails", enabled: true, detector: "email", directions: ["response"], style: "label" }], { hashKey: "k", direction: "response" }),
      compileColumnRules([{ columns: ["ssn", "*_secret"], label: "SSN" }]),
    );
    const plan = masker.plan([
      { name: "id", typeOid: 23, format: 0 },
      { name: "email", typeOid: 25, format: 0 },
      { name: "SSN", typeOid: 25, format: 0 },
      { name: "created", typeOid: 1184, format: 0 },
      { name: "api_secret", typeOid: 23, format: 0 },
      { name: "doc", typeOid: 3802, format: 0 },
    ])!;
    const tally = new MaskTally();
    const original = row(["7", "write to a.b@example.com now", "123-45-6789", "2024-01-01 10:00:00+00", "99", '{"to": "c@example.org"}']);
    const masked = masker.maskRow(original.subarray(5), plan, "utf8", tally)!;
    expect((parseAll(masked)[0] as DataRowMessage).fields).toEqual(["7", "write to [EMAIL] now", "[SSN]", "2024-01-01 10:00:00+00", null, '{"to": "[EMAIL]"}']);
    expect(tally.toFindings()).toEqual(
      expect.arrayContaining([
        { detector: "email", ruleId: "r1", count: 2 },
        { detector: "column:SSN", count: 2 },
      ]),
    );
    const untouched = row(["8", "nothing here", null, "2024-01-01", null, "{}"]);
    const changed = masker.maskRow(untouched.subarray(5), plan, "utf8", new MaskTally());
    // Column rules always replace non-NULL values; NULLs stay NULL and nothing else changes.
    expect(changed).toBeNull();
  });

  it("joins relayed messages into one write: a view of the received chunk when they lie back to back, else a copy", () => {
    const chunk = Buffer.concat([row(["a"]), readyForQuery("I"), row(["b"])]);
    const reader = new FrameReader(1 << 20);
    reader.push(chunk);
    const frames: Buffer[] = [];
    for (let f = reader.next(); f; f = reader.next()) frames.push(f.raw);
    const joined = joinBuffers(frames);
    expect(joined).toEqual(chunk);
    chunk[chunk.length - 1] = "c".charCodeAt(0);
    expect(joined).toEqual(chunk); // the same memory: nothing was copied
    const reordered = joinBuffers([frames[1]!, frames[0]!]);
    expect(reordered).toEqual(Buffer.concat([frames[1]!, frames[0]!]));
    const rewritten = joinBuffers([frames[0]!, row(["masked"]), frames[2]!]);
    expect(parseAll(rewritten).map((m) => (m as DataRowMessage).fields)).toEqual([["a"], ["masked"], ["c"]]);
    expect(joinBuffers([frames[1]!])).toBe(frames[1]);
  });

  it("round-trips error and notice fields", () => {
    const fields: [string, string][] = [["S", "ERROR"], ["C", "23505"], ["M", "duplicate"], ["D", "Key (email)=(x@y.z) already exists."]];
    expect(decodeNoticeFields(encodeNoticeFields(fields))).toEqual(fields);
  });
});

describe("fuzzing", () => {
  it("random bytes never crash the decoders: a message or a ProtocolError, nothing else", () => {
    const next = random(42);
    let decoded = 0;
    let rejected = 0;
    for (let round = 0; round < 3000; round++) {
      const typed = round % 2 === 0;
      const length = Math.floor(next() * 64);
      const bytes = Buffer.alloc(length);
      for (let i = 0; i < length; i++) bytes[i] = Math.floor(next() * 256);
      // Bias towards plausible headers so decoding, not only framing, is exercised.
      if (typed && length >= 5 && next() < 0.7) {
        bytes[0] = "QPBDECSHXdcfpF"[Math.floor(next() * 14)]!.charCodeAt(0);
        bytes.writeInt32BE(length - 1, 1);
      } else if (!typed && length >= 8 && next() < 0.7) {
        bytes.writeInt32BE(length, 0);
        bytes.writeInt32BE([196608, 80877103, 80877102, 80877104][Math.floor(next() * 4)]!, 4);
      }
      const reader = new FrameReader(1 << 16, { startup: !typed });
      reader.push(bytes);
      try {
        for (let frame: Frame | null = reader.next(); frame; frame = reader.next()) {
          if (typed) decodeFrontendMessage(frame);
          else decodeStartupPacket(frame.body);
          decoded++;
        }
      } catch (error) {
        expect(error).toBeInstanceOf(ProtocolError);
        rejected++;
      }
    }
    expect(decoded).toBeGreaterThan(100);
    expect(rejected).toBeGreaterThan(100);
  });
});
