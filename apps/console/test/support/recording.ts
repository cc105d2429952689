// Seeds recorded sessions the way the gateway's recorder writes them: one hash chain per exchange
// (seq 1, 2, … within the chain, exchangeId null in every hash) sealed by a keyed checkpoint.
import { randomBytes } from "node:crypto";
import type { Db } from "@airlock/db";
import { GENESIS_HASH, checkpoint, computeEventHash } from "@airlock/recording";

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
      lastEventAt: startedAt,
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
      const offsetMs = e.offsetMs ?? i * 10;
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

/** A streamed LLM exchange as the gateway records it. */
export function llmExchange(prompt: string, reply: string[]): SeedEvent[] {
  return [
    { type: "exchange.request", payload: { method: "POST", path: "/v1/chat/completions", connection: "openai", provider: "openai", model: "gpt-4o-mini", stream: true, messages: [{ role: "user", text: prompt }], tools: [], headers: {}, bodyBytes: 100 } },
    { type: "exchange.response", payload: { status: 200, headers: { "content-type": "text/event-stream" }, stream: true }, offsetMs: 50 },
    { type: "exchange.chunks", payload: { offsetsMs: reply.map((_, i) => 60 + i * 20), deltas: reply }, offsetMs: 60 + reply.length * 20 },
    { type: "exchange.end", payload: { text: reply.join(""), usage: { inputTokens: 12, outputTokens: reply.length }, latencyMs: 80 + reply.length * 20, ttftMs: 60 }, offsetMs: 80 + reply.length * 20 },
  ];
}
