// Reading a stored session back the way the console verifies it (every chain, its newest
// checkpoint, the seal streams' digests), tampering the way someone with the purge-capable role
// could, and waiting for the recorder to close a session on its own.
import type { Db } from "@airlock/db";
import { CHECKPOINT_SCHEME, summariseFindings, verifyRecordedSession, type ChainFinding, type RecordedChain, type SessionSummary } from "@airlock/recording";
import { expect, vi } from "vitest";

export async function verifyStoredSession(db: Db, sessionId: string, key: Uint8Array): Promise<SessionSummary & { findings: ChainFinding[] }> {
  const [session, rows, checkpoints] = await Promise.all([
    db.recordedSession.findUniqueOrThrow({ where: { id: sessionId } }),
    db.sessionEvent.findMany({ where: { sessionId }, orderBy: [{ chainId: "asc" }, { seq: "asc" }] }),
    db.sessionCheckpoint.findMany({ where: { sessionId }, orderBy: { lastSeq: "asc" } }),
  ]);
  const chains = new Map<string, RecordedChain & { events: typeof rows }>();
  for (const row of rows) {
    const chain = chains.get(row.chainId) ?? { chainId: row.chainId, events: [] };
    chain.events.push(row);
    chains.set(row.chainId, chain);
  }
  for (const c of checkpoints) {
    const chain = chains.get(c.chainId) ?? { chainId: c.chainId, events: [] };
    chain.checkpoint = { scheme: CHECKPOINT_SCHEME, sessionId: c.sessionId, lastSeq: c.lastSeq, lastHash: c.lastHash, mac: c.mac };
    chains.set(c.chainId, chain);
  }
  const findings = verifyRecordedSession(sessionId, [...chains.values()], key);
  return { findings, ...summariseFindings(findings, session.eventCount) };
}

/** Deletes one chain's events and its checkpoints, as only the retention purge's flag allows. */
export async function deleteChain(db: Db, chainId: string): Promise<void> {
  await db.$transaction([
    db.$executeRawUnsafe(`SELECT set_config('airlock.retention_purge', 'on', true)`),
    db.$executeRaw`DELETE FROM "SessionEvent" WHERE "chainId" = ${chainId}`,
    db.$executeRaw`DELETE FROM "SessionCheckpoint" WHERE "chainId" = ${chainId}`,
  ]);
  expect(await db.sessionEvent.count({ where: { chainId } })).toBe(0);
}

/** Retries `check` until it stops throwing: for what the recorder does on its own timer. */
export function eventually<T>(check: () => Promise<T>): Promise<T> {
  return vi.waitFor(check, { timeout: 15_000, interval: 50 });
}

/** Waits (flushing) until the session's row says closed; returns it. */
export async function waitUntilClosed(db: Db, flush: () => Promise<void>, sessionId: string) {
  return eventually(async () => {
    await flush();
    const row = await db.recordedSession.findUniqueOrThrow({ where: { id: sessionId } });
    expect(row.status).toBe("closed");
    return row;
  });
}

/** The session's events of one type, oldest first. */
export async function eventsOfType(db: Db, sessionId: string, type: string) {
  return db.sessionEvent.findMany({ where: { sessionId, type }, orderBy: [{ at: "asc" }, { id: "asc" }] });
}
