// The relay for one established client session: client messages are checked and forwarded (this
// file); upstream messages are attributed to what they answer, masked where needed and passed back
// (upstream-answers.ts). Flow control and the session's end live here too. Refused statements are not answered by the gateway itself: a placeholder that
// cannot parse is sent upstream in the statement's place and the server's error is replaced by
// ours. PostgreSQL therefore applies its own error semantics — the implicit transaction of a
// pipeline rolls back, an explicit one becomes aborted, the rest of the batch is skipped until
// Sync, ReadyForQuery carries the right status — and ordering among pipelined answers stays exact.
import type { Duplex } from "node:stream";
import type { SqlStatementPayload } from "@airlock/recording";
import type { RecordedEventInput } from "../../recorder/types";
import {
  decodeBind,
  decodeExecute,
  decodeFrontendMessage,
  decodeParse,
  decodeQuery,
  errorResponse,
  FRONTEND,
  joinBuffers,
  ProtocolError,
  serialize,
  type ErrorSpec,
  type Frame,
  type FrameReader,
  type TransactionStatus,
} from "../codec";
import type { Pending, Portal, PreparedStatement } from "./pending-queue";
import { recordedParams } from "./recording-text";
import type { ClientEncoding } from "./result-masker";
import { admitStatement, type Admission, type AdmissionContext, type SessionPolicy } from "./statement-admission";
import { StatementRun } from "./statement-run";
import { SessionEndingError, UpstreamAnswers } from "./upstream-answers";

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
  readonly #answers: UpstreamAnswers;
  readonly #statements = new Map<string, PreparedStatement>();
  readonly #portals = new Map<string, Portal>();
  /** The rules in force, as the latest statement's admission brought them. */
  #policy: SessionPolicy;
  #toUpstream: Buffer[] = [];
  #discardUntilSync = false;
  #holding = false;
  /** The statement decision being waited for, if any; the session's end waits for it to settle. */
  #inFlight: Promise<void> | null = null;
  /** Aborts a statement's wait for approval (cancel, disconnect). One per session, renewed after use. */
  #decisions = new AbortController();
  #waitingForDecision = false;
  #ended = false;
  /** While an upstream chunk is answered: its finished statements, recorded after the answer is written. */
  #unrecorded: { payload: SqlStatementPayload; outcome: "refused" | undefined }[] | null = null;
  readonly #clientPauses = new Set<"hold" | "upstream">();

  constructor(options: RelayOptions) {
    this.#o = options;
    this.#policy = options.policy;
    this.#answers = new UpstreamAnswers({
      policy: () => this.#policy,
      encoding: options.encoding,
      pids: options.pids,
      finishRun: (run) => this.#finishRun(run),
    });
  }

  get transactionStatus(): TransactionStatus {
    return this.#answers.transactionStatus;
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
    // The session's end is recorded last: statements answered just before it come first.
    this.#recordUnrecorded();
    this.#decisions.abort();
    for (const pending of this.#answers.pending.clear()) {
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
        return this.#onQuery(decodeQuery(frame.body, this.#answers.encoding), frame.raw);
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
        this.#answers.pending.push({ kind: "sync" });
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
        this.#answers.pending.push({ kind: "query", run, refusal, plan: null });
        return;
      }
      default:
        // Decoding names the problem (unknown type, password message out of place...).
        decodeFrontendMessage(frame, this.#answers.encoding);
        throw new ProtocolError(`unexpected message type ${String.fromCharCode(frame.type)} after startup`);
    }
  }

  #onQuery(sql: string, raw: Buffer): Promise<void> | void {
    return this.#admit(sql, (admission) => {
      if (admission.action === "terminate") return this.#terminate(admission.error);
      const run = new StatementRun(admission.masked, [], admission.classes);
      if (admission.action === "forward") {
        this.#send(raw);
        this.#answers.pending.push({ kind: "query", run, plan: null });
      } else {
        this.#refuseRun(run, admission.error);
        this.#send(PLACEHOLDER_QUERY);
        this.#answers.pending.push({ kind: "query", run, refusal: admission.error, plan: null });
      }
    });
  }

  #onParse(frame: Frame): Promise<void> | void {
    const parse = decodeParse(frame.body, this.#answers.encoding);
    return this.#admit(parse.query, (admission) => {
      if (admission.action === "terminate") return this.#terminate(admission.error);
      const statement: PreparedStatement = { sql: parse.query, run: { text: admission.masked, classes: admission.classes }, describeRequested: false };
      if (admission.action === "forward") {
        this.#statements.set(parse.name, statement);
        this.#send(frame.raw);
        this.#answers.pending.push({ kind: "parse", statement });
        return;
      }
      // PostgreSQL drops the unnamed statement when a new Parse for it arrives, even a failing one.
      if (parse.name === "") this.#statements.delete("");
      this.#refuseRun(new StatementRun(admission.masked, [], admission.classes), admission.error);
      this.#send(serialize.parse({ name: parse.name, text: PLACEHOLDER_SQL, types: [] }));
      this.#answers.pending.push({ kind: "parse", statement, refusal: admission.error });
      this.#discardUntilSync = true;
    });
  }

  #onBind(frame: Frame): void {
    const bind = decodeBind(frame.body, this.#answers.encoding);
    const portal: Portal = {
      statement: this.#statements.get(bind.statement),
      resultFormats: bind.resultFormats,
      params: recordedParams(this.#policy.rules, bind.params, bind.paramFormats, this.#answers.encoding),
      describeRequested: false,
    };
    this.#portals.set(bind.portal, portal);
    this.#send(frame.raw);
    this.#answers.pending.push({ kind: "bind" });
  }

  #onDescribe(frame: Frame): void {
    const message = decodeFrontendMessage(frame, this.#answers.encoding);
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
    this.#answers.pending.push(pending);
  }

  #onExecute(frame: Frame): void {
    const { portal: name } = decodeExecute(frame.body, this.#answers.encoding);
    const portal = this.#portals.get(name);
    const layoutKnownOrAsked = portal && (portal.columns || portal.describeRequested || portal.statement?.columns || portal.statement?.describeRequested);
    if (portal && !this.#policy.resultMasker.idle && !layoutKnownOrAsked) {
      // Masking needs the column names and types; this client did not ask for them, so the
      // gateway does, and keeps the answer to itself.
      portal.describeRequested = true;
      this.#send(serialize.describe({ type: "P", name }));
      this.#answers.pending.push({ kind: "describe", target: "P", portal, swallow: true });
    }
    const statement = portal?.statement;
    const run = new StatementRun(statement?.run.text ?? "<unknown portal>", portal?.params ?? [], statement?.run.classes ?? []);
    this.#send(frame.raw);
    this.#answers.pending.push({ kind: "execute", portal, run });
  }

  #onClose(frame: Frame): void {
    const message = decodeFrontendMessage(frame, this.#answers.encoding);
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
    this.#answers.pending.push({ kind: "close" });
  }

  /**
   * Decides on a statement and hands the decision to `act`: in the same turn when admission needs
   * no waiting (the usual case), else once it settles, with the client's later messages held.
   */
  #admit(sql: string, act: (admission: Admission) => void): Promise<void> | void {
    const decided = (admission: Admission) => {
      if (admission.action !== "terminate") this.#policy = admission.policy;
      act(admission);
    };
    let admission: Admission | Promise<Admission>;
    try {
      admission = admitStatement(this.#o.admission, sql, this.#decisions.signal);
    } catch (error) {
      return this.#internalFailure(error);
    }
    if (!(admission instanceof Promise)) return decided(admission);
    this.#waitingForDecision = true;
    return admission
      .finally(() => {
        this.#waitingForDecision = false;
      })
      .then(decided);
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
    const data = joinBuffers(this.#toUpstream);
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
    // Statements completed by this chunk are recorded once the answer is on its way (finally).
    this.#unrecorded = [];
    try {
      try {
        for (let frame = this.#o.upstreamReader.next(); frame; frame = this.#o.upstreamReader.next()) {
          this.#answers.handle(frame, out);
          if (this.#ended) return;
        }
      } catch (error) {
        if (out.length > 0) this.#o.client.write(joinBuffers(out));
        const spec: ErrorSpec =
          error instanceof SessionEndingError
            ? error.spec
            : { severity: "FATAL", code: "08P01", message: `Airlock cannot relay this session: the upstream broke the protocol (${(error as Error).message}).` };
        this.end("error", spec);
        return;
      }
      if (out.length === 0 || !this.#o.client.writable) return;
      if (!this.#o.client.write(joinBuffers(out))) {
        this.#o.upstream.pause();
        this.#o.client.once("drain", () => this.#o.upstream.resume());
      }
    } finally {
      this.#recordUnrecorded();
    }
  }

  #finishRun(run: StatementRun, outcome?: "refused"): void {
    const payload = run.finish();
    if (!payload) return;
    if (this.#unrecorded) this.#unrecorded.push({ payload, outcome });
    else this.#recordRun(payload, outcome);
  }

  #recordUnrecorded(): void {
    const runs = this.#unrecorded;
    this.#unrecorded = null;
    if (runs) for (const { payload, outcome } of runs) this.#recordRun(payload, outcome);
  }

  #recordRun(payload: SqlStatementPayload, outcome: "refused" | undefined): void {
    this.#o.record({ type: "sql.statement", payload: payload as unknown as Record<string, unknown> });
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

