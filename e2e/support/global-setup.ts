// Starts everything the e2e specs drive: a fresh database (cloned from this run's migrated
// template), a local OpenAI-compatible upstream, and the built gateway and console as real
// processes. Refuses to run against a non-local database.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createTestDatabase } from "@airlock/db/testing";
import { bootStack, startOpenAIUpstream } from "@airlock/testkit";
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
  let stack: Awaited<ReturnType<typeof bootStack>>;
  try {
    stack = await bootStack({ databaseUrl: db.url, verbose: process.env.AIRLOCK_E2E_VERBOSE === "1" });
  } catch (err) {
    // Playwright runs no teardown when setup throws: clean up here, or every failed boot leaks a database.
    await upstream.close();
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
    databaseUrl: db.url,
  };
  mkdirSync(path.dirname(stackInfoFile), { recursive: true });
  writeFileSync(stackInfoFile, JSON.stringify(info, null, 2));
  return async () => {
    await stack.stop();
    await upstream.close();
    await db.drop();
  };
}
