// What global setup started, handed to the specs through a file (specs run in worker processes).
import { readFileSync } from "node:fs";
import path from "node:path";

export interface StackInfo {
  gatewayUrl: string;
  consoleUrl: string;
  adminUrl: string;
  pgPort: number;
  bootstrapToken: string;
  admin: { email: string; password: string };
  openaiUpstreamUrl: string;
  /** A user of the local OpenID Provider, in its "airlock-reviewers" group. */
  oidcUser: { username: string; password: string; email: string };
  databaseUrl: string;
}

export const stackInfoFile = path.join(import.meta.dirname, "..", ".auth", "stack.json");

export function stackInfo(): StackInfo {
  return JSON.parse(readFileSync(stackInfoFile, "utf8")) as StackInfo;
}
