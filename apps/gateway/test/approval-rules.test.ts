// The rules behind an approval's outcome, the retry fingerprint and webhook retry spacing, without
// a database: what a client is told for each state the request row can be in.
import { describe, expect, it } from "vitest";
import { approvalFingerprint } from "../src/approval";
import { resolveRequest, type RequestState } from "../src/approval/state";
import { retryDelayMs } from "../src/approval/webhooks/backoff";

const now = new Date("2026-01-01T12:00:00Z");
const later = new Date("2026-01-01T12:05:00Z");
const earlier = new Date("2026-01-01T11:55:00Z");
const base: RequestState = { id: "r1", status: "pending", expiresAt: later, approvalsRequired: 1, approvals: 0, approvers: [], denial: null };

describe("approval outcome rules", () => {
  it("waits while pending and approves once enough reviewers agreed", () => {
    expect(resolveRequest("r1", base, now)).toEqual({ kind: "wait" });
    expect(resolveRequest("r1", { ...base, status: "approved", approvals: 1, approvers: ["ann@example.test"] }, now)).toEqual({
      kind: "settled",
      outcome: { outcome: "approved", requestId: "r1", via: "review", reviewers: ["ann@example.test"] },
    });
  });

  it("does not release on an 'approved' status alone when the policy needs more reviewers", () => {
    expect(resolveRequest("r1", { ...base, status: "approved", approvals: 1, approvalsRequired: 2 }, now)).toEqual({ kind: "wait" });
    expect(resolveRequest("r1", { ...base, status: "approved", approvals: 1, approvalsRequired: 2, expiresAt: earlier }, now)).toMatchObject({
      outcome: { outcome: "expired" },
    });
  });

  it("lets one denial win over approvals", () => {
    const state = { ...base, approvals: 1, approvalsRequired: 2, denial: { reviewer: "ann@example.test", reason: "no" } };
    expect(resolveRequest("r1", state, now)).toEqual({
      kind: "settled",
      outcome: { outcome: "denied", requestId: "r1", reviewer: "ann@example.test", reason: "no" },
    });
  });

  it("marks a pending request past its time expired, revives an abandoned one still in time, and ends a deleted one", () => {
    expect(resolveRequest("r1", { ...base, expiresAt: earlier }, now)).toEqual({ kind: "expire" });
    expect(resolveRequest("r1", { ...base, status: "abandoned" }, now)).toEqual({ kind: "revive" });
    expect(resolveRequest("r1", { ...base, status: "abandoned", expiresAt: earlier }, now)).toMatchObject({ outcome: { outcome: "expired" } });
    expect(resolveRequest("r1", undefined, now)).toMatchObject({ outcome: { outcome: "expired", requestId: "r1" } });
  });
});

describe("retry fingerprint", () => {
  const sa = { kind: "service_account" as const, id: "sa1" };
  it("is stable for the same identity, connection and bytes, and differs when any of them changes", () => {
    const fp = approvalFingerprint(sa, "c1", "body");
    expect(approvalFingerprint(sa, "c1", "body")).toBe(fp);
    expect(approvalFingerprint({ ...sa, kind: "user" }, "c1", "body")).not.toBe(fp);
    expect(approvalFingerprint({ ...sa, id: "sa2" }, "c1", "body")).not.toBe(fp);
    expect(approvalFingerprint(sa, "c2", "body")).not.toBe(fp);
    expect(approvalFingerprint(sa, "c1", "body ")).not.toBe(fp);
  });

  it("cannot be forged by moving characters between fields", () => {
    expect(approvalFingerprint({ kind: "user", id: "ab" }, "c", "d")).not.toBe(approvalFingerprint({ kind: "user", id: "a" }, "bc", "d"));
  });
});

describe("webhook retry spacing", () => {
  it("doubles each time within jitter bounds and stops growing at the cap", () => {
    expect(retryDelayMs(1, 1000, 60_000, () => 0)).toBe(500);
    expect(retryDelayMs(1, 1000, 60_000, () => 1)).toBe(1000);
    expect(retryDelayMs(3, 1000, 60_000, () => 0)).toBe(2000);
    expect(retryDelayMs(3, 1000, 60_000, () => 1)).toBe(4000);
    expect(retryDelayMs(20, 1000, 60_000, () => 1)).toBe(60_000);
  });
});
