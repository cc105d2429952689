import type { RecordedEvent } from "./events";

const SQL_TITLE_LENGTH = 80;

/** A one-line, human-readable title for a replay step. */
export function describeEvent(event: RecordedEvent): string {
  switch (event.type) {
    case "session.start": {
      const who = event.payload.identity.name ?? event.payload.identity.id;
      return `Session started by ${who} on ${event.payload.connection.name}`;
    }
    case "exchange.request": {
      const model = event.payload.model === null ? "" : ` (${event.payload.model})`;
      return `${event.payload.method} ${event.payload.path}${model}`;
    }
    case "exchange.decision": {
      const masked = event.payload.masking.findings.reduce((sum, f) => sum + f.count, 0);
      return `Decision: ${event.payload.guardrail.verdict}${masked > 0 ? `, ${masked} value(s) masked` : ""}`;
    }
    case "exchange.response":
      return `Response ${event.payload.status}${event.payload.stream ? " (streaming)" : ""}`;
    case "exchange.chunks":
      return `${event.payload.deltas.length} streamed chunk(s)`;
    case "exchange.end": {
      if (event.payload.error !== undefined) return `Exchange failed: ${event.payload.error.message}`;
      const usage = event.payload.usage;
      const tokens = usage === null ? "" : `, ${usage.inputTokens} in / ${usage.outputTokens} out tokens`;
      return `Exchange finished in ${event.payload.latencyMs} ms${tokens}`;
    }
    case "guardrail.block":
      return `Blocked by ${event.payload.ruleName ?? event.payload.ruleId}: ${event.payload.reason}`;
    case "mask.applied": {
      const masked = event.payload.findings.reduce((sum, f) => sum + f.count, 0);
      return `${masked} value(s) masked in the ${event.payload.direction}`;
    }
    case "approval.pending":
      return event.payload.joined === true ? "Joined a pending approval" : "Waiting for approval";
    case "approval.approved": {
      const scope = event.payload.mode === "grant" ? " for a time window" : " once";
      return `Approved${scope} by ${event.payload.reviewer.name ?? event.payload.reviewer.id}`;
    }
    case "approval.denied":
      return `Denied by ${event.payload.reviewer.name ?? event.payload.reviewer.id}: ${event.payload.reason}`;
    case "approval.expired":
      return "Approval expired without a decision";
    case "approval.abandoned":
      return `Approval abandoned: ${event.payload.reason}`;
    case "sql.statement": {
      const text = event.payload.text.replace(/\s+/g, " ").trim();
      const short = text.length > SQL_TITLE_LENGTH ? `${text.slice(0, SQL_TITLE_LENGTH - 1)}…` : text;
      return event.payload.error === undefined ? short : `${short} (failed: ${event.payload.error.message})`;
    }
    case "sql.statements":
      return `${event.payload.statements.length} SQL statement(s)`;
    case "session.seal":
      return `Integrity seal over ${event.payload.exchanges.length} exchange(s)`;
    case "session.end":
      return `Session ended (${event.payload.reason.replace(/_/g, " ")})`;
    case "error":
      return `Error: ${event.payload.message}`;
  }
}
