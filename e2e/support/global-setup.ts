// Starts everything the e2e specs drive: a fresh database (cloned from this run's migrated
// template), a local OpenAI-compatible upstream, a local OpenID Provider for console sign-in, and
// the built gateway and console as real processes. Refuses to run against a non-local database.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createTestDatabase } from "@airlock/db/testing";
import { bootStack, startOidcIssuer, startOpenAIUpstream, webClient } from "@airlock/testkit";
import { stackInfoFile, type StackInfo } from "./stack-info";

function assertLocal(url: string) {
  const host = new URL(url).hostname;
  if (!["localhost", "127.0.0.1", "::1", "[::1]"].includes(host)) {
    throw new Error(`e2e refuses to run against a non-local database (${host}).`);
  }
}

export default async function globalSetup() {
  const db = await createTestDatabase("airlock_e2e");
  assertLocal(db.url);
  const upstream = await startOpenAIUpstream();
  const oidcUser = { username: "rita", password: "rita-sso-password", email: "rita@corp.test", name: "Rita Reviewer", groups: ["airlock-reviewers"] };
  const issuer = await startOidcIssuer({ users: [oidcUser] });
  const oidcClient = { clientId: "airlock-console", clientSecret: "console-secret-for-e2e-only" };
  let stack: Awaited<ReturnType<typeof bootStack>>;
  try {
    stack = await bootStack({
      databaseUrl: db.url,
      verbose: process.env.AIRLOCK_E2E_VERBOSE === "1",
      env: {
        AIRLOCK_OIDC_CONSOLE_ISSUER: issuer.issuer,
        AIRLOCK_OIDC_CONSOLE_CLIENT_ID: oidcClient.clientId,
        AIRLOCK_OIDC_CONSOLE_CLIENT_SECRET: oidcClient.clientSecret,
        AIRLOCK_OIDC_CONSOLE_NAME: "Corp SSO",
        AIRLOCK_OIDC_ROLE_MAP: "airlock-admins=admin,airlock-reviewers=reviewer,airlock-auditors=auditor",
      },
    });
    // The console's callback URL is known only once it has a port.
    await issuer.registerClient(webClient({ ...oidcClient, redirectUris: [`${stack.consoleUrl}/api/auth/callback/oidc`] }));
  } catch (err) {
    // Playwright runs no teardown when setup throws: clean up here, or every failed boot leaks a database.
    await upstream.close();
    await issuer.close();
    await db.drop();
    throw err;
  }
  const info: StackInfo = {
    gatewayUrl: stack.gatewayUrl,
    consoleUrl: stack.consoleUrl,
    adminUrl: stack.adminUrl,
    pgPort: stack.pgPort,
    bootstrapToken: stack.bootstrapToken,
    admin: stack.admin,
    openaiUpstreamUrl: upstream.url,
    oidcUser: { username: oidcUser.username, password: oidcUser.password, email: oidcUser.email },
    databaseUrl: db.url,
  };
  mkdirSync(path.dirname(stackInfoFile), { recursive: true });
  writeFileSync(stackInfoFile, JSON.stringify(info, null, 2));
  return async () => {
    await stack.stop();
    await upstream.close();
    await issuer.close();
    await db.drop();
  };
}
