// Retention: sessions past the configured number of days are purged through the database's
// airlock_purge_sessions function (the only way past the append-only trigger), per connection
// when a connection overrides the global setting, and every purge is audited.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/server/api/audit";
import { getEnv } from "@/server/env";
import { hashKeyOf } from "@/server/hash-key";
import { runRetention } from "@/server/retention";
import { call, createUser, startHarness, type Harness, type TestUser } from "./support/harness";
import { llmExchange, seedSession } from "./support/recording";

let h: Harness;
let admin: TestUser;
const DAY = 86_400_000;

beforeAll(async () => {
  h = await startHarness();
  admin = await createUser(h.db, "admin");
});
afterAll(() => h?.close());

const ago = (days: number) => new Date(Date.now() - days * DAY);

describe("retention", () => {
  it("keeps everything while no retention is set", async () => {
    await seedSession(h.db, hashKeyOf(getEnv()), { startedAt: ago(400), endedAt: ago(400), chains: [{ events: llmExchange("a", ["b"]) }] });
    const res = await call("POST", "/settings/retention/purge", { token: admin.token });
    expect(res.body).toMatchObject({ purgedSessions: 0, purgedEvents: 0 });
  });

  it("purges what is past the global and per-connection retention, and audits it", async () => {
    const key = hashKeyOf(getEnv());
    const shortLived = await h.db.connection.create({ data: { name: "short", kind: "openai", upstreamUrl: "https://s.example", retentionDays: 2 } });
    const longLived = await h.db.connection.create({ data: { name: "long", kind: "openai", upstreamUrl: "https://l.example", retentionDays: 365 } });
    const global = await h.db.connection.create({ data: { name: "global", kind: "openai", upstreamUrl: "https://g.example" } });
    const events = () => [{ events: llmExchange("a", ["b"]) }];
    const shortOld = await seedSession(h.db, key, { connectionId: shortLived.id, startedAt: ago(5), endedAt: ago(5), chains: events() });
    const shortNew = await seedSession(h.db, key, { connectionId: shortLived.id, startedAt: ago(1), endedAt: ago(1), chains: events() });
    const longOld = await seedSession(h.db, key, { connectionId: longLived.id, startedAt: ago(60), endedAt: ago(60), chains: events() });
    const globalOld = await seedSession(h.db, key, { connectionId: global.id, startedAt: ago(60), endedAt: ago(60), chains: events() });
    const globalNew = await seedSession(h.db, key, { connectionId: global.id, startedAt: ago(10), endedAt: ago(10), chains: events() });

    expect((await call("PATCH", "/settings", { token: admin.token, body: { retentionDays: 30 } })).body).toEqual({ retentionDays: 30 });
    const res = await call("POST", "/settings/retention/purge", { token: admin.token });
    expect(res.status).toBe(200);
    const remaining = new Set((await h.db.recordedSession.findMany({ select: { id: true } })).map((s) => s.id));
    expect(remaining.has(shortOld.id)).toBe(false);
    expect(remaining.has(globalOld.id)).toBe(false);
    expect(remaining.has(shortNew.id)).toBe(true);
    expect(remaining.has(longOld.id)).toBe(true);
    expect(remaining.has(globalNew.id)).toBe(true);
    // The session seeded 400 days ago by the previous test has no connection: the final pass removes it.
    expect(res.body.purgedSessions).toBe(3);
    expect(res.body.purgedEvents).toBe(12);
    expect(await h.db.sessionEvent.count({ where: { sessionId: { in: [shortOld.id, globalOld.id] } } })).toBe(0);

    const audit = await h.db.auditEvent.findFirstOrThrow({ where: { action: "retention.purge" }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({ actorId: admin.id, targetType: "sessions" });
    expect((audit.after as { purgedSessions: number }).purgedSessions).toBe(3);
  });

  it("runs on its own (scheduled) as the system, auditing only when it removed something", async () => {
    const before = await h.db.auditEvent.count({ where: { action: "retention.purge" } });
    await runRetention(h.db, SYSTEM_ACTOR);
    expect(await h.db.auditEvent.count({ where: { action: "retention.purge" } })).toBe(before);
    const global = await h.db.connection.findUniqueOrThrow({ where: { name: "global" } });
    await seedSession(h.db, hashKeyOf(getEnv()), { connectionId: global.id, startedAt: ago(90), endedAt: ago(90), chains: [{ events: llmExchange("a", ["b"]) }] });
    const result = await runRetention(h.db, SYSTEM_ACTOR);
    expect(result.purgedSessions).toBe(1);
    const audit = await h.db.auditEvent.findFirstOrThrow({ where: { action: "retention.purge" }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({ actorKind: "system", actorLabel: "system" });
  });
});
