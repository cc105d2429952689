import type { Verdict } from "@airlock/policy";
import { GatewayError } from "../errors";

/** The error a client gets when a guardrail blocks its request or the response to it. */
export function blockedError(verdict: Verdict, direction: "request" | "response"): GatewayError {
  return new GatewayError("guardrail_blocked", `Blocked by an Airlock guardrail: ${verdict.reason ?? verdict.ruleName ?? `${direction} not allowed`}`);
}
