// Adding a field to prisma/schema.prisma without writing a migration must fail the build.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { diffMigrationsToSchema } from "./migrate/diff";
import { createTestDatabase, type TestDatabase } from "./testing";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

describe("prisma/migrations", () => {
  it("builds exactly the schema in prisma/schema.prisma (run `pnpm db:diff <name>` if this fails)", async () => {
    const sql = await diffMigrationsToSchema(db.url);
    expect(sql, `schema.prisma and prisma/migrations disagree; the missing migration is:\n${sql}`).toBe("");
  });

  it("are recorded in Prisma's own _prisma_migrations table", async () => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL`);
      expect(rows.map((r) => r.migration_name)).toContain("20261121170710_init");
    } finally {
      await client.end();
    }
  });

  it("compress recorded payloads and search text with LZ4 where the server has it", async () => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      // Servers built without LZ4 refuse the setting; the migration then leaves pglz (attcompression '').
      const lz4 = await client.query("SET default_toast_compression = lz4").then(
        () => true,
        () => false,
      );
      const { rows } = await client.query<{ table: string; attcompression: string }>(
        `SELECT attrelid::regclass::text AS table, attcompression FROM pg_attribute
         WHERE (attrelid = '"SessionEvent"'::regclass AND attname = 'payload') OR (attrelid = '"RecordedSession"'::regclass AND attname = 'searchText')
         ORDER BY 1`,
      );
      expect(rows).toEqual([
        { table: '"RecordedSession"', attcompression: lz4 ? "l" : "" },
        { table: '"SessionEvent"', attcompression: lz4 ? "l" : "" },
      ]);
    } finally {
      await client.end();
    }
  });
});
