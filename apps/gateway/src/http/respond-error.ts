// The one place where an exchange that failed becomes a response: the gateway's errors in the
// provider's shape (JSON before headers, an SSE error event after), internal errors reduced to a
// message that hides their details, and a vanished client left alone.
import { GatewayError } from "../errors";
import type { ExchangeContext } from "./context";
import { recordResponse } from "./record";
import { ClientGoneError } from "./upstream/upstream-client";

function asGatewayError(ctx: ExchangeContext, error: unknown): GatewayError {
  if (error instanceof GatewayError) return error;
  ctx.services.logger.error(
    { requestId: ctx.requestId, err: { type: (error as Error)?.name, message: (error as Error)?.message, stack: (error as Error)?.stack } },
    "request failed inside the gateway",
  );
  return new GatewayError("internal_error", `Airlock could not handle this request (internal error; request id ${ctx.requestId}).`);
}

export function respondWithError(ctx: ExchangeContext, error: unknown): void {
  const { res, req } = ctx;
  if (error instanceof ClientGoneError || ctx.clientGone.aborted || (error as NodeJS.ErrnoException)?.code === "ECONNRESET") {
    ctx.errorCode = "client_gone";
    ctx.errorMessage = "The client disconnected before the response was complete.";
    if (!res.writableEnded) res.destroy();
    return;
  }
  const failure = asGatewayError(ctx, error);
  ctx.errorCode = failure.code;
  ctx.errorMessage = failure.message;
  if (!res.headersSent) {
    const body = JSON.stringify(ctx.adapter.errorBody(failure));
    ctx.status = failure.status;
    recordResponse(ctx, failure.status, { "content-type": "application/json" }, false);
    res.writeHead(failure.status, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(body),
      // An unread request body (e.g. too large) cannot be left on a keep-alive connection.
      ...(req.complete ? {} : { connection: "close" }),
    });
    res.end(body);
    return;
  }
  if (res.writableEnded) return;
  const contentType = String(res.getHeader("content-type") ?? "");
  if (/^text\/event-stream/i.test(contentType)) res.end(ctx.adapter.streamError(failure));
  else res.destroy();
}
