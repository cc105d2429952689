// Attribution of what the upstream sends to what the client asked (the PendingQueue): rows find
// their column layout and are masked, command tags and errors find their statement, a refused
// statement's placeholder error is replaced by Airlock's, skipped work after an error is dropped
// at ReadyForQuery, and COPY output streams through the value detectors.
import { StringDecoder } from "node:string_decoder";
import type { StreamMasker } from "@airlock/policy";
import {
  BACKEND,
  commandTag,
  errorResponse,
  frameMessage,
  noticeField,
  ProtocolError,
  type ErrorSpec,
  type Frame,
  type TransactionStatus,
} from "../codec";
import { PendingQueue, type Pending, type Portal } from "./pending-queue";
import { maskForRecording } from "./recording-text";
import { ResultLayouts } from "./result-layouts";
import type { ClientEncoding } from "./result-masker";
import type { SessionPolicy } from "./statement-admission";
import { StatementRun } from "./statement-run";
import { maskNoticeFrame, rewriteNotification } from "./upstream-rewrites";

/** Thrown when an answer means the session must end (with this FATAL error for the client). */
export class SessionEndingError extends Error {
  constructor(readonly spec: ErrorSpec) {
    super(spec.message);
  }
}

export interface UpstreamAnswersOptions {
  /** The rules in force now (they can change between statements). */
  policy(): SessionPolicy;
  encoding: ClientEncoding;
  pids: { client: number; upstream: number } | null;
  finishRun(run: StatementRun): void;
}

export class UpstreamAnswers {
  readonly pending = new PendingQueue();
  transactionStatus: TransactionStatus = "I";
  /** The client's encoding, followed through ParameterStatus (SET client_encoding). */
  encoding: ClientEncoding;
  readonly #policy: () => SessionPolicy;
  readonly #pids: UpstreamAnswersOptions["pids"];
  readonly #finishRun: (run: StatementRun) => void;
  #copyOut: { stream: StreamMasker; decoder: StringDecoder; run: StatementRun | undefined } | null = null;
  readonly #layouts = new ResultLayouts();

  constructor(options: UpstreamAnswersOptions) {
    this.#policy = options.policy;
    this.encoding = options.encoding;
    this.#pids = options.pids;
    this.#finishRun = options.finishRun;
  }

  /** Attributes one backend message, appending what the client should receive to `out`. */
  handle(frame: Frame, out: Buffer[]): void {
    const head = this.pending.peek();
    switch (frame.type) {
      case BACKEND.dataRow: {
        const run = head?.kind === "query" || head?.kind === "execute" ? head.run : undefined;
        const plan = head?.kind === "query" ? head.plan : head?.kind === "execute" ? this.#portalPlan(head.portal) : null;
        const masked = plan && run ? this.#policy().resultMasker.maskRow(frame.body, plan, this.encoding, run.tally) : null;
        out.push(masked ?? frame.raw);
        return;
      }
      case BACKEND.rowDescription:
        return this.#onRowDescription(frame, head, out);
      case BACKEND.noData:
        if (head?.kind === "describe") {
          this.pending.shift();
          if (head.statement) head.statement.columns = [];
          if (head.portal) head.portal.columns = [];
          if (head.swallow) return;
        }
        out.push(frame.raw);
        return;
      case BACKEND.commandComplete:
      case BACKEND.emptyQuery:
      case BACKEND.portalSuspended: {
        const tag = frame.type === BACKEND.commandComplete ? commandTag(frame.body) : "";
        if (head?.kind === "query") {
          head.run.complete(tag);
          head.plan = null;
        } else if (head?.kind === "execute") {
          this.pending.shift();
          head.run.complete(tag);
          this.#finishRun(head.run);
        }
        out.push(frame.raw);
        return;
      }
      case BACKEND.parseComplete:
      case BACKEND.bindComplete:
      case BACKEND.closeComplete:
        if (head?.kind === "parse" && head.refusal) {
          // The placeholder parsed: something is badly wrong; do not let the session go on.
          throw new ProtocolError("a refused statement's placeholder did not fail");
        }
        this.pending.shift();
        out.push(frame.raw);
        return;
      case BACKEND.errorResponse:
        return this.#onUpstreamError(frame, head, out);
      case BACKEND.readyForQuery:
        return this.#onReadyForQuery(frame, out);
      case BACKEND.copyOutResponse:
        return this.#onCopyOut(frame, head, out);
      case BACKEND.copyData:
        if (this.#copyOut) {
          const text = this.#copyOut.stream.push(this.#copyOut.decoder.write(frame.body));
          if (text) out.push(frameMessage(BACKEND.copyData, Buffer.from(text, this.encoding)));
          return;
        }
        out.push(frame.raw);
        return;
      case BACKEND.copyDone:
        this.#endCopyOut(out);
        out.push(frame.raw);
        return;
      case BACKEND.copyBothResponse:
        throw new ProtocolError("replication (CopyBoth) is not relayed");
      case BACKEND.noticeResponse: {
        const { raw } = maskNoticeFrame(frame.type, frame.body, this.#policy().resultMasker, this.encoding);
        out.push(raw ?? frame.raw);
        return;
      }
      case BACKEND.notification:
        out.push(rewriteNotification(frame.body, this.#policy().resultMasker, this.encoding, this.#pids) ?? frame.raw);
        return;
      case BACKEND.parameterStatus: {
        const nul = frame.body.indexOf(0);
        if (frame.body.toString("latin1", 0, nul) === "client_encoding") {
          const value = frame.body.toString("latin1", nul + 1, frame.body.length - 1);
          this.encoding = /^(utf-?8|unicode)$/i.test(value) ? "utf8" : "latin1";
        }
        out.push(frame.raw);
        return;
      }
      case BACKEND.authentication:
      case BACKEND.backendKeyData:
        throw new ProtocolError("authentication message after startup");
      default:
        // ParameterDescription, CopyInResponse, FunctionCallResponse...: relayed as they are.
        out.push(frame.raw);
    }
  }

  #onRowDescription(frame: Frame, head: Pending | undefined, out: Buffer[]): void {
    // Described layouts are always kept (rules may start to apply mid-session); a query's only
    // matters when something is masked.
    const masker = this.#policy().resultMasker;
    const needColumns = head?.kind === "describe" || (head?.kind === "query" && !masker.idle);
    const layout = needColumns ? this.#layouts.get(frame) : undefined;
    const columns = layout?.columns;
    if (head?.kind === "query") {
      head.plan = layout ? this.#layouts.plan(layout, masker) : null;
    } else if (head?.kind === "describe") {
      this.pending.shift();
      if (head.statement && columns) head.statement.columns = columns;
      if (head.portal && columns) {
        head.portal.columns = columns;
        head.portal.plan = undefined;
      }
      if (head.swallow) return;
    }
    out.push(frame.raw);
  }

  #portalPlan(portal: Portal | undefined): Portal["plan"] {
    const masker = this.#policy().resultMasker;
    if (masker.idle) return null;
    // Rows for a portal the gateway never saw bound: never relay them unmasked.
    if (!portal) throw new ProtocolError("rows arrived for an unknown portal");
    if (portal.plan !== undefined && portal.planMasker === masker) return portal.plan;
    const columns =
      portal.columns ??
      portal.statement?.columns?.map((c, i) => ({
        ...c,
        format: portal.resultFormats.length === 0 ? 0 : portal.resultFormats.length === 1 ? portal.resultFormats[0]! : (portal.resultFormats[i] ?? 0),
      }));
    if (!columns) {
      // Unknown layout: cannot happen after the injected Describe, but never pass rows unmasked.
      throw new ProtocolError("rows arrived for a portal whose columns are unknown");
    }
    portal.plan = masker.plan(columns);
    portal.planMasker = masker;
    return portal.plan;
  }

  #onUpstreamError(frame: Frame, head: Pending | undefined, out: Buffer[]): void {
    this.#endCopyOut(out);
    if (head && (head.kind === "query" || head.kind === "parse") && head.refusal) {
      out.push(errorResponse(head.refusal));
      if (head.kind === "parse") {
        this.pending.shift();
        this.#forget(this.pending.dropUntilSync());
      } else {
        head.plan = null;
      }
      return;
    }
    const { raw, fields } = maskNoticeFrame(frame.type, frame.body, this.#policy().resultMasker, this.encoding);
    out.push(raw ?? frame.raw);
    const error = { code: noticeField(fields, "C") ?? "XX000", message: maskForRecording(this.#policy().rules, noticeField(fields, "M") ?? "") };
    if (!head) return; // an asynchronous error (e.g. FATAL on shutdown): relayed only
    switch (head.kind) {
      case "query":
        head.run.fail(error);
        head.plan = null;
        return;
      case "sync":
        return; // e.g. a deferred constraint failing at the implicit commit; ReadyForQuery follows
      case "execute":
        head.run.fail(error);
        this.#finishRun(head.run);
        break;
      case "parse": {
        const run = new StatementRun(head.statement.run.text, [], head.statement.run.classes);
        run.fail(error);
        this.#finishRun(run);
        break;
      }
      default:
        break;
    }
    this.pending.shift();
    this.#forget(this.pending.dropUntilSync());
  }

  /** Describes the server skipped were never answered: ask again at the next Execute. */
  #forget(skipped: Pending[]): void {
    for (const pending of skipped) {
      if (pending.kind !== "describe") continue;
      if (pending.statement && !pending.statement.columns) pending.statement.describeRequested = false;
      if (pending.portal && !pending.portal.columns) pending.portal.describeRequested = false;
    }
  }

  #onReadyForQuery(frame: Frame, out: Buffer[]): void {
    this.transactionStatus = String.fromCharCode(frame.body[0] ?? 0x49) as TransactionStatus;
    this.#endCopyOut(out);
    // Entries the server skipped after an error never get answers; they end here.
    for (let head = this.pending.shift(); head; head = this.pending.shift()) {
      if (head.kind === "query") {
        this.#finishRun(head.run);
        break;
      }
      if (head.kind === "sync") break;
      this.#forget([head]);
    }
    out.push(frame.raw);
  }

  #onCopyOut(frame: Frame, head: Pending | undefined, out: Buffer[]): void {
    const masker = this.#policy().resultMasker;
    const binary = frame.body[0] === 1;
    if (masker.hasColumnRules || (binary && masker.detectsValues)) {
      // Admission refuses such COPY statements; reaching here means one slipped through
      // (e.g. inside a function), so the session ends rather than pass unmasked data.
      throw new SessionEndingError({ severity: "FATAL", code: "42501", message: "Airlock ended the session: COPY output that cannot be masked was requested." });
    }
    if (masker.detectsValues) {
      const run = head?.kind === "query" || head?.kind === "execute" ? head.run : undefined;
      this.#copyOut = { stream: masker.createStream(), decoder: new StringDecoder(this.encoding), run };
    }
    out.push(frame.raw);
  }

  #endCopyOut(out: Buffer[]): void {
    const copy = this.#copyOut;
    if (!copy) return;
    this.#copyOut = null;
    const rest = copy.stream.push(copy.decoder.end()) + copy.stream.flush();
    if (rest) out.push(frameMessage(BACKEND.copyData, Buffer.from(rest, this.encoding)));
    copy.run?.tally.add(copy.stream.findings);
  }
}
