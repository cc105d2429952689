// Session seals in the console: GET /sessions/{id}/verify and the evidence export notice an
// exchange deleted together with its checkpoint, because the session's seal stream lists it.
import {
  GENESIS_HASH,
  checkpoint,
  computeEventHash,
  sealPayload,
  verifySessionEvidence,
  type ExchangeDigest,
  type ExportedChain,
} from "@airlock/recording";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getEnv } from "@/server/env";
import { hashKeyOf } from "@/server/hash-key";
import { call, createUser, startHarness, type Harness, type TestUser } from "./support/harness";
import { llmExchange, seedSession } from "./support/recording";

let h: Harness;
let auditor: TestUser;
let key: Buffer;

beforeAll(async () => {
  h = await startHarness();
  auditor = await createUser(h.db, "auditor");
  key = hashKeyOf(getEnv());
});
afterAll(() => h?.close());

/**
 * Three exchanges and the seal stream a replica writes for them when the session goes idle. The
 * gateway writes no checkpoint for an HTTP exchange (the seal vouches for it): `ownCheckpoints`
 * keeps the exchanges' checkpoints as older recordings have them.
 */
async function sealedSession({ ownCheckpoints = true } = {}) {
  const s = await seedSession(h.db, key, { chains: ["a", "b", "c"].map((p) => ({ events: llmExchange(p, ["x", "y"]) })) });
  const checkpoints = await h.db.sessionCheckpoint.findMany({ where: { sessionId: s.id } });
  const digests: ExchangeDigest[] = checkpoints.map((c) => ({ chainId: c.chainId, lastSeq: c.lastSeq, lastHash: c.lastHash }));
  const sealChainId = `seal_${s.id}`;
  const at = new Date();
  let prevHash = GENESIS_HASH;
  const rows = [
    { type: "session.seal", payload: sealPayload(digests) },
    { type: "session.end", payload: { reason: "idle_timeout" } },
  ].map((e, i) => {
    const fields = { sessionId: s.id, seq: i + 1, exchangeId: null, at: at.toISOString(), offsetMs: 500, type: e.type, payload: e.payload };
    const hash = computeEventHash(prevHash, fields);
    const row = { sessionId: s.id, chainId: sealChainId, seq: i + 1, at, offsetMs: 500, type: e.type, payload: e.payload as object, prevHash, hash };
    prevHash = hash;
    return row;
  });
  await h.db.sessionEvent.createMany({ data: rows });
  const sealed = checkpoint(key, s.id, rows.length, prevHash);
  await h.db.sessionCheckpoint.create({ data: { sessionId: s.id, chainId: sealChainId, lastSeq: sealed.lastSeq, lastHash: sealed.lastHash, mac: sealed.mac } });
  await h.db.recordedSession.update({ where: { id: s.id }, data: { eventCount: { increment: rows.length }, status: "closed", endedAt: at } });
  if (!ownCheckpoints) await h.db.sessionCheckpoint.deleteMany({ where: { chainId: { in: digests.map((d) => d.chainId) } } });
  return { ...s, sealChainId, exchangeChainIds: digests.map((d) => d.chainId) };
}

/** What someone with the purge-capable role can do: remove one exchange, its checkpoint, and fix the counters. */
async function deleteExchange(sessionId: string, chainId: string) {
  const removed = await h.db.sessionEvent.count({ where: { chainId } });
  await h.db.$transaction([
    h.db.$executeRawUnsafe(`SELECT set_config('airlock.retention_purge', 'on', true)`),
    h.db.$executeRaw`DELETE FROM "SessionEvent" WHERE "chainId" = ${chainId}`,
    h.db.$executeRaw`DELETE FROM "SessionCheckpoint" WHERE "chainId" = ${chainId}`,
    h.db.$executeRaw`UPDATE "RecordedSession" SET "eventCount" = "eventCount" - ${removed}, "exchangeCount" = "exchangeCount" - 1 WHERE "id" = ${sessionId}`,
  ]);
}

describe("sealed sessions", () => {
  it("verify, and the export verifies as a whole", async () => {
    const s = await sealedSession();
    const res = await call("GET", `/sessions/${s.id}/verify`, { token: auditor.token });
    expect(res.body).toMatchObject({ verified: true, summary: "verified", eventCount: 14 });
    expect(res.body.chains).toHaveLength(4);

    const exported = await call("GET", `/sessions/${s.id}/export`, { token: auditor.token });
    expect(exported.body.chains.every((c: { sealed: boolean }) => c.sealed)).toBe(true);
    expect(verifySessionEvidence(s.id, exported.body.chains as ExportedChain[], key)).toMatchObject({ ok: true });
  });

  it("name an exchange deleted together with its checkpoint", async () => {
    const s = await sealedSession();
    const victim = s.chainIds[1]!;
    await deleteExchange(s.id, victim);

    const res = await call("GET", `/sessions/${s.id}/verify`, { token: auditor.token });
    expect(res.body.verified).toBe(false);
    expect(res.body.summary).toContain(`exchange ${victim} is missing`);
    expect(res.body.summary).toContain(`seal stream ${s.sealChainId}`);
    expect(res.body.chains.filter((c: { ok: boolean }) => !c.ok)).toEqual([expect.objectContaining({ chainId: victim, events: 0 })]);

    const exported = await call("GET", `/sessions/${s.id}/export`, { token: auditor.token });
    expect(exported.body.verification.verified).toBe(false);
    expect(verifySessionEvidence(s.id, exported.body.chains as ExportedChain[], key)).toMatchObject({ ok: false, reason: expect.stringContaining(`exchange ${victim} is missing`) });
  });

  it("verify and export exchanges that only the seal vouches for, as the gateway records them, and name one deleted", async () => {
    const s = await sealedSession({ ownCheckpoints: false });
    const res = await call("GET", `/sessions/${s.id}/verify`, { token: auditor.token });
    expect(res.body).toMatchObject({ verified: true, summary: "verified" });
    expect(res.body.chains.every((c: { sealed: boolean }) => c.sealed)).toBe(true);
    const exported = await call("GET", `/sessions/${s.id}/export`, { token: auditor.token });
    const chains = exported.body.chains as (ExportedChain & { sealed: boolean })[];
    expect(chains.filter((c) => s.exchangeChainIds.includes(c.chainId)).map((c) => [c.sealed, c.bundle])).toEqual(s.exchangeChainIds.map(() => [true, null]));
    expect(verifySessionEvidence(s.id, chains, key)).toMatchObject({ ok: true });

    const victim = s.exchangeChainIds[0]!;
    await deleteExchange(s.id, victim);
    const after = await call("GET", `/sessions/${s.id}/verify`, { token: auditor.token });
    expect(after.body.verified).toBe(false);
    expect(after.body.summary).toContain(`exchange ${victim} is missing`);
  });

  it("refuse a seal stream whose checkpoint was not made with the recording key", async () => {
    const s = await sealedSession();
    const forged = checkpoint(Buffer.alloc(32, 9), s.id, 2, (await h.db.sessionCheckpoint.findFirstOrThrow({ where: { chainId: s.sealChainId } })).lastHash);
    await h.db.sessionCheckpoint.deleteMany({ where: { chainId: s.sealChainId } });
    await h.db.sessionCheckpoint.create({ data: { sessionId: s.id, chainId: s.sealChainId, lastSeq: forged.lastSeq, lastHash: forged.lastHash, mac: forged.mac } });
    const res = await call("GET", `/sessions/${s.id}/verify`, { token: auditor.token });
    expect(res.body.verified).toBe(false);
    expect(res.body.chains.find((c: { chainId: string }) => c.chainId === s.sealChainId)).toMatchObject({ ok: false, reason: expect.stringMatching(/checkpoint/) });
  });
});
