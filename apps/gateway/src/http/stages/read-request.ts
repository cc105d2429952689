// Stage 3: read the body (bounded), parse it when the endpoint carries JSON, and let the adapter
// describe it (model, stream flag, messages, tools).
import { GatewayError } from "../../errors";
import type { ExchangeContext } from "../context";
import { readBody } from "./read-body";

/** JSON.parse messages may quote the body; only the position is safe to repeat to the client. */
function jsonErrorMessage(error: unknown): string {
  const position = /position (\d+)/.exec(String((error as Error)?.message ?? ""));
  return position ? `The request body is not valid JSON (error at position ${position[1]}).` : "The request body is not valid JSON.";
}

export async function readRequest(ctx: ExchangeContext): Promise<void> {
  const { req, route, services } = ctx;
  if (!route) return;
  const body = await readBody(req, services.config.AIRLOCK_MAX_BODY_BYTES);
  ctx.body = body;
  const method = req.method ?? "GET";
  const contentType = req.headers["content-type"];
  if (body.length > 0 && ctx.adapter.expectsJson(method, route.rest, contentType)) {
    try {
      ctx.json = JSON.parse(body.toString("utf8"));
    } catch (error) {
      throw new GatewayError("invalid_request", jsonErrorMessage(error));
    }
    if (ctx.adapter.kind !== "http" && (typeof ctx.json !== "object" || ctx.json === null || Array.isArray(ctx.json))) {
      throw new GatewayError("invalid_request", "The request body must be a JSON object.");
    }
  }
  const textBody = ctx.json === undefined && body.length > 0 && isText(contentType) ? body.toString("utf8") : undefined;
  ctx.view = ctx.adapter.describeRequest(route.rest, ctx.json ?? textBody);
}

export function isText(contentType: string | undefined): boolean {
  return /^(text\/|application\/(x-www-form-urlencoded|xml|[\w.+-]*\+xml|graphql))/i.test(contentType ?? "");
}
