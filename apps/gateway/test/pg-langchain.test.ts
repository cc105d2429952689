// LangChain's Postgres integrations pointed at the gateway, unmodified: the SQL database toolkit
// (SqlDatabase over TypeORM, and the tools an agent calls) and PostgresChatMessageHistory.
import { SqlDatabase } from "@langchain/classic/sql_db";
import { InfoSqlTool, ListTablesSqlTool, QuerySqlTool } from "@langchain/classic/tools/sql";
import { PostgresChatMessageHistory } from "@langchain/community/stores/message/postgres";
import { AIMessage, HumanMessage } from "@langchain/core/messages";
import pg from "pg";
import { DataSource } from "typeorm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HIDDEN_VALUES, startPgWorld, type PgWorld } from "./pg-fixtures";

let w: PgWorld;
let dataSource: DataSource;
let db: SqlDatabase;

beforeAll(async () => {
  w = await startPgWorld();
  dataSource = new DataSource({ type: "postgres", host: "127.0.0.1", port: w.pgPort, username: w.pgUser, password: w.key, database: w.connectionName });
  db = await SqlDatabase.fromDataSourceParams({ appDataSource: dataSource, sampleRowsInTableInfo: 3 });
});
afterAll(async () => {
  if (dataSource?.isInitialized) await dataSource.destroy();
  await w?.close();
});

function expectNoHiddenValue(text: string): void {
  for (const value of HIDDEN_VALUES) expect(text).not.toContain(value);
}

describe("SqlDatabase and the SQL tools", () => {
  it("lists the tables and describes them with masked sample rows", async () => {
    expect(db.allTables.map((t) => t.tableName).sort()).toEqual(expect.arrayContaining(["audit_log", "contacts", "customers"]));
    const info = await db.getTableInfo(["customers"]);
    expect(info).toContain(`CREATE TABLE "public"."customers"`);
    expect(info).toContain("[EMAIL]");
    expect(info).toContain("[SSN]");
    expectNoHiddenValue(info);
    const tool = new InfoSqlTool(db);
    const described = await tool.invoke("customers");
    expect(described).toContain("[SSN]");
    expectNoHiddenValue(described);
    expect(await new ListTablesSqlTool(db).invoke("")).toMatch(/customers/);
  });

  it("answers an agent's query with masked values", async () => {
    const result = await new QuerySqlTool(db).invoke("SELECT name, email, ssn FROM customers ORDER BY id");
    expect(result).toContain("Alice Adams");
    expect(result).toContain("[EMAIL]");
    expectNoHiddenValue(result);
  });

  it("hands the agent the block message for a destructive statement, and keeps working", async () => {
    const result = await new QuerySqlTool(db).invoke("DROP TABLE customers");
    expect(result).toMatch(/Airlock blocked this statement/);
    const again = await new QuerySqlTool(db).invoke("SELECT count(*) AS n FROM customers");
    expect(again).toMatch(/"n":\s*"?3/);
  });
});

describe("PostgresChatMessageHistory", () => {
  it("stores messages upstream as sent and reads them back masked", async () => {
    const pool = new pg.Pool({ ...w.clientConfig(), max: 2 });
    const history = new PostgresChatMessageHistory({ pool, sessionId: "support-42" });
    try {
      await history.addMessages([new HumanMessage("my e-mail is henry.hill@example.com, call me"), new AIMessage("Thanks, noted.")]);
      const messages = await history.getMessages();
      expect(messages.map((m) => m.content)).toEqual(["my e-mail is [EMAIL], call me", "Thanks, noted."]);
      const direct = await w.direct();
      try {
        const { rows } = await direct.query("SELECT message->>'content' AS content FROM langchain_chat_histories WHERE session_id = 'support-42' ORDER BY id");
        expect(rows[0]).toEqual({ content: "my e-mail is henry.hill@example.com, call me" });
      } finally {
        await direct.end();
      }
      await history.clear();
      expect(await history.getMessages()).toEqual([]);
    } finally {
      await pool.end();
    }
  });
});
