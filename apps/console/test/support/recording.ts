// Seeds recorded sessions the way the gateway's recorder writes them: one hash chain per exchange
// (seq 1, 2, … within the chain, exchangeId null in every hash) sealed by a keyed checkpoint.
import { randomBytes } from "node:crypto";
import type { Db } from "@airlock/db";
import { GENESIS_HASH, checkpoint, computeEventHash, type SqlStatementsPayload } from "@airlock/recording";

export interface SeedEvent {
  type: string;
  payload: Record<string, unknown>;
  offsetMs?: number;
}

export interface SeedSession {
  id?: string;
  connectionId?: string | null;
  connectionName?: string;
  identityKind?: "user" | "service_account";
  identityId?: string;
  startedAt?: Date;
  endedAt?: Date | null;
  searchText?: string;
  hasBlock?: boolean;
  hasApproval?: boolean;
  chains: { events: SeedEvent[]; sealed?: boolean }[];
}

export async function seedSession(db: Db, hashKey: Buffer, s: SeedSession): Promise<{ id: string; chainIds: string[] }> {
  const id = s.id ?? `ses_${randomBytes(6).toString("hex")}`;
  const startedAt = s.startedAt ?? new Date();
  const total = s.chains.reduce((n, c) => n + c.events.length, 0);
  // As the recorder keeps it: the time of the session's latest event.
  const lastOffsetMs = Math.max(0, ...s.chains.flatMap((c) => c.events.map((e, i) => offsetOf(e, i))));
  await db.recordedSession.create({
    data: {
      id,
      connectionId: s.connectionId ?? null,
      connectionName: s.connectionName ?? "openai",
      protocol: "http",
      identityKind: s.identityKind ?? "service_account",
      identityId: s.identityId ?? "sa_1",
      identityLabel: s.identityId ?? "agent",
      startedAt,
      lastEventAt: new Date(startedAt.getTime() + lastOffsetMs),
      endedAt: s.endedAt ?? null,
      status: s.endedAt ? "closed" : "active",
      eventCount: total,
      exchangeCount: s.chains.length,
      hasBlock: s.hasBlock ?? false,
      hasApproval: s.hasApproval ?? false,
      searchText: s.searchText ?? "",
    },
  });
  const chainIds: string[] = [];
  for (const chain of s.chains) {
    const chainId = `ch_${randomBytes(6).toString("hex")}`;
    chainIds.push(chainId);
    let prevHash = GENESIS_HASH;
    const rows = chain.events.map((e, i) => {
      const offsetMs = offsetOf(e, i);
      const at = new Date(startedAt.getTime() + offsetMs);
      const fields = { sessionId: id, seq: i + 1, exchangeId: null, at: at.toISOString(), offsetMs, type: e.type, payload: e.payload };
      const hash = computeEventHash(prevHash, fields);
      const row = { sessionId: id, chainId, seq: i + 1, at, offsetMs, type: e.type, payload: e.payload as object, prevHash, hash };
      prevHash = hash;
      return row;
    });
    await db.sessionEvent.createMany({ data: rows });
    if (chain.sealed !== false && rows.length) {
      const sealed = checkpoint(hashKey, id, rows.length, prevHash);
      await db.sessionCheckpoint.create({ data: { sessionId: id, chainId, lastSeq: sealed.lastSeq, lastHash: sealed.lastHash, mac: sealed.mac } });
    }
  }
  return { id, chainIds };
}

/** An event's offset on the session timeline: its own, or 10 ms per event before it in its chain. */
function offsetOf(e: SeedEvent, indexInChain: number): number {
  return e.offsetMs ?? indexInChain * 10;
}

/** A streamed LLM exchange as the gateway records it. */
export function llmExchange(prompt: string, reply: string[]): SeedEvent[] {
  return [
    { type: "exchange.request", payload: { method: "POST", path: "/v1/chat/completions", connection: "openai", provider: "openai", model: "gpt-4o-mini", stream: true, messages: [{ role: "user", text: prompt }], tools: [], headers: {}, bodyBytes: 100 } },
    { type: "exchange.response", payload: { status: 200, headers: { "content-type": "text/event-stream" }, stream: true }, offsetMs: 50 },
    { type: "exchange.chunks", payload: { offsetsMs: reply.map((_, i) => 60 + i * 20), deltas: reply }, offsetMs: 60 + reply.length * 20 },
    { type: "exchange.end", payload: { text: reply.join(""), usage: { inputTokens: 12, outputTokens: reply.length }, latencyMs: 80 + reply.length * 20, ttftMs: 60 }, offsetMs: 80 + reply.length * 20 },
  ];
}

/** One SQL statement as the gateway's Postgres listener reports it, finished at `offsetMs` on the session timeline. */
export interface SeedStatement {
  text: string;
  offsetMs: number;
  durationMs: number;
  rowCount?: number | null;
  error?: { code: string; message: string };
}

/**
 * Statements recorded the compact way, as one `sql.statements` event written when the chain
 * flushed at `flushedAtMs` (each distinct text stored once, statements referring to it by index).
 */
export function compactStatements(statements: SeedStatement[], flushedAtMs: number): SeedEvent {
  const texts = [...new Set(statements.map((s) => s.text))];
  const payload: SqlStatementsPayload = {
    texts,
    statements: statements.map(({ text, offsetMs, durationMs, rowCount = null, error }) => ({
      params: [],
      command: text.split(" ")[0]?.toUpperCase() ?? null,
      durationMs,
      rowCount,
      ...(error ? { error } : {}),
      offsetMs,
      textIndex: texts.indexOf(text),
    })),
  };
  return { type: "sql.statements", payload: payload as unknown as Record<string, unknown>, offsetMs: flushedAtMs };
}
