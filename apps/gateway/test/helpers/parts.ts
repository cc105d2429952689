// The parts handed to startGateway in tests: the real recorder, approval gate and Postgres
// listener; only webhook sending is left to other replicas (no endpoints exist in these tests).
import type { GatewayParts } from "../../src";
import { createApprovalGate } from "../../src/approval";
import { startPgListener } from "../../src/pg";
import { createRecorder } from "../../src/recorder";

export const testParts: GatewayParts = {
  createRecorder: (deps) => createRecorder(deps),
  createApprovalGate: (deps) => createApprovalGate({ ...deps, webhooks: false }),
  startPgListener: (services) => startPgListener(services),
};
