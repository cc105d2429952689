// The recorder's batch parameters reach PostgreSQL as array literals it builds itself when that is
// safe; what PostgreSQL reads back must be exactly the values, whatever characters they hold.
import { testServerUrl, withDatabase } from "@airlock/db/testing";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { intArrayParam, textArrayParam } from "../src/recorder/batch-params";

// Only the server's own casts are exercised: no tables, so the server's maintenance database will do.
const url = withDatabase(testServerUrl(), "postgres");

describe("batch array parameters", () => {
  const client = new pg.Client({ connectionString: url });
  beforeAll(() => client.connect());
  afterAll(() => client.end());

  const roundTrip = async (param: unknown, type: string) => (await client.query(`SELECT $1::${type} AS v`, [param])).rows[0].v as unknown[];

  it("keeps ids, hashes and timestamps exactly, including ones that look like NULL or hold commas, braces and spaces", async () => {
    const values = ["cm3abc", "NULL", "null", "a,b", "{x}", " padded ", "2026-11-21T20:00:00.000Z", "é☃", ""];
    expect(typeof textArrayParam(values)).toBe("string");
    expect(await roundTrip(textArrayParam(values), "text[]")).toEqual(values);
  });

  it("keeps values with quotes and backslashes exactly", async () => {
    const values = ['say "hi"', "back\\slash", "plain"];
    expect(await roundTrip(textArrayParam(values), "text[]")).toEqual(values);
  });

  it("sends empty arrays and integers", async () => {
    expect(await roundTrip(textArrayParam([]), "text[]")).toEqual([]);
    expect(await roundTrip(intArrayParam([1, -2147483647, 2147483647, 0]), "int[]")).toEqual([1, -2147483647, 2147483647, 0]);
  });
});
