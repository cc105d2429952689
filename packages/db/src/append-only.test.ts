import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { createTestDatabase, type TestDatabase } from "./testing";

let db: TestDatabase;
let client: pg.Client;

beforeAll(async () => {
  db = await createTestDatabase();
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
  await client.query(`INSERT INTO "RecordedSession"(id, "connectionName", protocol, "identityKind", "identityId", "identityLabel", "lastEventAt")
                      VALUES ('old', 'c', 'http', 'user', 'u', 'u', now() - interval '40 days'), ('new', 'c', 'http', 'user', 'u', 'u', now())`);
  await client.query(`INSERT INTO "SessionEvent"("sessionId", "chainId", seq, at, "offsetMs", type, payload, "prevHash", hash)
                      VALUES ('old', 'a', 0, now(), 0, 'session.start', '{}', '0', 'h1'), ('new', 'b', 0, now(), 0, 'session.start', '{}', '0', 'h2')`);
});
afterAll(async () => {
  await client?.end();
  await db?.drop();
});

describe("session events are append-only", () => {
  it("refuses UPDATE", async () => {
    await expect(client.query(`UPDATE "SessionEvent" SET type = 'forged'`)).rejects.toThrow(/append-only: UPDATE refused/);
  });
  it("refuses DELETE and TRUNCATE outside the retention purge", async () => {
    await expect(client.query(`DELETE FROM "SessionEvent"`)).rejects.toThrow(/append-only: DELETE refused/);
    await expect(client.query(`TRUNCATE "SessionEvent"`)).rejects.toThrow(/append-only: TRUNCATE refused/);
  });
  it("lets the retention purge remove old sessions only, and reports what it removed", async () => {
    const { rows } = await client.query(`SELECT * FROM airlock_purge_sessions(now() - interval '30 days')`);
    expect(rows[0]).toEqual({ purged_sessions: "1", purged_events: "1" });
    const left = await client.query(`SELECT "sessionId" FROM "SessionEvent"`);
    expect(left.rows).toEqual([{ sessionId: "new" }]);
    await expect(client.query(`DELETE FROM "SessionEvent"`)).rejects.toThrow(/append-only/);
  });
});
