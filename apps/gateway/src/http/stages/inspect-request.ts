// Stage 4: request guardrails (on what the client sent) and request masking (what the upstream
// will see). The masked form is what gets recorded and shown to reviewers.
import { createPseudonymizer, type Verdict } from "@airlock/policy";
import { evaluateGuardrails } from "../../providers/guard";
import { mapStrings } from "../../providers/json-walk";
import type { RequestView } from "../../providers/types";
import { blockedError } from "../blocked-error";
import type { ExchangeContext } from "../context";
import { recordBlock, recordDecision, recordRequest } from "../record";
import { isText } from "./read-request";

export interface InspectedRequest {
  verdict: Verdict;
  maskedPath: string;
  maskedView: RequestView | undefined;
}

export function inspectRequest(ctx: ExchangeContext): InspectedRequest {
  const { route, rules, view, body } = ctx;
  if (!route || !rules || !view || !body) throw new Error("inspectRequest before readRequest");

  const verdict = evaluateGuardrails(rules.guardrails, {
    direction: "request",
    ...(view.model ? { model: view.model } : {}),
    texts: view.texts,
    toolCalls: view.toolCalls.map((c) => ({ name: c.name, arguments: c.arguments })),
  });

  const masker = rules.requestMasker;
  const pathAndQuery = `/${route.rest}${route.search}`;
  const textBody = ctx.json === undefined && body.length > 0 && isText(ctx.req.headers["content-type"]) ? body.toString("utf8") : undefined;
  let maskedBody: unknown = ctx.json ?? textBody;
  ctx.forwardBody = body;
  if (!masker.isEmpty) {
    const pseudonyms = rules.pseudonymize ? createPseudonymizer() : undefined;
    ctx.pseudonyms = pseudonyms;
    const tally = ctx.requestFindings;
    const mask = (text: string) => {
      const result = masker.maskText(text, pseudonyms);
      if (result.findings.length) tally.add(result.findings);
      return result.text;
    };
    if (typeof maskedBody === "string") maskedBody = mask(maskedBody);
    else if (maskedBody !== undefined) maskedBody = mapStrings(maskedBody, mask, ctx.adapter.skipKeys);
    if (maskedBody !== undefined) ctx.forwardBody = Buffer.from(typeof maskedBody === "string" ? maskedBody : JSON.stringify(maskedBody));
  }
  // What is recorded and shown to reviewers also hides values only response rules would mask.
  // The forwarded bytes are already fixed above, so the parsed body may be rewritten in place.
  const recordMasker = rules.recordRequestMasker && !rules.recordRequestMasker.isEmpty ? rules.recordRequestMasker : undefined;
  const forRecord = (text: string) => (recordMasker ? recordMasker.maskText(text).text : text);
  if (recordMasker && maskedBody !== undefined) {
    maskedBody = typeof maskedBody === "string" ? forRecord(maskedBody) : mapStrings(maskedBody, forRecord, ctx.adapter.skipKeys);
  }
  const maskedView: RequestView | undefined = masker.isEmpty && !recordMasker ? view : ctx.adapter.describeRequest(route.rest, maskedBody);
  const maskedPath = forRecord(masker.isEmpty ? pathAndQuery : masker.maskText(pathAndQuery).text);

  recordRequest(ctx, maskedPath, maskedView, maskedBody);
  if (verdict.action === "block") {
    const blockedTool = view.toolCalls.find((c) => verdict.reason?.includes(`'${c.name}'`));
    recordBlock(ctx, verdict, "request", blockedTool ? { kind: "tool_call", name: blockedTool.name } : { kind: "message" });
    recordDecision(ctx, verdict, null);
    throw blockedError(verdict, "request");
  }
  return { verdict, maskedPath, maskedView };
}
