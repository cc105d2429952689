import { GatewayError } from "../errors";

export interface Route {
  connectionName: string;
  /** Path after the connection name, without a leading slash, still percent-encoded. */
  rest: string;
  /** Query string including `?`, or "". */
  search: string;
}

const PREFIX = "/c/";

/** `/c/<connection>/<rest>?<query>`; refuses dot segments that would climb out of the upstream's base path. */
export function parseRoute(url: string | undefined): Route {
  const raw = url ?? "/";
  const q = raw.indexOf("?");
  const path = q === -1 ? raw : raw.slice(0, q);
  const search = q === -1 ? "" : raw.slice(q);
  if (!path.startsWith(PREFIX)) {
    throw new GatewayError("connection_not_found", "Airlock routes requests as /c/<connection>/<path>; use the connection's base URL.");
  }
  const slash = path.indexOf("/", PREFIX.length);
  const encodedName = slash === -1 ? path.slice(PREFIX.length) : path.slice(PREFIX.length, slash);
  const rest = slash === -1 ? "" : path.slice(slash + 1);
  let connectionName: string;
  try {
    connectionName = decodeURIComponent(encodedName);
  } catch {
    throw new GatewayError("invalid_request", "The connection name in the path is not valid percent-encoding.");
  }
  if (!connectionName) throw new GatewayError("connection_not_found", "The path names no connection: use /c/<connection>/<path>.");
  for (const segment of rest.split("/")) {
    if (/^(?:\.|%2e){1,2}$/i.test(segment)) throw new GatewayError("invalid_request", "Dot segments (. and ..) are not allowed in the path.");
  }
  return { connectionName, rest, search };
}
