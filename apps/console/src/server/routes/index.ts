// Every /api/v1 route, for the OpenAPI document and the RBAC matrix test. The files under
// src/app/api/v1 re-export these handlers; test/openapi.test.ts checks the two agree.
import type { RouteHandler } from "../api/route";
import * as approvalPolicies from "./approval-policies";
import * as approvals from "./approvals";
import * as admin from "./admin";
import * as connections from "./connections";
import * as grants from "./grants";
import * as guardrailRules from "./guardrail-rules";
import * as keys from "./keys";
import * as maskingRules from "./masking-rules";
import * as serviceAccounts from "./service-accounts";
import * as sessions from "./sessions";
import * as stats from "./stats";
import * as tokens from "./tokens";
import * as users from "./users";

const modules = [connections, serviceAccounts, users, keys, tokens, maskingRules, guardrailRules, approvalPolicies, approvals, grants, sessions, admin, stats];

function isRoute(value: unknown): value is RouteHandler {
  return typeof value === "function" && "spec" in value;
}

export const ALL_ROUTES: RouteHandler[] = modules.flatMap((m) => Object.values(m).filter(isRoute));
