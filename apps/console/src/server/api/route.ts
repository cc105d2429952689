// Every /api/v1 handler is built here: authentication, RBAC, validation, error mapping, audit and
// change notifications happen once, in this order, for all of them. The returned handler keeps
// its spec so the OpenAPI document and the RBAC matrix test are generated from the same objects.
import { z } from "zod";
import type { Role } from "@/lib/roles";
import { authenticate, isSameOrigin, type Actor } from "../auth/actor";
import { getDb } from "../db";
import { getEnv, type ConsoleEnv } from "../env";
import { ApiError, errorResponse, forbidden, unauthorized, validationError } from "../errors";
import { scopeOf, type Action, type Resource } from "../rbac";
import { writeAudit, type AuditEntry } from "./audit";
import { notify, notifyConfig } from "./notify";
import type { ConfigEntity, DbClient } from "./types";

export type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
type Schema = z.ZodType;

export interface HandlerContext<Q, B> {
  req: Request;
  /** The transaction for mutating routes, the client otherwise. */
  db: DbClient;
  env: ConsoleEnv;
  actor: Actor;
  /** "own": the role may act only on the caller's own records (rbac.ts). */
  scope: "all" | "own";
  params: Record<string, string>;
  query: Q;
  body: B;
  /** Records what changed; the route's audit action is used unless another is given. */
  audit(entry: Omit<AuditEntry, "action"> & { action?: string }): void;
  /** NOTIFY airlock_config, so gateways drop cached configuration at once. */
  configChanged(entity: ConfigEntity, id?: string): void;
  /** Any other NOTIFY (delivered on commit). */
  notify(channel: string, payload: unknown): void;
}

export interface RouteSpec<Q extends Schema | undefined, B extends Schema | undefined, R extends Schema> {
  method: Method;
  /** OpenAPI path below /api/v1, e.g. "/connections/{id}". */
  path: string;
  summary: string;
  tag: string;
  /** "public": no credential needed (only the OpenAPI document). */
  permission: { [K in Resource]: { resource: K; action: Action<K> } }[Resource] | "public";
  query?: Q;
  body?: B;
  response: R;
  /** Success status; 200 unless given. */
  status?: number;
  /** Audit action (e.g. "connection.create"); setting it marks the route as mutating. */
  audit?: string;
  /** Mutating routes run in one transaction with their audit rows; opt out when the handler calls out over the network. */
  transactional?: boolean;
  handler(ctx: HandlerContext<Infer<Q>, Infer<B>>): Promise<z.input<R>>;
}

type Infer<S> = S extends Schema ? z.output<S> : undefined;

export interface RouteHandler {
  (req: Request, ctx: { params: Promise<Record<string, string | string[] | undefined>> }): Promise<Response>;
  spec: RouteSpec<Schema | undefined, Schema | undefined, Schema>;
  /** Roles allowed, for documentation and the RBAC matrix test. */
  roles: Role[];
}

const MAX_BODY_BYTES = 1024 * 1024;
const paramsSchema = z.record(z.string(), z.string().min(1).max(200));

async function readBody(req: Request, schema: Schema | undefined): Promise<unknown> {
  if (!schema) return undefined;
  const declared = Number(req.headers.get("content-length") ?? 0);
  if (declared > MAX_BODY_BYTES) throw new ApiError(413, "too_large", `request body is larger than ${MAX_BODY_BYTES} bytes`);
  const text = await req.text();
  if (text.length > MAX_BODY_BYTES) throw new ApiError(413, "too_large", `request body is larger than ${MAX_BODY_BYTES} bytes`);
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, "invalid_json", "request body is not valid JSON");
  }
}

function parseWith<S extends Schema>(schema: S, value: unknown, where: "query" | "body" | "path"): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(where, result.error);
  return result.data;
}

async function authorize(req: Request, spec: RouteHandler["spec"], env: ConsoleEnv) {
  if (spec.permission === "public") return null;
  const actor = await authenticate(getDb(), req, env);
  if (!actor) throw unauthorized();
  if (actor.via === "session" && spec.method !== "GET" && !isSameOrigin(req, env.NEXTAUTH_URL)) {
    throw forbidden("cross-origin request refused");
  }
  const scope = scopeOf(actor.role, spec.permission.resource, spec.permission.action);
  if (!scope) throw forbidden(`the ${actor.role} role cannot ${spec.permission.action} ${spec.permission.resource}`);
  return { actor, scope };
}

export function route<Q extends Schema | undefined = undefined, B extends Schema | undefined = undefined, R extends Schema = Schema>(
  spec: RouteSpec<Q, B, R>,
): RouteHandler {
  const generic = spec as unknown as RouteHandler["spec"];
  const handler = async (req: Request, next: { params: Promise<Record<string, string | string[] | undefined>> }) => {
    try {
      const env = getEnv();
      const auth = await authorize(req, generic, env);
      const params = parseWith(paramsSchema, (await next?.params) ?? {}, "path");
      const url = new URL(req.url);
      const query = spec.query ? parseWith(spec.query, Object.fromEntries(url.searchParams), "query") : undefined;
      const body = spec.body ? parseWith(spec.body, await readBody(req, spec.body), "body") : undefined;

      const audits: AuditEntry[] = [];
      const notifications: { channel: string; payload: unknown }[] = [];
      const run = async (db: DbClient) => {
        const actor = auth?.actor as Actor;
        const result = await spec.handler({
          req,
          db,
          env,
          actor,
          scope: auth?.scope ?? "all",
          params,
          query: query as Infer<Q>,
          body: body as Infer<B>,
          audit: (entry) => audits.push({ action: spec.audit ?? "unknown", ...entry }),
          configChanged: (entity, id) => notifications.push({ channel: "config", payload: { entity, id } }),
          notify: (channel, payload) => notifications.push({ channel, payload }),
        });
        const output = spec.response.parse(result);
        if (spec.audit && auth) {
          if (audits.length === 0) {
            const id = (output as { id?: unknown } | null)?.id;
            audits.push({ action: spec.audit, targetType: spec.tag, targetId: params.id ?? (typeof id === "string" ? id : undefined), after: output });
          }
          await writeAudit(db, auth.actor, req, audits);
        }
        for (const n of notifications) {
          if (n.channel === "config") {
            const { entity, id } = n.payload as { entity: ConfigEntity; id?: string };
            await notifyConfig(db, entity, id);
          } else {
            await notify(db, n.channel, n.payload);
          }
        }
        return output;
      };

      const db = getDb();
      const transactional = spec.audit !== undefined && spec.transactional !== false;
      const output = transactional ? await db.$transaction((tx) => run(tx as unknown as DbClient), { timeout: 15_000 }) : await run(db);
      if (spec.status === 204) return new Response(null, { status: 204, headers: { "cache-control": "no-store" } });
      return Response.json(output, { status: spec.status ?? 200, headers: { "cache-control": "no-store" } });
    } catch (err) {
      return errorResponse(err);
    }
  };
  const roles: Role[] =
    spec.permission === "public"
      ? ["admin", "reviewer", "auditor", "member"]
      : (["admin", "reviewer", "auditor", "member"] as const).filter((r) =>
          scopeOf(r, (spec.permission as { resource: Resource }).resource, (spec.permission as { action: string }).action),
        );
  return Object.assign(handler, { spec: generic, roles });
}
