// The OpenAPI 3.1 document, generated from the same zod schemas the handlers validate with
// (z.toJSONSchema: request schemas as input, responses as output).
import { z } from "zod";
import type { RouteHandler } from "./route";

type JsonSchema = Record<string, unknown>;

function schemaOf(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const json = z.toJSONSchema(schema, { io, target: "draft-2020-12", unrepresentable: "any" }) as JsonSchema;
  delete json.$schema;
  return json;
}

function queryParameters(schema: z.ZodType | undefined) {
  if (!schema) return [];
  const json = schemaOf(schema, "input") as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => {
    const { description, ...rest } = s as { description?: string };
    return { name, in: "query", required: json.required?.includes(name) ?? false, schema: rest, ...(description ? { description } : {}) };
  });
}

function pathParameters(path: string) {
  return [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: { type: "string" } }));
}

const errorSchema = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: { code: { type: "string" }, message: { type: "string" }, details: {} },
    },
  },
};

function operation(route: RouteHandler) {
  const { spec } = route;
  const status = String(spec.status ?? 200);
  const responses: Record<string, unknown> = {
    [status]: { description: "Success", content: { "application/json": { schema: schemaOf(spec.response, "output") } } },
    "400": { $ref: "#/components/responses/Error" },
  };
  if (spec.permission !== "public") {
    responses["401"] = { $ref: "#/components/responses/Error" };
    responses["403"] = { $ref: "#/components/responses/Error" };
  }
  if (spec.path.includes("{")) responses["404"] = { $ref: "#/components/responses/Error" };
  return {
    operationId: `${spec.method.toLowerCase()}${spec.path.replace(/\{(\w+)\}/g, "By-$1").replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ""))}`,
    summary: spec.summary,
    tags: [spec.tag],
    ...(spec.permission === "public"
      ? { security: [] }
      : { description: `Roles: ${route.roles.join(", ")}.` }),
    parameters: [...pathParameters(spec.path), ...queryParameters(spec.query)],
    ...(spec.body ? { requestBody: { required: true, content: { "application/json": { schema: schemaOf(spec.body, "input") } } } } : {}),
    responses,
  };
}

export function buildOpenApi(routes: RouteHandler[], serverUrl = "/api/v1") {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const entry = (paths[route.spec.path] ??= {});
    entry[route.spec.method.toLowerCase()] = operation(route);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Airlock console API",
      version: "1",
      description:
        "Manage connections, keys, rules and approvals, and search recorded sessions. Authenticate with `Authorization: Bearer <personal access token>` (create one under /api/v1/tokens or in the console), or AIRLOCK_BOOTSTRAP_TOKEN for automation. Lists use cursor pagination: pass the previous page's `nextCursor` as `cursor`.",
    },
    servers: [{ url: serverUrl }],
    security: [{ bearerAuth: [] }, { sessionCookie: [] }],
    components: {
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", description: "A personal access token (alt_…) or the bootstrap token" },
        sessionCookie: { type: "apiKey", in: "cookie", name: "next-auth.session-token", description: "The console's sign-in session" },
      },
      responses: {
        Error: { description: "Error", content: { "application/json": { schema: errorSchema } } },
      },
    },
    paths,
  };
}
