// Two gateway replicas on one database, each with its own pool and LISTEN connection: a decision
// written through a third connection (the console) releases clients held on either of them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordApprovalDecision } from "../src/approval";
import {
  createApprovalWorld,
  hold,
  seedConnection,
  seedPolicy,
  seedReviewer,
  serviceAccount,
  subject,
  waitFor,
  watchApprovalNotifications,
  type ApprovalWorld,
  type SeededConnection,
  type SeededUser,
  type Replica,
} from "./approval-fixtures";

describe("approval across replicas", { timeout: 30_000 }, () => {
  let world: ApprovalWorld;
  let east: Replica;
  let west: Replica;
  let connection: SeededConnection;
  let shortConnection: SeededConnection;
  let reviewer: SeededUser;
  let watcher: Awaited<ReturnType<typeof watchApprovalNotifications>>;

  beforeAll(async () => {
    world = await createApprovalWorld();
    connection = await seedConnection(world.consoleDb);
    await seedPolicy(world.consoleDb, { connectionIds: [connection.id] });
    shortConnection = await seedConnection(world.consoleDb);
    await seedPolicy(world.consoleDb, { connectionIds: [shortConnection.id], expiresInSeconds: 1 });
    reviewer = await seedReviewer(world.consoleDb);
    // A slow safety re-check, so a release can only come from the notification.
    watcher = await watchApprovalNotifications(world.database.url);
    east = await world.replica({ recheckIntervalMs: 60_000 });
    west = await world.replica({ recheckIntervalMs: 60_000 });
  });

  afterAll(async () => {
    await watcher?.close();
    await world?.close();
  });

  it("releases a request held on one replica by a decision made through another connection", async () => {
    const h = hold(east.gate, subject(connection, serviceAccount()).subject);
    const requestId = await h.held;
    await recordApprovalDecision(world.consoleDb, { requestId, reviewerId: reviewer.id, decision: "deny", reason: "wrong account" });
    expect(await h.result).toMatchObject({ outcome: "denied", requestId, reason: "wrong account" });
  });

  it("joins a retry that lands on the other replica, and releases both", async () => {
    const agent = serviceAccount();
    const body = JSON.stringify({ messages: [{ role: "user", content: "load balanced retry" }] });
    const onEast = hold(east.gate, subject(connection, agent, { fingerprintMaterial: body }).subject);
    const onWest = hold(west.gate, subject(connection, agent, { fingerprintMaterial: body }).subject);
    const [eastId, westId] = await Promise.all([onEast.held, onWest.held]);
    expect(westId).toBe(eastId);
    expect(await world.consoleDb.approvalRequest.count({ where: { requesterId: agent.id } })).toBe(1);

    await recordApprovalDecision(world.consoleDb, { requestId: eastId, reviewerId: reviewer.id, decision: "approve" });
    expect(await onEast.result).toMatchObject({ outcome: "approved", requestId: eastId, via: "review" });
    expect(await onWest.result).toMatchObject({ outcome: "approved", requestId: eastId, via: "review" });
  });

  it("keeps the request open when the client on one replica leaves while another still waits", async () => {
    const agent = serviceAccount();
    const body = JSON.stringify({ messages: [{ role: "user", content: "one leaves" }] });
    const leaving = subject(connection, agent, { fingerprintMaterial: body });
    const onEast = hold(east.gate, leaving.subject);
    const requestId = await onEast.held;
    const onWest = hold(west.gate, subject(connection, agent, { fingerprintMaterial: body }).subject);
    expect(await onWest.held).toBe(requestId);

    leaving.abort();
    expect(await onEast.result).toEqual({ outcome: "abandoned", requestId });
    // East marks it abandoned (it cannot see West's client); West, still waiting, puts it back.
    await waitFor(() => watcher.statuses(requestId).join(",") === "pending,abandoned,pending");
    expect((await world.consoleDb.approvalRequest.findUniqueOrThrow({ where: { id: requestId } })).status).toBe("pending");
    await recordApprovalDecision(world.consoleDb, { requestId, reviewerId: reviewer.id, decision: "approve" });
    expect(await onWest.result).toMatchObject({ outcome: "approved", requestId, via: "review" });
  });

  it("expires a shared request once, whichever replica notices first", async () => {
    const agent = serviceAccount();
    const body = "expiring body";
    const onEast = hold(east.gate, subject(shortConnection, agent, { fingerprintMaterial: body }).subject);
    const onWest = hold(west.gate, subject(shortConnection, agent, { fingerprintMaterial: body }).subject);
    const requestId = await onEast.held;
    expect(await onWest.held).toBe(requestId);
    expect(await onEast.result).toEqual({ outcome: "expired", requestId });
    expect(await onWest.result).toEqual({ outcome: "expired", requestId });
    expect((await world.consoleDb.approvalRequest.findUniqueOrThrow({ where: { id: requestId } })).status).toBe("expired");
  });
});
