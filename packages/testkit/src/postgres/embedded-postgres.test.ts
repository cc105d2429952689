import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "./embedded-postgres";

// Created by startEmbeddedPostgres itself, which hands it to the postgres OS user when run as root.
const scratch = path.join(tmpdir(), `airlock-testkit-pg-${randomBytes(6).toString("hex")}`);
afterAll(() => rm(scratch, { recursive: true, force: true }));

async function query(connectionString: string, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

describe("embedded PostgreSQL", () => {
  it("starts from node_modules, keeps data across a stop and restart of the same data dir", { timeout: 120_000 }, async () => {
    const dataDir = path.join(scratch, "cluster");
    const first = await startEmbeddedPostgres({ dataDir, password: "pw" });
    try {
      await first.createDatabase("airlock_keep");
      await query(first.connectionString("airlock_keep"), "CREATE TABLE notes (body text); INSERT INTO notes VALUES ('survives restarts')");
      expect((await query(first.connectionString(), "SHOW server_version_num")).rows[0].server_version_num).toMatch(/^17/);
    } finally {
      await first.stop();
    }

    const second = await startEmbeddedPostgres({ dataDir, password: "pw" });
    try {
      await second.createDatabase("airlock_keep");
      const rows = await query(second.connectionString("airlock_keep"), "SELECT body FROM notes");
      expect(rows.rows).toEqual([{ body: "survives restarts" }]);
    } finally {
      await second.stop();
    }
  });
});
