// The recorder's batches go to PostgreSQL as named prepared statements (parsed and planned once per
// connection), and keep being written when a connection loses them, as behind a pooler in
// transaction mode. Needs DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:5432/postgres).
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeBatchPreparedOrNot, type StatementMode } from "../src/recorder/prepared-statements";
import type { RecorderRecord } from "../src/recorder/records";
import { LEVEL, captureLogs, createRecorderWorld, sessionWithOneChain, verifyStoredChains, type RecorderWorld } from "./recorder-fixtures";

let world: RecorderWorld;
let client: pg.Client;

beforeAll(async () => {
  world = await createRecorderWorld();
  client = new pg.Client({ connectionString: world.database.url });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
  await world?.close();
});

/** One recorded exchange in a session of its own: the session row and a two-event chain. */
function exchange(): { records: RecorderRecord[]; chainId: string } {
  const { records, chain } = sessionWithOneChain(world.connection, "prepared");
  chain.append({ type: "exchange.request", payload: { method: "POST", path: "/v1/chat/completions", messages: [{ role: "user", text: "hello" }] } });
  chain.close({ type: "exchange.end", payload: { text: "hi there", finishReason: "stop" } });
  return { records, chainId: chain.chainId };
}

const preparedNames = async () =>
  (await client.query<{ name: string }>("SELECT name FROM pg_prepared_statements ORDER BY name")).rows.map((r) => r.name);

describe("the recorder's batch statements", () => {
  it("are prepared once per connection, and a connection that loses them gets unnamed ones from then on", async () => {
    const logs = captureLogs();
    const mode: StatementMode = { prepared: true };
    const options = { searchTextMax: 10_000 };
    const first = exchange();
    await writeBatchPreparedOrNot(client as unknown as pg.PoolClient, first.records, 1, options, mode, logs.logger);
    expect(await preparedNames()).toEqual(expect.arrayContaining(["airlock_recorder_insert_events", "airlock_recorder_insert_sessions", "airlock_recorder_lock_sessions"]));
    expect(mode.prepared).toBe(true);

    // What a transaction-mode pooler does to a client: the next transaction runs on a server
    // connection that never saw the statements (the client library still thinks they are there).
    await client.query("DEALLOCATE ALL");
    const second = exchange();
    await writeBatchPreparedOrNot(client as unknown as pg.PoolClient, second.records, 1, options, mode, logs.logger);
    expect(mode.prepared).toBe(false);
    expect(logs.messages(LEVEL.warn).some((m) => m.includes("does not keep prepared statements"))).toBe(true);

    const third = exchange();
    await writeBatchPreparedOrNot(client as unknown as pg.PoolClient, third.records, 1, options, mode, logs.logger);
    expect(await preparedNames()).toEqual([]);
    expect(await verifyStoredChains(world.db, [first.chainId, second.chainId, third.chainId])).toEqual({ events: 6, problems: [] });
  });
});
