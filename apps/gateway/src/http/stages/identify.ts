// Stage 1: who is calling, which connection, and may they use it. Authentication comes first, so an
// unauthenticated caller learns nothing about which connections exist; the connection lookup runs
// alongside only to shape errors in the provider's format.
import { extractCredential } from "../../auth/extract-credential";
import { GatewayError } from "../../errors";
import { adapterFor } from "../../providers";
import type { ResolvedConnection } from "../../services";
import type { ExchangeContext } from "../context";
import { parseRoute } from "../route";

export async function identify(ctx: ExchangeContext): Promise<void> {
  const { services, req } = ctx;
  const route = parseRoute(req.url);
  ctx.route = route;
  const lookup: Promise<ResolvedConnection | GatewayError> = services.connections.byName(route.connectionName).catch((error: unknown) => {
    if (error instanceof GatewayError) return error;
    throw error;
  });
  const found = await lookup;
  if (!(found instanceof GatewayError)) ctx.adapter = adapterFor(found.kind) ?? ctx.adapter;

  const secret = extractCredential(req.headers);
  if (!secret) {
    if (req.headers.authorization !== undefined) {
      throw new GatewayError("invalid_api_key", "Malformed Authorization header: expected 'Bearer <Airlock API key>'.");
    }
    throw new GatewayError("missing_credentials", "Missing Airlock API key: send 'Authorization: Bearer alk_…' or 'x-api-key: alk_…'.");
  }
  ctx.identity = await services.auth.authenticate(secret);

  if (found instanceof GatewayError) throw found;
  if (found.kind === "postgres") {
    throw new GatewayError("connection_not_found", `Connection '${found.name}' is a PostgreSQL connection; connect to the gateway's Postgres port instead.`);
  }
  if (!found.enabled) throw new GatewayError("connection_disabled", `Connection '${found.name}' is disabled.`);
  await services.auth.authorize(ctx.identity, found);
  ctx.connection = found;
}
