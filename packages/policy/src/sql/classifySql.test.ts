import { describe, expect, it } from "vitest";
import { classifySql } from "./classifySql";
import type { SqlClass } from "./sqlClass";

const classes = (sql: string) => classifySql(sql).map((s) => s.class);
const only = (sql: string) => {
  const statements = classifySql(sql);
  expect(statements).toHaveLength(1);
  return statements[0]!;
};

describe("classifySql: statement classes", () => {
  it.each<[string, SqlClass]>([
    ["SELECT * FROM users", "select"],
    ["values (1), (2)", "select"],
    ["TABLE users", "select"],
    ["(SELECT 1) UNION (SELECT 2)", "select"],
    ["INSERT INTO t (a) VALUES (1)", "insert"],
    ["insert into t values (1) on conflict (id) do update set a = excluded.a", "insert"],
    ["UPDATE t SET a = 1 WHERE id = 2", "update"],
    ["DELETE FROM t WHERE id = 2", "delete"],
    ["MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE", "merge"],
    ["CREATE TABLE t (id int)", "ddl_create"],
    ["create or replace view v as select 1", "ddl_create"],
    ["SELECT * INTO archive FROM t", "ddl_create"],
    ["ALTER TABLE t ADD COLUMN c int", "ddl_alter"],
    ["DROP TABLE IF EXISTS t", "ddl_drop"],
    ["TRUNCATE t", "truncate"],
    ["GRANT SELECT ON t TO app", "grant"],
    ["REVOKE ALL ON t FROM app", "revoke"],
    ["COPY t TO STDOUT", "copy_to"],
    ["COPY (SELECT * FROM t) TO '/tmp/out.csv'", "copy_to"],
    ["COPY t FROM STDIN WITH (FORMAT csv)", "copy_from"],
    ["COPY t TO PROGRAM 'gzip > /tmp/t.gz'", "copy_program"],
    ["COPY t (a, b) FROM PROGRAM 'curl http://x'", "copy_program"],
    ["BEGIN", "transaction"],
    ["start transaction isolation level serializable", "transaction"],
    ["COMMIT", "transaction"],
    ["ROLLBACK TO SAVEPOINT s", "transaction"],
    ["SET search_path TO app", "set"],
    ["RESET ALL", "set"],
    ["SHOW server_version", "show"],
    ["EXPLAIN SELECT * FROM t", "explain"],
    ["EXPLAIN DELETE FROM t", "explain"],
    ["CALL refresh_totals()", "call"],
    ["VACUUM t", "other"],
    ["LISTEN jobs", "other"],
  ])("%s → %s", (sql, cls) => {
    expect(only(sql).class).toBe(cls);
  });
});

describe("classifySql: flags", () => {
  it("flags UPDATE and DELETE without WHERE as destructive writes", () => {
    expect(only("DELETE FROM users")).toMatchObject({ noWhere: true, destructive: true, writes: true, summary: "DELETE without WHERE" });
    expect(only("update users set admin = true")).toMatchObject({ noWhere: true, destructive: true });
    expect(only("DELETE FROM users WHERE id = 1")).toMatchObject({ noWhere: false, destructive: false, writes: true });
  });

  it("does not count a WHERE inside a subquery as the statement's WHERE", () => {
    expect(only("UPDATE t SET a = (SELECT max(b) FROM u WHERE u.id = 1)")).toMatchObject({ noWhere: true });
  });

  it("treats an always-true WHERE as no WHERE", () => {
    for (const sql of ["DELETE FROM t WHERE 1=1", "delete from t where true", "DELETE FROM t WHERE id = 5 OR 'a' = 'a'", "DELETE FROM t WHERE (1 = 1)"]) {
      expect(only(sql)).toMatchObject({ noWhere: true, destructive: true });
    }
    expect(only("DELETE FROM t WHERE 1 = 2")).toMatchObject({ noWhere: false });
  });

  it("marks DDL drops, truncates, alters, grants, revokes and COPY PROGRAM destructive", () => {
    for (const sql of ["DROP TABLE t", "TRUNCATE t", "ALTER TABLE t DROP COLUMN c", "GRANT ALL ON t TO x", "REVOKE ALL ON t FROM x", "COPY t TO PROGRAM 'sh'"]) {
      expect(only(sql).destructive).toBe(true);
    }
    for (const sql of ["SELECT 1", "INSERT INTO t VALUES (1)", "CREATE TABLE t (a int)", "COPY t TO STDOUT", "SET x = 1"]) {
      expect(only(sql).destructive).toBe(false);
    }
  });

  it("knows which statements write", () => {
    expect(only("SELECT * FROM t").writes).toBe(false);
    expect(only("COPY t TO STDOUT").writes).toBe(false);
    expect(only("COPY t FROM STDIN").writes).toBe(true);
    expect(only("SELECT * INTO t2 FROM t").writes).toBe(true);
    expect(only("FROBNICATE everything").writes).toBe(true); // unknown: assume the worst
  });
});

describe("classifySql: splitting and hiding places", () => {
  it("splits statements and reports their offsets", () => {
    const sql = "SELECT 1; DELETE FROM t ;; update t set a=1 where id=2";
    const statements = classifySql(sql);
    expect(statements.map((s) => s.class)).toEqual(["select", "delete", "update"]);
    expect(statements.map((s) => sql.slice(s.start, s.end))).toEqual(["SELECT 1", "DELETE FROM t", "update t set a=1 where id=2"]);
  });

  it("does not split inside strings, quoted identifiers, dollar quotes or comments", () => {
    expect(classes("SELECT 'a;DROP TABLE x'")).toEqual(["select"]);
    expect(classes("SELECT 'it''s; DROP TABLE x'")).toEqual(["select"]);
    expect(classes("SELECT E'it\\'s; DROP TABLE x'")).toEqual(["select"]);
    expect(classes('SELECT "weird;DROP TABLE x" FROM t')).toEqual(["select"]);
    expect(classes("SELECT $$ ; DROP TABLE x; $$")).toEqual(["select"]);
    expect(classes("SELECT $fn$ ; DROP $x$ TABLE x; $fn$")).toEqual(["select"]);
    expect(classes("SELECT 1 -- ; DROP TABLE x\n")).toEqual(["select"]);
    expect(classes("SELECT 1 /* ; DROP TABLE x; /* nested */ ; still comment */")).toEqual(["select"]);
  });

  it("still sees a statement after a string that ends where it seems to", () => {
    expect(classes("SELECT 'it''s'; DROP TABLE x")).toEqual(["select", "ddl_drop"]);
    expect(classes("SELECT $$x$$; DROP TABLE x")).toEqual(["select", "ddl_drop"]);
    expect(classes("SELECT E'a\\\\'; DROP TABLE x")).toEqual(["select", "ddl_drop"]);
  });

  it("sees keywords behind comments and in any case", () => {
    expect(only("/* harmless */ DrOp /* really */ TABLE users").class).toBe("ddl_drop");
    expect(only("-- comment\n  delete from users").summary).toBe("DELETE without WHERE");
    expect(only("/* a /* nested */ comment */ TRUNCATE t").class).toBe("truncate");
  });

  it("sees through CTEs that modify data", () => {
    const statement = only("WITH gone AS (DELETE FROM t RETURNING *) SELECT * FROM gone");
    expect(statement).toMatchObject({ class: "delete", noWhere: true, destructive: true, writes: true });
    expect(statement.classes).toEqual(["select", "delete"]);
    expect(statement.summary).toBe("DELETE without WHERE (inside a WITH clause or subquery)");
    expect(only("WITH a AS (SELECT 1), b AS (UPDATE t SET x = 1 WHERE id = 2 RETURNING id) SELECT * FROM b")).toMatchObject({
      class: "update",
      noWhere: false,
      destructive: false,
    });
    expect(only("WITH RECURSIVE r(n) AS (VALUES (1) UNION ALL SELECT n + 1 FROM r) SELECT * FROM r").class).toBe("select");
    expect(only("WITH x AS (SELECT 1) DELETE FROM t").summary).toBe("DELETE without WHERE");
  });

  it("treats EXPLAIN ANALYZE and PREPARE as the statement they run", () => {
    expect(only("EXPLAIN ANALYZE DELETE FROM t")).toMatchObject({ class: "delete", noWhere: true, summary: "EXPLAIN ANALYZE DELETE without WHERE" });
    expect(only("EXPLAIN (ANALYZE, BUFFERS) DROP TABLE t").class).toBe("ddl_drop");
    expect(only("EXPLAIN (ANALYZE false) DELETE FROM t")).toMatchObject({ class: "explain", destructive: false });
    expect(only("PREPARE wipe AS DELETE FROM t")).toMatchObject({ class: "delete", destructive: true });
  });

  it("flags DO blocks that could do damage", () => {
    expect(only("DO $$ BEGIN EXECUTE 'DROP TABLE x'; END $$")).toMatchObject({ class: "other", destructive: true });
    expect(only("DO $$ BEGIN RAISE NOTICE 'hi'; END $$")).toMatchObject({ class: "other", destructive: false, writes: true });
  });

  it("returns nothing for empty input and comments only", () => {
    expect(classifySql("")).toEqual([]);
    expect(classifySql("  ; -- nothing\n /* here */ ;")).toEqual([]);
  });
});
