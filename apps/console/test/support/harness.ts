// Test harness: a fresh migrated database per suite, the console's environment pointed at it, and
// `call()`, which routes a request to the real /api/v1 handler exactly as Next.js would (same
// handler functions, a real Request, the path parameters as a promise).
import { randomBytes } from "node:crypto";
import { generateAccessToken, generateMasterKey, hashToken, displayPrefix, createDb, type Db } from "@airlock/db";
import { createTestDatabase, type TestDatabase } from "@airlock/db/testing";
import { encode } from "next-auth/jwt";
import type { Role } from "@/lib/roles";
import type { RouteHandler } from "@/server/api/route";
import { resetEnvForTests } from "@/server/env";
import { getDb } from "@/server/db";
import { ALL_ROUTES } from "@/server/routes";
import { getOpenApi } from "@/server/routes/openapi";

export const CONSOLE_URL = "http://console.test";

export interface Harness {
  db: Db;
  database: TestDatabase;
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startHarness(extraEnv: Record<string, string> = {}): Promise<Harness> {
  const database = await createTestDatabase("airlock_console");
  const env = {
    DATABASE_URL: database.url,
    AIRLOCK_MASTER_KEY: generateMasterKey(),
    NEXTAUTH_SECRET: randomBytes(32).toString("base64"),
    NEXTAUTH_URL: CONSOLE_URL,
    AIRLOCK_BOOTSTRAP_TOKEN: `boot_${randomBytes(24).toString("base64url")}`,
    AIRLOCK_GATEWAY_URL: "http://127.0.0.1:1",
    AIRLOCK_RETENTION_INTERVAL_MINUTES: "0",
    ...extraEnv,
  };
  Object.assign(process.env, env);
  resetEnvForTests();
  // Assertions read through a client of their own, so they never share the handlers' transactions.
  const db = createDb(database.url, { max: 2 });
  return {
    db,
    database,
    env,
    async close() {
      await db.$disconnect();
      await getDb().$disconnect();
      await database.drop();
    },
  };
}

export interface TestUser {
  id: string;
  email: string;
  role: Role;
  token: string;
}

let userCounter = 0;

/** A user with a personal access token. */
export async function createUser(db: Db, role: Role, options: { disabled?: boolean; email?: string } = {}): Promise<TestUser> {
  userCounter += 1;
  const email = options.email ?? `${role}-${userCounter}-${randomBytes(3).toString("hex")}@example.test`;
  const user = await db.user.create({ data: { email, role, disabled: options.disabled ?? false } });
  const token = generateAccessToken();
  await db.personalAccessToken.create({ data: { userId: user.id, name: "test", tokenHash: hashToken(token), prefix: displayPrefix(token) } });
  return { id: user.id, email, role, token };
}

/** A next-auth session cookie for the user, as the sign-in flow would set it. */
export async function sessionCookie(user: { id: string; email: string; role: string }, secret: string, maxAge = 3600): Promise<string> {
  const jwt = await encode({ token: { sub: user.id, email: user.email, role: user.role }, secret, maxAge });
  return `next-auth.session-token=${jwt}`;
}

const ROUTES = [...ALL_ROUTES, getOpenApi]
  .map((route) => {
    const names: string[] = [];
    const pattern = route.spec.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
      names.push(name);
      return "([^/]+)";
    });
    return { route, names, regex: new RegExp(`^${pattern}$`) };
  })
  // Static segments win over parameters, as in Next.js (/masking-rules/preview before /masking-rules/{id}).
  .sort((a, b) => a.names.length - b.names.length);

export function findRoute(method: string, path: string): { route: RouteHandler; params: Record<string, string> } {
  for (const entry of ROUTES) {
    if (entry.route.spec.method !== method) continue;
    const m = entry.regex.exec(path);
    if (m) return { route: entry.route, params: Object.fromEntries(entry.names.map((n, i) => [n, decodeURIComponent(m[i + 1] ?? "")])) };
  }
  throw new Error(`no route for ${method} ${path}`);
}

export interface CallOptions {
  token?: string;
  cookie?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
export interface CallResult<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** Sends a request to the handler that serves `METHOD /api/v1<path>`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
export async function call<T = any>(method: string, pathWithQuery: string, options: CallOptions = {}): Promise<CallResult<T>> {
  const [path = "", query] = pathWithQuery.split("?");
  const { route, params } = findRoute(method, path);
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.cookie) headers.cookie = options.cookie;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["content-type"] = "application/json";
  }
  const req = new Request(`${CONSOLE_URL}/api/v1${path}${query ? `?${query}` : ""}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  const res = await route(req, { params: Promise.resolve(params) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}
