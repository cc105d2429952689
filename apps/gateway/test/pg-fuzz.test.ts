// Random and mutated frontend bytes against the live listener: before and after authentication,
// valid messages with bytes flipped, garbage frames, lying lengths. Whatever happens to a session,
// the listener keeps serving, and no value a masking rule hides ever reaches a client.
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HIDDEN_VALUES, startPgWorld, type PgWorld } from "./pg-fixtures";
import { RawPgClient, serialize } from "./pg-raw-client";

let w: PgWorld;
beforeAll(async () => {
  w = await startPgWorld();
});
afterAll(async () => w?.close());

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

const TEMPLATES: Buffer[][] = [
  [serialize.query("SELECT name, email, ssn, notes FROM customers")],
  [serialize.query("SELECT email AS e, ssn AS s FROM customers; SELECT notes FROM customers")],
  [
    serialize.parse({ text: "SELECT email, ssn FROM customers WHERE id > $1", types: [] }),
    serialize.bind({ values: ["0"] }),
    serialize.describe({ type: "P" }),
    serialize.execute({}),
    serialize.sync(),
  ],
  [serialize.parse({ name: "f", text: "SELECT ssn, email, notes FROM customers", types: [] }), serialize.bind({ statement: "f", binary: true }), serialize.execute({ rows: 1 }), serialize.sync()],
  [serialize.query("LISTEN fuzz"), serialize.query("SELECT pg_notify('fuzz', email) FROM customers")],
  [serialize.query("DO $$ BEGIN RAISE NOTICE '%', (SELECT string_agg(email, ',') FROM customers); END $$")],
  [serialize.query("INSERT INTO contacts (email) SELECT email FROM customers ON CONFLICT DO NOTHING"), serialize.query("INSERT INTO contacts (email) SELECT email FROM customers")],
  [serialize.query("COPY (SELECT email FROM customers) TO STDOUT")],
];

const END_MARKER = "fuzz-end-marker";

function garbage(next: () => number): Buffer {
  const length = Math.floor(next() * 40);
  const bytes = Buffer.alloc(5 + length);
  bytes[0] = "QPBDECSHXdcfpFZ\0"[Math.floor(next() * 16)]!.charCodeAt(0);
  bytes.writeInt32BE(next() < 0.8 ? 4 + length : Math.floor(next() * 2 ** 31), 1);
  for (let i = 5; i < bytes.length; i++) bytes[i] = Math.floor(next() * 256);
  return bytes;
}

function mutate(message: Buffer, next: () => number): Buffer {
  const copy = Buffer.from(message);
  const flips = 1 + Math.floor(next() * 3);
  for (let i = 0; i < flips; i++) copy[Math.floor(next() * copy.length)] = Math.floor(next() * 256);
  return copy;
}

async function fuzzSession(seed: number): Promise<Buffer> {
  const next = random(seed);
  const { client } = await RawPgClient.login(w.pgPort, w.connectionName, w.key);
  const parts: Buffer[] = [];
  const steps = 1 + Math.floor(next() * 6);
  for (let i = 0; i < steps; i++) {
    const roll = next();
    const template = TEMPLATES[Math.floor(next() * TEMPLATES.length)]!;
    if (roll < 0.35) parts.push(...template);
    else if (roll < 0.75) parts.push(...template.map((m) => (next() < 0.5 ? mutate(m, next) : m)));
    else parts.push(garbage(next));
  }
  parts.push(serialize.query(`SELECT '${END_MARKER}'`));
  client.send(parts);
  // Wait until the session answers the marker or is closed; a session left waiting for bytes a
  // lying length promised is abandoned after a while (that is the correct server behaviour).
  const deadline = Date.now() + 1_500;
  while (!client.closed && Date.now() < deadline && !Buffer.concat(client.received).includes(END_MARKER)) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  client.socket.destroy();
  return Buffer.concat(client.received);
}

function expectNoLeak(received: Buffer): void {
  const text = received.toString("latin1");
  for (const value of HIDDEN_VALUES) expect(text).not.toContain(value);
}

async function healthy(): Promise<void> {
  const { client } = await RawPgClient.login(w.pgPort, w.connectionName, w.key);
  client.send(serialize.query("SELECT email FROM customers WHERE id = 1"));
  const answer = await client.until("readyForQuery");
  expect(answer.map((m) => m.name)).toEqual(["rowDescription", "dataRow", "commandComplete", "readyForQuery"]);
  client.end();
}

describe("fuzzing the listener", () => {
  it("survives random bytes before authentication", async () => {
    const next = random(1);
    for (let batch = 0; batch < 10; batch++) {
      await Promise.all(
        Array.from({ length: 10 }, async () => {
          const socket = net.connect({ host: "127.0.0.1", port: w.pgPort });
          socket.on("error", () => undefined);
          await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
          const length = 1 + Math.floor(next() * 64);
          const bytes = Buffer.alloc(length);
          for (let i = 0; i < length; i++) bytes[i] = Math.floor(next() * 256);
          if (length >= 8 && next() < 0.6) {
            bytes.writeInt32BE(next() < 0.8 ? length : Math.floor(next() * 2 ** 31), 0);
            bytes.writeInt32BE([196608, 80877103, 80877102, 80877104][Math.floor(next() * 4)]!, 4);
          }
          const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
          socket.resume(); // read (and drop) whatever the listener answers, so the close is seen
          socket.end(bytes);
          await closed;
        }),
      );
    }
    await healthy();
  });

  it("never crashes and never leaks a masked value, whatever arrives after authentication", async () => {
    let seed = 1000;
    let maskedAnswers = 0;
    for (let batch = 0; batch < 8; batch++) {
      const received = await Promise.all(Array.from({ length: 8 }, () => fuzzSession(seed++)));
      for (const bytes of received) expectNoLeak(bytes);
      maskedAnswers += received.filter((bytes) => bytes.includes("[EMAIL]")).length;
    }
    // The fuzz reached the data: many sessions got (masked) rows, notices or notifications back.
    expect(maskedAnswers).toBeGreaterThan(16);
    await healthy();
  });
});
