import { badRequest } from "../errors";
import { assertPublicUpstream, UnsafeUpstreamError, type Resolver } from "./ssrf";

const PROTOCOLS: Record<string, string[]> = {
  openai: ["http:", "https:"],
  anthropic: ["http:", "https:"],
  http: ["http:", "https:"],
  postgres: ["postgres:", "postgresql:"],
};

/** Validates an upstream URL for the connection kind; throws 400 with the reason. */
export async function checkUpstreamUrl(
  raw: string,
  kind: string,
  allowPrivate: boolean,
  resolve?: Resolver,
): Promise<string> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw badRequest(`upstreamUrl: '${raw}' is not a URL`);
  }
  const allowed = PROTOCOLS[kind] ?? [];
  if (!allowed.includes(url.protocol)) throw badRequest(`upstreamUrl: a ${kind} connection needs ${allowed.join(" or ")}`);
  if (!url.hostname) throw badRequest("upstreamUrl: a host is required");
  if (url.username || url.password) {
    throw badRequest("upstreamUrl: do not put credentials in the URL; send them as `credential` (stored encrypted)");
  }
  if (!allowPrivate) {
    try {
      await assertPublicUpstream(url, resolve);
    } catch (err) {
      if (err instanceof UnsafeUpstreamError) {
        throw badRequest(`upstreamUrl refused: ${err.message}. An admin can allow it with allowPrivateNetwork: true`);
      }
      throw err;
    }
  }
  return raw.trim();
}
