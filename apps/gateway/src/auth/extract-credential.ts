import type { IncomingHttpHeaders } from "node:http";

/**
 * The caller's Airlock credential: `Authorization: Bearer …` (OpenAI style) or `x-api-key: …`
 * (Anthropic style). An `alk_` value wins when both are present, since Anthropic's SDK may send
 * the same key twice.
 */
export function extractCredential(headers: IncomingHttpHeaders): string | undefined {
  const apiKey = headers["x-api-key"];
  const fromApiKey = typeof apiKey === "string" ? apiKey.trim() : undefined;
  const authorization = headers.authorization;
  let fromBearer: string | undefined;
  if (typeof authorization === "string") {
    const match = /^\s*Bearer\s+(\S+)\s*$/i.exec(authorization);
    fromBearer = match?.[1];
  }
  if (fromApiKey?.startsWith("alk_")) return fromApiKey;
  return fromBearer || fromApiKey || undefined;
}
