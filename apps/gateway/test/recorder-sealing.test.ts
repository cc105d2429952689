// Session seals end to end: the openai SDK talks to two gateway replicas with one X-Airlock-Session
// value; each replica seals the exchanges it served and ends its part when idle. The session
// verifies; after one exchange's events and checkpoint are deleted with the retention purge's flag
// (and the row's counters corrected to match), the verifier the console uses names the exchange.
// Needs DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:5432/postgres).
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./helpers/harness";
import { seedWorld, type World } from "./helpers/world";
import { deleteChain, eventually, verifyStoredSession, waitUntilClosed } from "./recorder-seal-fixtures";

let h: Harness;
let w: World;
let replica: Awaited<ReturnType<Harness["startReplica"]>>;

beforeAll(async () => {
  h = await startHarness({ env: { AIRLOCK_SESSION_IDLE_MS: "400" } });
  w = await seedWorld(h);
  replica = await h.startReplica();
});
afterAll(async () => h?.close());

describe("an HTTP session served by two replicas", () => {
  it("is sealed and closed by both, verifies, and names an exchange deleted with its checkpoint", async () => {
    const conversation = `conversation-${Date.now()}`;
    const client = (baseURL: string) => new OpenAI({ apiKey: w.key, baseURL, maxRetries: 0, defaultHeaders: { "X-Airlock-Session": conversation } });
    const onFirst = client(w.openai.baseURL);
    const onSecond = client(`${replica.url}/c/${w.openai.name}/v1`);
    const ask = (c: OpenAI, text: string) => c.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: text }] });
    expect((await ask(onFirst, "first question")).choices[0]?.message.content).toBe("Echo: first question");
    await ask(onSecond, "second question");
    await ask(onFirst, "third question");
    await ask(onSecond, "fourth question");

    const flushAll = async () => {
      await Promise.all([h.gateway.services.recorder.flush(), replica.gateway.services.recorder.flush()]);
    };
    await flushAll();
    const { id: sessionId } = await h.db.recordedSession.findFirstOrThrow({ where: { clientKey: conversation } });
    const row = await waitUntilClosed(h.db, flushAll, sessionId);
    expect(row.exchangeCount).toBe(4);
    expect(row.endedAt).not.toBeNull();

    const key = h.gateway.services.hashKey;
    // Each replica ends its part when that part goes idle: the row closes with the first end, and the
    // other replica's last seal follows moments later. The summary names the first problem, so a
    // failure here says what it was.
    const intact = await eventually(async () => {
      await flushAll();
      const verdict = await verifyStoredSession(h.db, sessionId, key);
      expect(verdict.summary).toBe("verified");
      return verdict;
    });
    expect(intact.verified).toBe(true);
    // One seal stream per replica, or more when a replica's part went idle between two questions and reopened.
    expect(intact.findings.filter((f) => f.kind === "seal").length).toBeGreaterThanOrEqual(2);
    expect(intact.findings.filter((f) => f.kind === "exchange" && f.inSessionSeal)).toHaveLength(4);

    const [third] = await h.db.$queryRaw<{ chainId: string }[]>`
      SELECT "chainId" FROM "SessionEvent" WHERE "sessionId" = ${sessionId} AND "type" = 'exchange.request'
        AND "payload"::text LIKE '%third question%'`;
    const victim = third!.chainId;
    const removed = await h.db.sessionEvent.count({ where: { chainId: victim } });
    await deleteChain(h.db, victim);
    await h.db.recordedSession.update({ where: { id: sessionId }, data: { eventCount: { decrement: removed }, exchangeCount: { decrement: 1 } } });

    const verdict = await verifyStoredSession(h.db, sessionId, key);
    expect(verdict.verified).toBe(false);
    expect(verdict.summary).toMatch(new RegExp(`^broken in chain ${victim}: exchange ${victim} is missing: the session seal .* lists its \\d+ events`));
    expect(verdict.findings.filter((f) => !f.ok).map((f) => f.chainId)).toEqual([victim]);
  });
});
