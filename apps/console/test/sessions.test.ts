// Recorded sessions: search with filters and full text, keyset pagination, replay, and integrity
// verification and export with @airlock/recording.
import { verifyEvidenceBundle, type EvidenceBundle } from "@airlock/recording";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getEnv } from "@/server/env";
import { hashKeyOf } from "@/server/hash-key";
import { SEARCH_DOCUMENT_SQL } from "@/server/sessions/list";
import { call, createUser, startHarness, type Harness, type TestUser } from "./support/harness";
import { llmExchange, seedSession } from "./support/recording";

let h: Harness;
let auditor: TestUser;
let member: TestUser;
let key: Buffer;
let connA: string;
let connB: string;

beforeAll(async () => {
  h = await startHarness();
  auditor = await createUser(h.db, "auditor");
  member = await createUser(h.db, "member");
  key = hashKeyOf(getEnv());
  connA = (await h.db.connection.create({ data: { name: "conn-a", kind: "openai", upstreamUrl: "https://a.example" } })).id;
  connB = (await h.db.connection.create({ data: { name: "conn-b", kind: "openai", upstreamUrl: "https://b.example" } })).id;
});
afterAll(() => h?.close());

describe("keyset pagination", () => {
  it("returns every session exactly once, newest first, even with identical start times", async () => {
    const base = Date.parse("2026-01-01T00:00:00.000Z");
    // 253 sessions in groups of four sharing a start time, so ties on startedAt are broken by id.
    await h.db.recordedSession.createMany({
      data: Array.from({ length: 253 }, (_, i) => ({
        id: `bulk_${String(i).padStart(4, "0")}_${(i * 7919) % 1000}`,
        connectionId: i % 2 ? connA : connB,
        connectionName: i % 2 ? "conn-a" : "conn-b",
        protocol: "http",
        identityKind: "service_account" as const,
        identityId: `sa_${i % 3}`,
        identityLabel: "agent",
        startedAt: new Date(base + Math.floor(i / 4) * 1000),
        hasBlock: i % 10 === 0,
      })),
    });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { status: number; body: { data: { id: string }[]; nextCursor: string | null } } = await call(
        "GET",
        `/sessions?limit=40&to=2026-01-02T00:00:00Z${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
        { token: auditor.token },
      );
      expect(res.status).toBe(200);
      seen.push(...res.body.data.map((s) => s.id));
      cursor = res.body.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(7);
    const expected = await h.db.recordedSession.findMany({ where: { id: { startsWith: "bulk_" } }, orderBy: [{ startedAt: "desc" }, { id: "desc" }], select: { id: true } });
    expect(seen).toEqual(expected.map((s) => s.id));
  });

  it("combines filters with the cursor", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { data: { id: string; hasBlock: boolean; connectionId: string }[]; nextCursor: string | null } } = await call(
        "GET",
        `/sessions?limit=5&hasBlock=true&connectionId=${connB}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
        { token: auditor.token },
      );
      for (const s of res.body.data) {
        expect(s.hasBlock).toBe(true);
        expect(s.connectionId).toBe(connB);
      }
      seen.push(...res.body.data.map((s) => s.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen.length).toBe(await h.db.recordedSession.count({ where: { hasBlock: true, connectionId: connB } }));
  });

  it("rejects a cursor it did not issue", async () => {
    const res = await call("GET", "/sessions?cursor=bm90LWEtY3Vyc29y", { token: auditor.token });
    expect(res.status).toBe(400);
  });

  it("is served by indexes: (startedAt, id) for pages, the GIN index for full-text search", async () => {
    const plan = async (sql: string) => {
      const rows = await h.db.$transaction([
        h.db.$executeRawUnsafe("SET LOCAL enable_seqscan = off"),
        h.db.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(`EXPLAIN ${sql}`),
      ]);
      return rows[1].map((r) => r["QUERY PLAN"]).join("\n");
    };
    expect(await plan(`SELECT id FROM "RecordedSession" WHERE ("startedAt", "id") < ('2026-01-01 00:01:00', 'x') ORDER BY "startedAt" DESC, "id" DESC LIMIT 41`)).toMatch(/RecordedSession_startedAt_id_idx/);
    expect(await plan(`SELECT id FROM "RecordedSession" WHERE ${SEARCH_DOCUMENT_SQL} @@ websearch_to_tsquery('simple', 'refund') ORDER BY "startedAt" DESC, "id" DESC LIMIT 51`)).toMatch(/RecordedSession_searchText_fts_idx/);
  });
});

describe("search", () => {
  it("finds sessions by words in their masked content", async () => {
    const hit = await seedSession(h.db, key, { searchText: "please refund order [ORDER] for [EMAIL]", chains: [] });
    await seedSession(h.db, key, { searchText: "weather in Paris", chains: [] });
    const res = await call("GET", "/sessions?q=refund%20EMAIL", { token: auditor.token });
    expect(res.body.data.map((s: { id: string }) => s.id)).toEqual([hit.id]);
    const none = await call("GET", "/sessions?q=refund%20-EMAIL", { token: auditor.token });
    expect(none.body.data).toEqual([]);
  });

  it("pages through a word found in thousands of sessions (the index walk) the same way as a rare one", async () => {
    const base = Date.parse("2025-06-01T00:00:00.000Z");
    await h.db.recordedSession.createMany({
      data: Array.from({ length: 5_100 }, (_, i) => ({
        id: `common_${String(i).padStart(5, "0")}`,
        connectionName: "conn-a",
        protocol: "http",
        identityKind: "service_account" as const,
        identityId: "sa_common",
        identityLabel: "agent",
        startedAt: new Date(base + i * 1000),
        searchText: i % 1000 === 0 ? "boilerplate rarity" : "boilerplate",
      })),
    });
    const dense = await call("GET", "/sessions?q=boilerplate&limit=3", { token: auditor.token });
    expect(dense.body.data.map((s: { id: string }) => s.id)).toEqual(["common_05099", "common_05098", "common_05097"]);
    const next = await call("GET", `/sessions?q=boilerplate&limit=3&cursor=${encodeURIComponent(dense.body.nextCursor)}`, { token: auditor.token });
    expect(next.body.data.map((s: { id: string }) => s.id)).toEqual(["common_05096", "common_05095", "common_05094"]);
    const rare = await call("GET", "/sessions?q=rarity&limit=3", { token: auditor.token });
    expect(rare.body.data.map((s: { id: string }) => s.id)).toEqual(["common_05000", "common_04000", "common_03000"]);
    const rest = await call("GET", `/sessions?q=rarity&limit=3&cursor=${encodeURIComponent(rare.body.nextCursor)}`, { token: auditor.token });
    expect(rest.body.data.map((s: { id: string }) => s.id)).toEqual(["common_02000", "common_01000", "common_00000"]);
    expect(rest.body.nextCursor).toBeNull();
    await h.db.recordedSession.deleteMany({ where: { id: { startsWith: "common_" } } });
  });

  it("shows members only the sessions they recorded", async () => {
    const own = await seedSession(h.db, key, { identityKind: "user", identityId: member.id, chains: [{ events: llmExchange("hi", ["hello"]) }] });
    const other = await seedSession(h.db, key, { identityKind: "user", identityId: auditor.id, chains: [] });
    const list = await call("GET", "/sessions", { token: member.token });
    expect(list.body.data.map((s: { id: string }) => s.id)).toEqual([own.id]);
    expect((await call("GET", `/sessions/${other.id}`, { token: member.token })).status).toBe(404);
    expect((await call("GET", `/sessions/${other.id}/events`, { token: member.token })).status).toBe(404);
    expect((await call("GET", `/sessions/${own.id}/verify`, { token: member.token })).body.verified).toBe(true);
  });
});

describe("events and replay", () => {
  it("lists events in stored order with cursor pagination, and replays streamed chunks at their times", async () => {
    const s = await seedSession(h.db, key, { chains: [{ events: llmExchange("Tell me a joke", ["Why ", "did ", "the ", "chicken"]) }] });
    const first = await call("GET", `/sessions/${s.id}/events?limit=3`, { token: auditor.token });
    expect(first.body.data.map((e: { seq: number }) => e.seq)).toEqual([1, 2, 3]);
    const rest = await call("GET", `/sessions/${s.id}/events?cursor=${first.body.nextCursor}`, { token: auditor.token });
    expect(rest.body.data.map((e: { type: string }) => e.type)).toEqual(["exchange.end"]);
    expect(rest.body.nextCursor).toBeNull();

    const replay = await call("GET", `/sessions/${s.id}/replay`, { token: auditor.token });
    const chunks = replay.body.steps.filter((st: { kind: string }) => st.kind === "chunk");
    expect(chunks.map((c: { delta: string }) => c.delta).join("")).toBe("Why did the chicken");
    expect(chunks.map((c: { offsetMs: number }) => c.offsetMs)).toEqual([60, 80, 100, 120]);
    expect(replay.body.steps[0]).toMatchObject({ kind: "event", type: "exchange.request", chainId: s.chainIds[0] });
  });
});

describe("verification", () => {
  it("says verified for an intact recording", async () => {
    const s = await seedSession(h.db, key, { chains: [{ events: llmExchange("a", ["b", "c"]) }, { events: llmExchange("d", ["e"]) }] });
    const res = await call("GET", `/sessions/${s.id}/verify`, { token: auditor.token });
    expect(res.body).toMatchObject({ verified: true, summary: "verified", eventCount: 8 });
    expect(res.body.chains).toHaveLength(2);
  });

  it("reports the first broken event when one was edited", async () => {
    const s = await seedSession(h.db, key, { chains: [{ events: llmExchange("transfer 10 EUR", ["ok"]) }] });
    await h.db.$transaction([
      h.db.$executeRawUnsafe(`ALTER TABLE "SessionEvent" DISABLE TRIGGER "SessionEvent_append_only"`),
      h.db.$executeRaw`UPDATE "SessionEvent" SET "payload" = jsonb_set("payload", '{status}', '201') WHERE "sessionId" = ${s.id} AND "seq" = 2`,
      h.db.$executeRawUnsafe(`ALTER TABLE "SessionEvent" ENABLE TRIGGER "SessionEvent_append_only"`),
    ]);
    const res = await call("GET", `/sessions/${s.id}/verify`, { token: auditor.token });
    expect(res.body.verified).toBe(false);
    expect(res.body.summary).toMatch(/^broken at event 2 /);
    expect(res.body.chains[0]).toMatchObject({ ok: false, brokenAtSeq: 2 });
  });

  it("notices a whole exchange deleted, and a checkpoint not made with the recording key", async () => {
    const s = await seedSession(h.db, key, { chains: [{ events: llmExchange("x", ["y"]) }, { events: llmExchange("z", ["w"]) }] });
    await h.db.$transaction([
      h.db.$executeRawUnsafe(`SELECT set_config('airlock.retention_purge', 'on', true)`),
      h.db.$executeRaw`DELETE FROM "SessionEvent" WHERE "chainId" = ${s.chainIds[1]}`,
    ]);
    const gone = await call("GET", `/sessions/${s.id}/verify`, { token: auditor.token });
    expect(gone.body.verified).toBe(false);
    expect(gone.body.summary).toMatch(/missing|remain/);

    const forged = await seedSession(h.db, Buffer.alloc(32, 7), { chains: [{ events: llmExchange("q", ["r"]) }] });
    const res = await call("GET", `/sessions/${forged.id}/verify`, { token: auditor.token });
    expect(res.body.verified).toBe(false);
    expect(res.body.chains[0].reason).toMatch(/checkpoint/);
  });

  it("treats an unsealed (open) exchange as verified but says so", async () => {
    const s = await seedSession(h.db, key, { chains: [{ events: llmExchange("a", ["b"]), sealed: false }] });
    const res = await call("GET", `/sessions/${s.id}/verify`, { token: auditor.token });
    expect(res.body.verified).toBe(true);
    expect(res.body.summary).toMatch(/not yet sealed/);
    expect(res.body.chains[0].sealed).toBe(false);
  });
});

describe("export", () => {
  it("produces evidence bundles that verify independently with the recording key", async () => {
    const s = await seedSession(h.db, key, { connectionName: "conn-a", chains: [{ events: llmExchange("a", ["b", "c"]) }] });
    const res = await call("GET", `/sessions/${s.id}/export`, { token: auditor.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ format: "airlock.session-export.v1", verification: { verified: true } });
    const bundle = res.body.chains[0].bundle as EvidenceBundle;
    expect(verifyEvidenceBundle(bundle, key)).toMatchObject({ ok: true, checkpointAuthenticated: true });
    const tampered = structuredClone(bundle);
    (tampered.events[1] as { payload: { status: number } }).payload.status = 500;
    expect(verifyEvidenceBundle(tampered, key).ok).toBe(false);
    const audit = await h.db.auditEvent.findFirst({ where: { action: "session.export", targetId: s.id } });
    expect(audit?.actorId).toBe(auditor.id);
  });
});
