// Stage 2: refuse traffic the recorder cannot take (fail closed), then open this exchange's
// recording chain in its session. From here on every response names the session.
import { GatewayError } from "../../errors";
import type { ExchangeContext } from "../context";

const SESSION_KEY = /^[\x21-\x7e]{1,200}$/;

export async function openRecording(ctx: ExchangeContext): Promise<void> {
  const { services, connection, identity } = ctx;
  if (!connection || !identity) return;
  if (!services.recorder.accepting) {
    throw new GatewayError("recording_unavailable", "Airlock cannot record this request right now (recording backlog full), so it is refused. Retry shortly.");
  }
  const header = ctx.req.headers["x-airlock-session"];
  const clientKey = typeof header === "string" && SESSION_KEY.test(header) ? header : undefined;
  if (header !== undefined && !clientKey) {
    throw new GatewayError("invalid_request", "X-Airlock-Session must be 1-200 visible ASCII characters.");
  }
  ctx.chain = await services.recorder.openChain({
    protocol: "http",
    connectionId: connection.id,
    connectionName: connection.name,
    identity,
    ...(clientKey ? { clientKey } : {}),
  });
  ctx.res.setHeader("X-Airlock-Session-Id", ctx.chain.sessionId);
}
