// The relay for one established client session: client messages are checked and forwarded,
// upstream messages are attributed to what they answer (PendingQueue), masked where needed and
// passed back. Refused statements are not answered by the gateway itself: a placeholder that
// cannot parse is sent upstream in the statement's place and the server's error is replaced by
// ours. PostgreSQL therefore applies its own error semantics — the implicit transaction of a
// pipeline rolls back, an explicit one becomes aborted, the rest of the batch is skipped until
// Sync, ReadyForQuery carries the right status — and ordering among pipelined answers stays exact.
import type { Duplex } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import type { StreamMasker } from "@airlock/policy";
import type { RecordedEventInput } from "../../recorder/types";
import {
  BACKEND,
  decodeBackendMessage,
  decodeBind,
  decodeExecute,
  decodeFrontendMessage,
  decodeParse,
  decodeQuery,
  errorResponse,
  FRONTEND,
  frameMessage,
  noticeField,
  ProtocolError,
  serialize,
  type CommandCompleteMessage,
  type ErrorSpec,
  type Frame,
  type FrameReader,
  type RowDescriptionMessage,
  type TransactionStatus,
} from "../codec";
import { admitStatement, type Admission, type AdmissionContext, type SessionPolicy } from "./statement-admission";
import { PendingQueue, type Pending, type Portal, type PreparedStatement } from "./pending-queue";
import { maskForRecording, recordedParams } from "./recording-text";
import type { ClientEncoding, ColumnInfo, ResultMasker } from "./result-masker";
import { StatementRun } from "./statement-run";
import { maskNoticeFrame, rewriteNotification } from "./upstream-rewrites";

/** A statement text that fails in PostgreSQL's parser, whatever the session state. */
export const PLACEHOLDER_SQL = "AIRLOCK_REFUSED_STATEMENT";
const PLACEHOLDER_QUERY = serialize.query(PLACEHOLDER_SQL);

/** Client bytes buffered while a statement waits for a decision, before reading pauses. */
const HOLD_BUFFER_LIMIT = 4 * 1024 * 1024;

export type SessionEndReason = "client_closed" | "upstream_closed" | "error" | "shutdown";

export interface RelayOptions {
  client: Duplex;
  clientReader: FrameReader;
  upstream: Duplex;
  upstreamReader: FrameReader;
  encoding: ClientEncoding;
  /** The rules at session start; each statement's admission brings the current ones. */
  policy: SessionPolicy;
  admission: AdmissionContext;
  /** The client's BackendKeyData pid and the upstream's, to map notification senders. */
  pids: { client: number; upstream: number } | null;
  record(event: RecordedEventInput): void;
  onStatement?(outcome: "ok" | "error" | "refused"): void;
  onEnd(reason: SessionEndReason): void;
  sendUpstreamCancel(): void;
}

export class PgRelay {
  readonly #o: RelayOptions;
  readonly #pending = new PendingQueue();
  readonly #statements = new Map<string, PreparedStatement>();
  readonly #portals = new Map<string, Portal>();
  #encoding: ClientEncoding;
  #rules: SessionPolicy["rules"];
  #resultMasker: ResultMasker;
  #toUpstream: Buffer[] = [];
  #discardUntilSync = false;
  #holding = false;
  /** The statement decision being waited for, if any; the session's end waits for it to settle. */
  #inFlight: Promise<void> | null = null;
  /** Aborts a statement's wait for approval (cancel, disconnect). One per session, renewed after use. */
  #decisions = new AbortController();
  #waitingForDecision = false;
  #copyOut: { stream: StreamMasker; decoder: StringDecoder; run: StatementRun | undefined } | null = null;
  #transactionStatus: TransactionStatus = "I";
  #ended = false;
  readonly #clientPauses = new Set<"hold" | "upstream">();

  constructor(options: RelayOptions) {
    this.#o = options;
    this.#encoding = options.encoding;
    this.#rules = options.policy.rules;
    this.#resultMasker = options.policy.resultMasker;
  }

  get transactionStatus(): TransactionStatus {
    return this.#transactionStatus;
  }

  start(): void {
    const { client, upstream } = this.#o;
    client.on("data", (chunk: Buffer) => {
      this.#o.clientReader.push(chunk);
      if (this.#holding && this.#o.clientReader.buffered > HOLD_BUFFER_LIMIT) this.#pauseClient("hold");
      this.#pumpClient();
    });
    upstream.on("data", (chunk: Buffer) => {
      this.#o.upstreamReader.push(chunk);
      this.#pumpUpstream();
    });
    client.on("close", () => this.end("client_closed"));
    client.on("error", () => this.end("client_closed"));
    upstream.on("close", () => this.#upstreamGone());
    upstream.on("error", () => this.#upstreamGone());
    client.resume();
    upstream.resume();
    this.#pumpUpstream();
    this.#pumpClient();
  }

  /** A CancelRequest for this session: a statement waiting for a decision stops waiting, else the upstream cancels. */
  cancel(): void {
    if (!this.#waitingForDecision) return this.#o.sendUpstreamCancel();
    this.#decisions.abort();
    this.#decisions = new AbortController();
  }

  /** Ends the session (idempotent); `notice` is sent to the client first, as a FATAL error. */
  end(reason: SessionEndReason, notice?: ErrorSpec): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#decisions.abort();
    for (const pending of this.#pending.clear()) {
      if (pending.kind === "query" || pending.kind === "execute") {
        pending.run.fail({ code: "08006", message: "the session ended before the statement completed" });
        this.#finishRun(pending.run);
      }
    }
    const { client, upstream } = this.#o;
    if (notice && client.writable) client.end(errorResponse(notice));
    else client.end();
    if (upstream.writable) upstream.end(Buffer.from([FRONTEND.terminate, 0, 0, 0, 4]));
    setImmediate(() => {
      client.destroy();
      upstream.destroy();
    });
    // A statement waiting for approval records its outcome (abandoned) before the session ends.
    const inFlight = this.#inFlight;
    if (!inFlight) return this.#o.onEnd(reason);
    const settled = new Promise<void>((resolve) => setTimeout(resolve, 5_000).unref());
    void Promise.race([inFlight.catch(() => undefined), settled]).then(() => this.#o.onEnd(reason));
  }

  // ---- client → upstream ---------------------------------------------------------------------

  #pumpClient(): void {
    if (this.#holding || this.#ended) return;
    try {
      for (let frame = this.#o.clientReader.next(); frame; frame = this.#o.clientReader.next()) {
        const wait = this.#onClientFrame(frame);
        if (wait) {
          this.#holding = true;
          this.#flushUpstream();
          this.#inFlight = wait;
          wait.then(
            () => {
              this.#inFlight = null;
              this.#holding = false;
              this.#resumeClient("hold");
              this.#pumpClient();
            },
            (error: unknown) => this.#internalFailure(error),
          );
          return;
        }
        if (this.#ended) return;
      }
    } catch (error) {
      this.#protocolFailure(error);
      return;
    }
    this.#flushUpstream();
  }

  #onClientFrame(frame: Frame): Promise<void> | void {
    const discard = this.#discardUntilSync;
    switch (frame.type) {
      case FRONTEND.query:
        // PostgreSQL skips everything but Sync after an error in an extended-protocol batch.
        if (discard) return;
        return this.#onQuery(decodeQuery(frame.body, this.#encoding), frame.raw);
      case FRONTEND.parse:
        if (discard) return;
        return this.#onParse(frame);
      case FRONTEND.bind:
        if (!discard) this.#onBind(frame);
        return;
      case FRONTEND.describe:
        if (!discard) this.#onDescribe(frame);
        return;
      case FRONTEND.execute:
        if (!discard) this.#onExecute(frame);
        return;
      case FRONTEND.close:
        if (!discard) this.#onClose(frame);
        return;
      case FRONTEND.sync:
        this.#discardUntilSync = false;
        this.#send(frame.raw);
        this.#pending.push({ kind: "sync" });
        return;
      case FRONTEND.flush:
        if (!discard) this.#send(frame.raw);
        return;
      case FRONTEND.copyData:
      case FRONTEND.copyDone:
      case FRONTEND.copyFail:
        this.#send(frame.raw);
        return;
      case FRONTEND.terminate:
        this.#flushUpstream();
        this.end("client_closed");
        return;
      case FRONTEND.functionCall: {
        // The fast-path interface calls arbitrary functions by OID, beyond what guardrails can
        // read; it is refused (fail closed) with the placeholder's error semantics.
        const run = new StatementRun("<function call>", [], []);
        const refusal: ErrorSpec = { severity: "ERROR", code: "42501", message: "Airlock does not relay the function-call (fast-path) interface; call the function with SELECT." };
        this.#refuseRun(run, refusal);
        this.#send(PLACEHOLDER_QUERY);
        this.#pending.push({ kind: "query", run, refusal, plan: null });
        return;
      }
      default:
        // Decoding names the problem (unknown type, password message out of place...).
        decodeFrontendMessage(frame, this.#encoding);
        throw new ProtocolError(`unexpected message type ${String.fromCharCode(frame.type)} after startup`);
    }
  }

  #onQuery(sql: string, raw: Buffer): Promise<void> {
    return this.#admit(sql).then((admission) => {
      if (admission.action === "terminate") return this.#terminate(admission.error);
      const run = new StatementRun(admission.masked, [], admission.classes);
      if (admission.action === "forward") {
        this.#send(raw);
        this.#pending.push({ kind: "query", run, plan: null });
      } else {
        this.#refuseRun(run, admission.error);
        this.#send(PLACEHOLDER_QUERY);
        this.#pending.push({ kind: "query", run, refusal: admission.error, plan: null });
      }
    });
  }

  #onParse(frame: Frame): Promise<void> {
    const parse = decodeParse(frame.body, this.#encoding);
    return this.#admit(parse.query).then((admission) => {
      if (admission.action === "terminate") return this.#terminate(admission.error);
      const statement: PreparedStatement = { sql: parse.query, run: { text: admission.masked, classes: admission.classes }, describeRequested: false };
      if (admission.action === "forward") {
        this.#statements.set(parse.name, statement);
        this.#send(frame.raw);
        this.#pending.push({ kind: "parse", statement });
        return;
      }
      // PostgreSQL drops the unnamed statement when a new Parse for it arrives, even a failing one.
      if (parse.name === "") this.#statements.delete("");
      this.#refuseRun(new StatementRun(admission.masked, [], admission.classes), admission.error);
      this.#send(serialize.parse({ name: parse.name, text: PLACEHOLDER_SQL, types: [] }));
      this.#pending.push({ kind: "parse", statement, refusal: admission.error });
      this.#discardUntilSync = true;
    });
  }

  #onBind(frame: Frame): void {
    const bind = decodeBind(frame.body, this.#encoding);
    const portal: Portal = {
      statement: this.#statements.get(bind.statement),
      resultFormats: bind.resultFormats,
      params: recordedParams(this.#rules, bind.params, bind.paramFormats, this.#encoding),
      describeRequested: false,
    };
    this.#portals.set(bind.portal, portal);
    this.#send(frame.raw);
    this.#pending.push({ kind: "bind" });
  }

  #onDescribe(frame: Frame): void {
    const message = decodeFrontendMessage(frame, this.#encoding);
    if (message.type !== "describe") return;
    const pending: Pending = { kind: "describe", target: message.target, swallow: false };
    if (message.target === "S") {
      const statement = this.#statements.get(message.name);
      if (statement) {
        statement.describeRequested = true;
        pending.statement = statement;
      }
    } else {
      const portal = this.#portals.get(message.name);
      if (portal) {
        portal.describeRequested = true;
        pending.portal = portal;
      }
    }
    this.#send(frame.raw);
    this.#pending.push(pending);
  }

  #onExecute(frame: Frame): void {
    const { portal: name } = decodeExecute(frame.body, this.#encoding);
    const portal = this.#portals.get(name);
    const layoutKnownOrAsked = portal && (portal.columns || portal.describeRequested || portal.statement?.columns || portal.statement?.describeRequested);
    if (portal && !this.#resultMasker.idle && !layoutKnownOrAsked) {
      // Masking needs the column names and types; this client did not ask for them, so the
      // gateway does, and keeps the answer to itself.
      portal.describeRequested = true;
      this.#send(serialize.describe({ type: "P", name }));
      this.#pending.push({ kind: "describe", target: "P", portal, swallow: true });
    }
    const statement = portal?.statement;
    const run = new StatementRun(statement?.run.text ?? "<unknown portal>", portal?.params ?? [], statement?.run.classes ?? []);
    this.#send(frame.raw);
    this.#pending.push({ kind: "execute", portal, run });
  }

  #onClose(frame: Frame): void {
    const message = decodeFrontendMessage(frame, this.#encoding);
    if (message.type !== "close") return;
    if (message.target === "S") {
      const statement = this.#statements.get(message.name);
      this.#statements.delete(message.name);
      // Closing a statement closes the portals made from it.
      for (const [name, portal] of this.#portals) if (statement && portal.statement === statement) this.#portals.delete(name);
    } else {
      this.#portals.delete(message.name);
    }
    this.#send(frame.raw);
    this.#pending.push({ kind: "close" });
  }

  #admit(sql: string): Promise<Admission> {
    this.#waitingForDecision = true;
    return admitStatement(this.#o.admission, sql, this.#decisions.signal)
      .then((admission) => {
        if (admission.action !== "terminate") {
          this.#rules = admission.policy.rules;
          this.#resultMasker = admission.policy.resultMasker;
        }
        return admission;
      })
      .finally(() => {
        this.#waitingForDecision = false;
      });
  }

  /** Access was withdrawn mid-session: what was already forwarded is answered, then the session ends. */
  #terminate(error: ErrorSpec): void {
    this.#flushUpstream();
    this.#o.record({ type: "error", payload: { message: error.message, code: error.code, stage: "authorize" } });
    this.end("error", error);
  }

  #refuseRun(run: StatementRun, error: ErrorSpec): void {
    run.fail({ code: error.code, message: error.message });
    this.#finishRun(run, "refused");
  }

  #send(raw: Buffer): void {
    this.#toUpstream.push(raw);
  }

  #flushUpstream(): void {
    if (this.#toUpstream.length === 0 || this.#ended) return;
    const data = this.#toUpstream.length === 1 ? this.#toUpstream[0]! : Buffer.concat(this.#toUpstream);
    this.#toUpstream = [];
    if (!this.#o.upstream.write(data)) {
      this.#pauseClient("upstream");
      this.#o.upstream.once("drain", () => this.#resumeClient("upstream"));
    }
  }

  #pauseClient(reason: "hold" | "upstream"): void {
    this.#clientPauses.add(reason);
    this.#o.client.pause();
  }

  #resumeClient(reason: "hold" | "upstream"): void {
    if (!this.#clientPauses.delete(reason) || this.#clientPauses.size > 0 || this.#ended) return;
    this.#o.client.resume();
  }

  // ---- upstream → client ---------------------------------------------------------------------

  #pumpUpstream(): void {
    if (this.#ended) return;
    const out: Buffer[] = [];
    try {
      for (let frame = this.#o.upstreamReader.next(); frame; frame = this.#o.upstreamReader.next()) {
        this.#onUpstreamFrame(frame, out);
        if (this.#ended) return;
      }
    } catch (error) {
      if (out.length > 0) this.#o.client.write(Buffer.concat(out));
      this.end("error", { severity: "FATAL", code: "08P01", message: `Airlock cannot relay this session: the upstream broke the protocol (${(error as Error).message}).` });
      return;
    }
    if (out.length === 0 || !this.#o.client.writable) return;
    if (!this.#o.client.write(out.length === 1 ? out[0]! : Buffer.concat(out))) {
      this.#o.upstream.pause();
      this.#o.client.once("drain", () => this.#o.upstream.resume());
    }
  }

  #onUpstreamFrame(frame: Frame, out: Buffer[]): void {
    const head = this.#pending.peek();
    switch (frame.type) {
      case BACKEND.dataRow: {
        const run = head?.kind === "query" || head?.kind === "execute" ? head.run : undefined;
        const plan = head?.kind === "query" ? head.plan : head?.kind === "execute" ? this.#portalPlan(head.portal) : null;
        const masked = plan && run ? this.#resultMasker.maskRow(frame.body, plan, this.#encoding, run.tally) : null;
        out.push(masked ?? frame.raw);
        return;
      }
      case BACKEND.rowDescription:
        return this.#onRowDescription(frame, head, out);
      case BACKEND.noData:
        if (head?.kind === "describe") {
          this.#pending.shift();
          if (head.statement) head.statement.columns = [];
          if (head.portal) head.portal.columns = [];
          if (head.swallow) return;
        }
        out.push(frame.raw);
        return;
      case BACKEND.commandComplete:
      case BACKEND.emptyQuery:
      case BACKEND.portalSuspended: {
        const tag = frame.type === BACKEND.commandComplete ? (decodeBackendMessage(frame.raw) as CommandCompleteMessage).text : "";
        if (head?.kind === "query") {
          head.run.complete(tag);
          head.plan = null;
        } else if (head?.kind === "execute") {
          this.#pending.shift();
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
        this.#pending.shift();
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
          if (text) out.push(frame.body.length > 0 ? frameMessage(BACKEND.copyData, Buffer.from(text, this.#encoding)) : frame.raw);
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
        const { raw } = maskNoticeFrame(frame.type, frame.body, this.#resultMasker, this.#encoding);
        out.push(raw ?? frame.raw);
        return;
      }
      case BACKEND.notification:
        out.push(rewriteNotification(frame.body, this.#resultMasker, this.#encoding, this.#o.pids) ?? frame.raw);
        return;
      case BACKEND.parameterStatus: {
        const nul = frame.body.indexOf(0);
        if (frame.body.toString("latin1", 0, nul) === "client_encoding") {
          const value = frame.body.toString("latin1", nul + 1, frame.body.length - 1);
          this.#encoding = /^(utf-?8|unicode)$/i.test(value) ? "utf8" : "latin1";
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
    const needColumns = head?.kind === "describe" || (head?.kind === "query" && !this.#resultMasker.idle);
    const columns = needColumns ? toColumns(decodeBackendMessage(frame.raw) as RowDescriptionMessage) : undefined;
    if (head?.kind === "query") {
      head.plan = columns ? this.#resultMasker.plan(columns) : null;
    } else if (head?.kind === "describe") {
      this.#pending.shift();
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
    if (!portal || this.#resultMasker.idle) return null;
    if (portal.plan !== undefined && portal.planMasker === this.#resultMasker) return portal.plan;
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
    portal.plan = this.#resultMasker.plan(columns);
    portal.planMasker = this.#resultMasker;
    return portal.plan;
  }

  #onUpstreamError(frame: Frame, head: Pending | undefined, out: Buffer[]): void {
    this.#endCopyOut(out);
    if (head && (head.kind === "query" || head.kind === "parse") && head.refusal) {
      out.push(errorResponse(head.refusal));
      if (head.kind === "parse") {
        this.#pending.shift();
        this.#forget(this.#pending.dropUntilSync());
      } else {
        head.plan = null;
      }
      return;
    }
    const { raw, fields } = maskNoticeFrame(frame.type, frame.body, this.#resultMasker, this.#encoding);
    out.push(raw ?? frame.raw);
    const error = { code: noticeField(fields, "C") ?? "XX000", message: maskForRecording(this.#rules, noticeField(fields, "M") ?? "") };
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
    this.#pending.shift();
    this.#forget(this.#pending.dropUntilSync());
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
    this.#transactionStatus = String.fromCharCode(frame.body[0] ?? 0x49) as TransactionStatus;
    this.#endCopyOut(out);
    // Entries the server skipped after an error never get answers; they end here.
    for (let head = this.#pending.shift(); head; head = this.#pending.shift()) {
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
    const masker = this.#resultMasker;
    const binary = frame.body[0] === 1;
    if (masker.hasColumnRules || (binary && masker.detectsValues)) {
      // Admission refuses such COPY statements; reaching here means one slipped through
      // (e.g. inside a function), so the session ends rather than pass unmasked data.
      this.end("error", { severity: "FATAL", code: "42501", message: "Airlock ended the session: COPY output that cannot be masked was requested." });
      return;
    }
    if (masker.detectsValues) {
      const run = head?.kind === "query" || head?.kind === "execute" ? head.run : undefined;
      this.#copyOut = { stream: masker.createStream(), decoder: new StringDecoder(this.#encoding), run };
    }
    out.push(frame.raw);
  }

  #endCopyOut(out: Buffer[]): void {
    const copy = this.#copyOut;
    if (!copy) return;
    this.#copyOut = null;
    const rest = copy.stream.push(copy.decoder.end()) + copy.stream.flush();
    if (rest) out.push(frameMessage(BACKEND.copyData, Buffer.from(rest, this.#encoding)));
    copy.run?.tally.add(copy.stream.findings);
  }

  #finishRun(run: StatementRun, outcome?: "refused"): void {
    const payload = run.finish();
    if (!payload) return;
    this.#o.record({ type: "sql.statement", payload: payload as unknown as Record<string, unknown> });
    if (!run.tally.empty) this.#o.record({ type: "mask.applied", payload: { direction: "response", findings: run.tally.toFindings() } });
    this.#o.onStatement?.(outcome ?? (payload.error ? "error" : "ok"));
  }

  #upstreamGone(): void {
    if (this.#ended) return;
    // Whatever the server said last (usually a FATAL error) has been relayed already.
    this.#pumpUpstream();
    this.end("upstream_closed");
  }

  #protocolFailure(error: unknown): void {
    const message = error instanceof ProtocolError ? error.message : "invalid message";
    this.end("error", { severity: "FATAL", code: "08P01", message: `Airlock closed the connection: protocol violation (${message}).` });
  }

  #internalFailure(_error: unknown): void {
    this.end("error", { severity: "FATAL", code: "XX000", message: "Airlock closed the connection after an internal error." });
  }
}

function toColumns(message: RowDescriptionMessage): ColumnInfo[] {
  return message.fields.map((field) => ({ name: field.name, typeOid: field.dataTypeID, format: field.format === "binary" ? 1 : 0 }));
}
