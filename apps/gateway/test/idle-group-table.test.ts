// The cluster primary's idle-group table: every worker of a gateway gets the same session for a
// caller until the group has been idle, and workers' activity reports keep a group alive.
import { describe, expect, it } from "vitest";
import { activityReportIntervalMs, IdleGroupTable } from "../src/cluster/idle-group-table";

const IDLE_MS = 1_000;
const LAG_MS = 2 * activityReportIntervalMs(IDLE_MS);

function tableAt(start = 10_000) {
  const clock = { now: start };
  const table = new IdleGroupTable({ idleMs: IDLE_MS, clock: () => clock.now });
  return { table, clock };
}

const first = { sessionId: "s-first", startedAtMs: 10_000 };
const second = { sessionId: "s-second", startedAtMs: 10_500 };

describe("the primary's idle-group table", () => {
  it("hands the first worker's session to every later worker of the same group", () => {
    const { table, clock } = tableAt();
    expect(table.join("alice", first)).toEqual(first);
    clock.now += 500;
    expect(table.join("alice", second)).toEqual(first);
  });

  it("keeps groups apart", () => {
    const { table } = tableAt();
    expect(table.join("alice", first)).toEqual(first);
    expect(table.join("bob", second)).toEqual(second);
  });

  it("starts a new session once the group has been idle for the idle time plus the reporting lag", () => {
    const { table, clock } = tableAt();
    table.join("alice", first);
    clock.now += IDLE_MS + LAG_MS;
    expect(table.join("alice", second)).toEqual(first);
    clock.now += IDLE_MS + LAG_MS + 1;
    expect(table.join("alice", second)).toEqual(second);
  });

  it("keeps a group alive while a worker reports using it", () => {
    const { table, clock } = tableAt();
    table.join("alice", first);
    for (let i = 0; i < 5; i++) {
      clock.now += IDLE_MS;
      table.seen("alice", first, clock.now);
    }
    clock.now += IDLE_MS;
    expect(table.join("alice", second)).toEqual(first);
  });

  it("ignores reports about a session the group no longer uses, and adopts one for a group without a session", () => {
    const { table, clock } = tableAt();
    table.seen("alice", first, clock.now);
    expect(table.join("alice", second)).toEqual(first);
    clock.now += IDLE_MS + LAG_MS + 1;
    expect(table.join("alice", second)).toEqual(second);
    table.seen("alice", first, clock.now);
    expect(table.join("alice", { sessionId: "s-third", startedAtMs: clock.now })).toEqual(second);
  });

  it("forgets expired groups", () => {
    const { table, clock } = tableAt();
    table.join("alice", first);
    table.join("bob", second);
    clock.now += IDLE_MS;
    table.seen("bob", second, clock.now);
    clock.now += LAG_MS + 1;
    table.expire();
    expect(table.size).toBe(1);
    expect(table.join("bob", first)).toEqual(second);
  });
});
