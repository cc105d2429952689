// The per-request context object that flows through the pipeline stages. Each stage fills in what
// it learned; the finishing stage reads it to respond, record and measure.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Pseudonymizer } from "@airlock/policy";
import type { ExchangeRequestPayload, ExchangeResponsePayload } from "@airlock/recording";
import { JUSTIFICATION_HEADER, ReviewText } from "../approval/review-text";
import type { Identity } from "../identity";
import { ClientGone } from "./client-gone";
import type { GatewayMetrics } from "../metrics/gateway-metrics";
import { openAIAdapter } from "../providers";
import { FindingTally } from "../providers/findings";
import type { ResponseFilter } from "../providers/response-filter";
import type { ProviderAdapter, RequestView } from "../providers/types";
import type { RecordingChain } from "../recorder/types";
import type { ConnectionRules, GatewayServices, ResolvedConnection } from "../services";
import type { SecretScrubber } from "./relay/secret-scrubber";
import type { Upstream } from "./upstream/upstream-client";
import type { Route } from "./route";

export interface ExchangeContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly services: GatewayServices;
  readonly metrics: GatewayMetrics;
  readonly upstream: Upstream;
  readonly requestId: string;
  /** performance.now() at arrival, for durations. */
  readonly startedAt: number;
  /** Aborted when the client goes away before the response is complete. */
  readonly clientGone: ClientGone;
  /** Shapes errors; OpenAI's until the connection (and so its kind) is known. */
  adapter: ProviderAdapter;
  route?: Route;
  connection?: ResolvedConnection;
  identity?: Identity;
  rules?: ConnectionRules;
  chain?: RecordingChain;
  /** Raw request body as received. This and the next three go once the upstream answers (releaseRequestBody). */
  body?: Buffer;
  /** Parsed JSON body (masked in place before forwarding), when the endpoint carries JSON. */
  json?: unknown;
  view?: RequestView;
  /** The body as forwarded upstream (masked). */
  forwardBody?: Buffer;
  pseudonyms?: Pseudonymizer | undefined;
  requestFindings: FindingTally;
  filter?: ResponseFilter;
  /** Removes the injected upstream credential from anything sent back to the client. */
  scrubber?: SecretScrubber | undefined;
  /** Status sent to the client. */
  status?: number;
  upstreamStatus?: number;
  /** ms from arrival to the first response byte or streamed chunk sent to the client. */
  ttftMs: number | null;
  /** Set when the exchange ended in an error (ours or the upstream's). */
  errorCode?: string;
  errorMessage?: string;
  approvalId?: string;
  /** What reviewers (and the recording) see of the client's justification; see reviewTextOf. */
  review?: ReviewText;
  /** The recorded request, waiting to be stored with its decision (record.ts). */
  heldRequest?: { payload: ExchangeRequestPayload; atMs: number } | undefined;
  /** The recorded response status and headers, waiting to be stored with the end (record.ts). */
  heldResponse?: { payload: ExchangeResponsePayload; atMs: number } | undefined;
}

/**
 * The exchange's review text, made once: the recorded request headers and the approval stage
 * both need the masked justification, and masking it twice would give the same string.
 */
export function reviewTextOf(ctx: ExchangeContext): ReviewText {
  ctx.review ??= new ReviewText(ctx.rules, ctx.pseudonyms, ctx.req.headers[JUSTIFICATION_HEADER]);
  return ctx.review;
}

export function createContext(
  req: IncomingMessage,
  res: ServerResponse,
  services: GatewayServices,
  metrics: GatewayMetrics,
  upstream: Upstream,
  requestId: string,
): ExchangeContext {
  return {
    req,
    res,
    services,
    metrics,
    upstream,
    requestId,
    startedAt: performance.now(),
    clientGone: new ClientGone(),
    adapter: openAIAdapter,
    requestFindings: new FindingTally(),
    ttftMs: null,
  };
}

/**
 * Lets go of the request body in all its forms (as received, parsed, described and as forwarded)
 * once the upstream has answered with headers: a streamed reply can last minutes, and with long
 * prompts, bodies held by every open stream would be most of the gateway's memory.
 */
export function releaseRequestBody(ctx: ExchangeContext): void {
  ctx.body = undefined;
  ctx.json = undefined;
  ctx.view = undefined;
  ctx.forwardBody = undefined;
}

export function elapsedMs(ctx: ExchangeContext): number {
  return Math.round((performance.now() - ctx.startedAt) * 10) / 10;
}

/** Marks the first byte or chunk sent to the client. */
export function markFirstByte(ctx: ExchangeContext): void {
  if (ctx.ttftMs === null) ctx.ttftMs = elapsedMs(ctx);
}

/** Data for the client with the upstream credential removed (holding back a possible partial match). */
export function scrubbed(ctx: ExchangeContext, data: string | Buffer): string | Buffer {
  return ctx.scrubber ? ctx.scrubber.push(data) : data;
}

/** What the scrubber still holds at the end of a body. */
export function scrubbedRest(ctx: ExchangeContext): Buffer | undefined {
  return ctx.scrubber?.flush();
}
