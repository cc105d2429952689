// The approval gate against real PostgreSQL: holds, decisions written the way the console writes
// them, expiry, retries, grants, abandonment. Needs DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:5432/postgres).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Registry } from "prom-client";
import { ApprovalDecisionError, recordApprovalDecision } from "../src/approval";
import {
  announcePolicyChange,
  createApprovalWorld,
  hold,
  seedConnection,
  seedPolicy,
  seedReviewer,
  serviceAccount,
  subject,
  waitFor,
  type ApprovalWorld,
  type SeededConnection,
  type SeededUser,
  type Replica,
} from "./approval-fixtures";

describe("approval gate", { timeout: 30_000 }, () => {
  let world: ApprovalWorld;
  let replica: Replica;
  let metrics: Registry;
  let held: SeededConnection; // every request here needs one approval
  let short: SeededConnection; // holds expire after one second
  let quorum: SeededConnection; // two reviewers must approve
  let keyword: SeededConnection; // only prompts mentioning "wire transfer"
  let free: SeededConnection; // no policy
  let broken: SeededConnection; // its policy's stored regex no longer compiles
  let reviewer: SeededUser;
  let secondReviewer: SeededUser;
  let member: SeededUser;

  beforeAll(async () => {
    world = await createApprovalWorld();
    const db = world.consoleDb;
    [held, short, quorum, keyword, free] = await Promise.all([
      seedConnection(db), seedConnection(db), seedConnection(db), seedConnection(db), seedConnection(db),
    ]);
    await seedPolicy(db, { connectionIds: [held.id] });
    await seedPolicy(db, { connectionIds: [short.id], expiresInSeconds: 1 });
    await seedPolicy(db, { connectionIds: [quorum.id], approvalsRequired: 2 });
    await seedPolicy(db, { connectionIds: [keyword.id], pattern: "wire\\s+transfer", flags: "i" });
    broken = await seedConnection(db);
    await seedPolicy(db, { connectionIds: [broken.id], pattern: "([unclosed" });
    reviewer = await seedReviewer(db, "reviewer", "Rita Reviewer");
    secondReviewer = await seedReviewer(db, "admin");
    member = await seedReviewer(db, "member");
    metrics = new Registry();
    replica = await world.replica({ metrics });
  });

  afterAll(async () => {
    await world?.close();
  });

  const rowsFor = (requestId: string) => world.consoleDb.approvalRequest.findUniqueOrThrow({ where: { id: requestId } });

  it("lets requests through untouched when no policy applies", async () => {
    const a = subject(free, serviceAccount());
    expect(await replica.gate.check(a.subject)).toEqual({ outcome: "not_required" });
    const b = subject(keyword, serviceAccount(), { texts: ["summarise the weather"] });
    expect(await replica.gate.check(b.subject)).toEqual({ outcome: "not_required" });
    expect(await world.consoleDb.approvalRequest.count({ where: { connectionId: { in: [free.id, keyword.id] } } })).toBe(0);
  });

  it("holds everything a policy with a broken pattern scopes, rather than letting it through", async () => {
    const s = subject(broken, serviceAccount(), { texts: ["nothing special"] });
    const h = hold(replica.gate, s.subject);
    const requestId = await h.held;
    s.abort();
    expect(await h.result).toEqual({ outcome: "abandoned", requestId });
  });

  it("holds a matching request, stores it masked, and releases it when a reviewer approves", async () => {
    const agent = serviceAccount();
    const s = subject(keyword, agent, {
      texts: ["please wire transfer 5000 EUR"],
      maskedContent: { messages: [{ role: "user", content: "please wire transfer 5000 EUR to [IBAN]" }] },
      justification: "supplier invoice 2291",
      sessionId: "sess-1",
    });
    const h = hold(replica.gate, s.subject);
    const requestId = await h.held;

    const row = await rowsFor(requestId);
    expect(row).toMatchObject({
      status: "pending",
      connectionId: keyword.id,
      requesterKind: "service_account",
      requesterId: agent.id,
      requesterLabel: agent.label,
      kind: "llm",
      justification: "supplier invoice 2291",
      sessionId: "sess-1",
      maskedContent: { messages: [{ role: "user", content: "please wire transfer 5000 EUR to [IBAN]" }] },
    });
    expect(row.highlights).not.toEqual([]);
    expect(row.expiresAt.getTime()).toBeGreaterThan(Date.now() + 250_000);
    expect(h.isSettled()).toBe(false);

    await recordApprovalDecision(world.consoleDb, { requestId, reviewerId: reviewer.id, decision: "approve" });
    expect(await h.result).toEqual({ outcome: "approved", requestId, via: "review", reviewers: [`Rita Reviewer <${reviewer.email}>`] });
    expect((await rowsFor(requestId)).status).toBe("approved");
  });

  it("denies with the reviewer's name and reason", async () => {
    const h = hold(replica.gate, subject(held, serviceAccount()).subject);
    const requestId = await h.held;
    await recordApprovalDecision(world.consoleDb, { requestId, reviewerId: reviewer.id, decision: "deny", reason: "not during the freeze" });
    expect(await h.result).toEqual({
      outcome: "denied",
      requestId,
      reviewer: `Rita Reviewer <${reviewer.email}>`,
      reason: "not during the freeze",
    });
  });

  it("expires a request nobody decides on", async () => {
    const h = hold(replica.gate, subject(short, serviceAccount()).subject);
    const requestId = await h.held;
    expect(await h.result).toEqual({ outcome: "expired", requestId });
    expect((await rowsFor(requestId)).status).toBe("expired");
    await expect(recordApprovalDecision(world.consoleDb, { requestId, reviewerId: reviewer.id, decision: "approve" })).rejects.toMatchObject({
      code: "not_pending",
    });
  });

  it("joins identical retries to one request and releases every waiter", async () => {
    const agent = serviceAccount();
    const body = JSON.stringify({ messages: [{ role: "user", content: "same bytes twice" }] });
    const first = hold(replica.gate, subject(held, agent, { fingerprintMaterial: body }).subject);
    const second = hold(replica.gate, subject(held, agent, { fingerprintMaterial: body }).subject);
    const [id1, id2] = await Promise.all([first.held, second.held]);
    expect(id2).toBe(id1);
    expect(await world.consoleDb.approvalRequest.count({ where: { connectionId: held.id, requesterId: agent.id } })).toBe(1);
    expect([first.details()?.joined, second.details()?.joined].sort()).toEqual([false, true]);
    expect(first.details()?.expiresAt).toEqual(second.details()?.expiresAt);

    await recordApprovalDecision(world.consoleDb, { requestId: id1, reviewerId: reviewer.id, decision: "approve" });
    expect(await first.result).toMatchObject({ outcome: "approved", via: "review" });
    expect(await second.result).toMatchObject({ outcome: "approved", via: "review" });
  });

  it("does not join requests from another identity or with other bytes", async () => {
    const body = JSON.stringify({ messages: [{ role: "user", content: "shared text" }] });
    const a = subject(held, serviceAccount(), { fingerprintMaterial: body });
    const b = subject(held, serviceAccount(), { fingerprintMaterial: body });
    const ha = hold(replica.gate, a.subject);
    const hb = hold(replica.gate, b.subject);
    const [ida, idb] = await Promise.all([ha.held, hb.held]);
    expect(ida).not.toBe(idb);
    a.abort();
    b.abort();
    await Promise.all([ha.result, hb.result]);
  });

  it("passes a retry of an approved request without a second review", async () => {
    const agent = serviceAccount();
    const body = JSON.stringify({ messages: [{ role: "user", content: "approve me once" }] });
    const first = hold(replica.gate, subject(held, agent, { fingerprintMaterial: body }).subject);
    const requestId = await first.held;
    await recordApprovalDecision(world.consoleDb, { requestId, reviewerId: reviewer.id, decision: "approve" });
    await first.result;

    const retry = await replica.gate.check(subject(held, agent, { fingerprintMaterial: body }).subject);
    expect(retry).toEqual({ outcome: "approved", requestId, via: "prior_approval" });
    expect(await world.consoleDb.approvalRequest.count({ where: { requesterId: agent.id } })).toBe(1);
  });

  it("lets an 'approve for N minutes' grant pass later requests until it is revoked or expires", async () => {
    const agent = serviceAccount();
    const first = hold(replica.gate, subject(held, agent).subject);
    const requestId = await first.held;
    const decision = await recordApprovalDecision(world.consoleDb, { requestId, reviewerId: reviewer.id, decision: "approve", grantMinutes: 30 });
    expect(decision.grantId).not.toBeNull();
    await first.result;

    // A different request (other bytes) from the same identity passes on the grant.
    expect(await replica.gate.check(subject(held, agent).subject)).toEqual({ outcome: "approved", via: "grant", requestId });
    // Another identity does not.
    const stranger = subject(held, serviceAccount());
    const strangerHold = hold(replica.gate, stranger.subject);
    await strangerHold.held;
    stranger.abort();
    await strangerHold.result;

    await world.consoleDb.accessGrant.update({ where: { id: decision.grantId! }, data: { revokedAt: new Date() } });
    const afterRevoke = subject(held, agent);
    const revokedHold = hold(replica.gate, afterRevoke.subject);
    await revokedHold.held;
    afterRevoke.abort();
    expect(await revokedHold.result).toMatchObject({ outcome: "abandoned" });

    const expiring = await world.consoleDb.accessGrant.create({
      data: { identityKind: "service_account", identityId: agent.id, connectionId: held.id, expiresAt: new Date(Date.now() + 60_000) },
    });
    expect(await replica.gate.check(subject(held, agent).subject)).toMatchObject({ outcome: "approved", via: "grant" });
    await world.consoleDb.accessGrant.update({ where: { id: expiring.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const afterExpiry = subject(held, agent);
    const expiredHold = hold(replica.gate, afterExpiry.subject);
    await expiredHold.held;
    afterExpiry.abort();
    await expiredHold.result;
  });

  it("marks a request abandoned when its only client goes away", async () => {
    const s = subject(held, serviceAccount());
    const h = hold(replica.gate, s.subject);
    const requestId = await h.held;
    s.abort();
    expect(await h.result).toEqual({ outcome: "abandoned", requestId });
    await waitFor(async () => (await rowsFor(requestId)).status === "abandoned");
  });

  it("keeps a request pending while another client still waits on it, and lets a retry revive an abandoned one", async () => {
    const agent = serviceAccount();
    const body = JSON.stringify({ messages: [{ role: "user", content: "two clients" }] });
    const a = subject(held, agent, { fingerprintMaterial: body });
    const b = subject(held, agent, { fingerprintMaterial: body });
    const ha = hold(replica.gate, a.subject);
    const hb = hold(replica.gate, b.subject);
    const requestId = await ha.held;
    expect(await hb.held).toBe(requestId);

    a.abort();
    expect(await ha.result).toEqual({ outcome: "abandoned", requestId });
    expect((await rowsFor(requestId)).status).toBe("pending");
    b.abort();
    await hb.result;
    await waitFor(async () => (await rowsFor(requestId)).status === "abandoned");

    // The client retries the same bytes after giving up: it lands on the same review.
    const retry = hold(replica.gate, subject(held, agent, { fingerprintMaterial: body }).subject);
    expect(await retry.held).toBe(requestId);
    expect((await rowsFor(requestId)).status).toBe("pending");
    await recordApprovalDecision(world.consoleDb, { requestId, reviewerId: reviewer.id, decision: "approve" });
    expect(await retry.result).toMatchObject({ outcome: "approved", requestId, via: "review" });
  });

  it("needs as many distinct approvals as the policy asks for", async () => {
    const h = hold(replica.gate, subject(quorum, serviceAccount()).subject);
    const requestId = await h.held;
    const first = await recordApprovalDecision(world.consoleDb, { requestId, reviewerId: reviewer.id, decision: "approve" });
    expect(first).toMatchObject({ status: "pending", approvals: 1, approvalsRequired: 2 });
    await expect(recordApprovalDecision(world.consoleDb, { requestId, reviewerId: reviewer.id, decision: "approve" })).rejects.toMatchObject({
      code: "already_decided",
    });
    // Absence of a release can only be observed by giving it a chance to happen.
    await new Promise((r) => setTimeout(r, 300));
    expect(h.isSettled()).toBe(false);
    const second = await recordApprovalDecision(world.consoleDb, { requestId, reviewerId: secondReviewer.id, decision: "approve" });
    expect(second).toMatchObject({ status: "approved", approvals: 2 });
    expect(await h.result).toEqual({ outcome: "approved", requestId, via: "review", reviewers: [`Rita Reviewer <${reviewer.email}>`, secondReviewer.email] });
  });

  it("refuses decisions from members and from the requester", async () => {
    const byMember = hold(replica.gate, subject(held, serviceAccount()).subject);
    const requestId = await byMember.held;
    const attempt = recordApprovalDecision(world.consoleDb, { requestId, reviewerId: member.id, decision: "approve" });
    await expect(attempt).rejects.toBeInstanceOf(ApprovalDecisionError);
    await expect(attempt).rejects.toMatchObject({ code: "not_allowed", status: 403 });

    const self = { kind: "user" as const, id: reviewer.id, label: reviewer.email, via: "api_key" as const, keyConnectionIds: [] };
    const own = hold(replica.gate, subject(held, self).subject);
    const ownId = await own.held;
    await expect(recordApprovalDecision(world.consoleDb, { requestId: ownId, reviewerId: reviewer.id, decision: "approve" })).rejects.toMatchObject({
      code: "self_approval",
    });
    await recordApprovalDecision(world.consoleDb, { requestId, reviewerId: reviewer.id, decision: "deny", reason: "cleanup" });
    await recordApprovalDecision(world.consoleDb, { requestId: ownId, reviewerId: secondReviewer.id, decision: "deny", reason: "cleanup" });
    await Promise.all([byMember.result, own.result]);
  });

  it("picks up a new policy as soon as the console announces it", async () => {
    const late = await seedConnection(world.consoleDb);
    expect(await replica.gate.check(subject(late, serviceAccount()).subject)).toEqual({ outcome: "not_required" });
    const policy = await seedPolicy(world.consoleDb, { connectionIds: [late.id] });
    await announcePolicyChange(world.consoleDb, policy.id);
    const s = subject(late, serviceAccount());
    const h = await waitFor(async () => {
      const attempt = hold(replica.gate, { ...s.subject, fingerprintMaterial: `${s.subject.fingerprintMaterial}${Math.random()}` });
      return attempt.held.then(() => attempt, () => undefined);
    });
    s.abort();
    expect(await h.result).toMatchObject({ outcome: "abandoned" });
  });

  it("expires requests orphaned past their expiry by a replica that went away", async () => {
    const orphan = await world.consoleDb.approvalRequest.create({
      data: {
        connectionId: held.id,
        requesterKind: "service_account",
        requesterId: "crashed-client",
        requesterLabel: "crashed client",
        fingerprint: "orphan",
        kind: "llm",
        maskedContent: {},
        expiresAt: new Date(Date.now() - 60_000),
      },
    });
    const sweeper = await world.replica({ staleSweepIntervalMs: 50 });
    await waitFor(async () => (await rowsFor(orphan.id)).status === "expired");
    await sweeper.close();
  });

  it("reports held requests, outcomes and wait times as metrics", async () => {
    const text = await metrics.metrics();
    expect(text).toMatch(/airlock_approval_outcomes_total\{outcome="approved",via="review"\} [1-9]/);
    expect(text).toMatch(/airlock_approval_outcomes_total\{outcome="denied",via=""\} [1-9]/);
    expect(text).toMatch(/airlock_approval_outcomes_total\{outcome="approved",via="grant"\} [1-9]/);
    expect(text).toMatch(/airlock_approval_wait_seconds_count\{outcome="expired"\} 1/);
    expect(text).toMatch(/airlock_approval_pending 0/);
  });
});
