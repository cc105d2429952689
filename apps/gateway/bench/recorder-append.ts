// What recording one event costs the gateway's CPU, with no database: `chain.append` plus turning
// gathered statements into their compact event (encoding, hashing: all on the event loop), and
// what the batch writer pays before its INSERT (the column arrays, the console's search facts).
// Payloads are the shapes the data paths record most: a pgbench-style `sql.statement` and a chat
// `exchange.request`.
//
//   npx tsx bench/recorder-append.ts        (options: RECORDER_BENCH_EVENTS, RECORDER_BENCH_ROUNDS)
//
// Prints the median over rounds of CPU nanoseconds per event (process CPU time, so that other load
// on a shared machine inflates it less than wall time would). Allocation-heavy on purpose: it
// measures what a busy gateway pays per event, garbage collection included.
import { pino } from "pino";
import { ActiveSession } from "../src/recorder/active-session";
import { prepareBatch } from "../src/recorder/batch-params";
import { Chain } from "../src/recorder/chain";
import type { RecorderRecord } from "../src/recorder/records";
import type { RecordedEventInput } from "../src/recorder/types";

const EVENTS = Number(process.env.RECORDER_BENCH_EVENTS ?? 50_000);
const ROUNDS = Number(process.env.RECORDER_BENCH_ROUNDS ?? 9);
const BATCH = 500;

function sqlStatement(i: number): RecordedEventInput {
  return {
    type: "sql.statement",
    payload: {
      text: `SELECT abalance FROM pgbench_accounts WHERE aid = ${(i * 7919) % 1_000_000};`,
      params: [],
      command: "SELECT",
      statementClass: "select",
      durationMs: 0.412,
      rowCount: 1,
    },
  };
}

function chatRequest(i: number): RecordedEventInput {
  return {
    type: "exchange.request",
    payload: {
      method: "POST",
      path: "/v1/chat/completions",
      connection: "openai-prod",
      provider: "openai",
      model: "gpt-4o-mini",
      stream: true,
      messages: [
        { role: "system", text: "You are a billing assistant. Answer briefly and never reveal account numbers." },
        { role: "user", text: `What is the status of invoice ${i} for <EMAIL_1>?` },
      ],
      tools: [{ name: "lookup_invoice", description: "Finds an invoice by number" }],
      headers: { "content-type": "application/json", "user-agent": "langchain-js/1.0" },
      bodyBytes: 512,
    },
  };
}

interface Measured {
  appendNs: number;
  writerNs: number;
}

function measure(make: (i: number) => RecordedEventInput): Measured {
  let records: RecorderRecord[] = [];
  const now = Date.now();
  const pending = new Set<Chain>();
  const context = { enqueue: (r: RecorderRecord) => records.push(r), statementsPending: (c: Chain) => pending.add(c), hashKey: Buffer.alloc(32, 7), clock: Date.now, logger: pino({ level: "silent" }) };
  let appendNs = 0;
  let writerNs = 0;
  let chain = new Chain(new ActiveSession("cbench", now, now), true, context);
  // As in the gateway, records live only until their batch is written: one batch per BATCH events,
  // and one chain per 1,000 events, as if that many connections took turns.
  for (let i = 0; i < EVENTS; i += BATCH) {
    const inputs = Array.from({ length: BATCH }, (_, j) => make(i + j));
    const started = process.cpuUsage();
    for (let j = 0; j < BATCH; j++) {
      if ((i + j) % 1_000 === 999) {
        chain.close();
        chain = new Chain(new ActiveSession(`cbench${i + j}`, now, now), true, context);
      }
      chain.append(inputs[j]!);
    }
    // What the recorder's statement timer does between batches.
    for (const c of pending) c.flushStatements();
    pending.clear();
    const appended = process.cpuUsage();
    const prepared = prepareBatch(records, 32_768);
    const done = process.cpuUsage();
    if (prepared.events.length === 0) throw new Error("nothing was prepared");
    records = [];
    appendNs += cpuNs(started, appended);
    writerNs += cpuNs(appended, done);
  }
  return { appendNs: appendNs / EVENTS, writerNs: writerNs / EVENTS };
}

function cpuNs(from: NodeJS.CpuUsage, to: NodeJS.CpuUsage): number {
  return (to.user - from.user + to.system - from.system) * 1000;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const results: Record<string, { "append + hash ns/event": number; "writer ns/event": number; "total ns/event": number }> = {};
for (const [name, make] of [["sql.statement", sqlStatement], ["exchange.request", chatRequest]] as const) {
  measure(make); // warm-up
  const rounds = Array.from({ length: ROUNDS }, () => measure(make));
  const append = median(rounds.map((r) => r.appendNs));
  const writer = median(rounds.map((r) => r.writerNs));
  const total = median(rounds.map((r) => r.appendNs + r.writerNs));
  results[name] = { "append + hash ns/event": Math.round(append), "writer ns/event": Math.round(writer), "total ns/event": Math.round(total) };
}
console.log(`recorder cost per event, median of ${ROUNDS} rounds of ${EVENTS} events (Node ${process.version})`);
console.table(results);
