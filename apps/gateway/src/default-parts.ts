// The production parts, loaded only when startGateway is not handed replacements.
import { createApprovalGate } from "./approval";
import { startPgListener } from "./pg";
import { createRecorder } from "./recorder";
import type { GatewayParts } from "./start-gateway";

export const defaultParts: GatewayParts = {
  createRecorder: (deps) => createRecorder(deps),
  createApprovalGate: (deps) => createApprovalGate(deps),
  startPgListener: (services) => startPgListener(services),
};
