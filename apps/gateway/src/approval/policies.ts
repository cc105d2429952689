// Approval policies, compiled once and kept in memory: the common case (no policy matches) must cost
// no database round trip. The set is reloaded when the console announces a policy change on
// `airlock_config` (entity "policy"), after the LISTEN connection comes back, and on a slow timer.
import { compileApprovalPolicies, type ApprovalPolicySpec, type DetectorId, type SqlClass } from "@airlock/policy";
import type { ApprovalPolicy, Db } from "@airlock/db";
import type { Logger } from "pino";
import { onConfigChange } from "../cache/config-changes";
import type { Notifications } from "../services";

/** What the gate needs to know about a matched policy besides its matching criteria. */
export interface PolicyTerms {
  id: string;
  name: string;
  expiresInSeconds: number;
  approvalsRequired: number;
}

export interface PolicyMatch {
  policy: PolicyTerms;
  highlights: { start: number; end: number; textIndex: number }[];
}

export interface MatchInput {
  connectionId: string;
  identity: { id: string; label: string };
  model?: string;
  texts: string[];
  toolNames?: string[];
  sql?: string;
}

type Compiled = ReturnType<typeof compileApprovalPolicies>;

interface PolicySnapshot {
  compiled: Compiled;
  terms: Map<string, PolicyTerms>;
  /** Identity criteria are matched against the id first and the label second (see `match`). */
  anyIdentityCriteria: boolean;
}

export interface PolicySet {
  match(input: MatchInput): PolicyMatch | null;
  reload(): Promise<void>;
  close(): void;
}

function toSpec(row: ApprovalPolicy): ApprovalPolicySpec {
  return {
    id: row.id,
    name: row.name,
    enabled: row.enabled,
    connectionIds: row.connectionIds,
    identities: row.identities,
    models: row.models,
    // The console validates these against the policy package's lists before saving.
    detectors: row.detectors as DetectorId[],
    sqlClasses: row.sqlClasses as SqlClass[],
    toolNames: row.toolNames,
    ...(row.pattern ? { pattern: row.pattern, flags: row.flags ?? "" } : {}),
  };
}

/**
 * Compiles every policy. One that no longer compiles (a regex, detector or SQL class the policy
 * package now refuses) is kept with fewer criteria rather than dropped, so it holds MORE requests
 * instead of silently letting them through (fail closed): first without its pattern, then with
 * only its connection and identity scope.
 */
function compileFailClosed(specs: ApprovalPolicySpec[], logger: Logger): Compiled {
  try {
    return compileApprovalPolicies(specs);
  } catch {
    const repaired = specs.map((spec) => {
      const { pattern: _pattern, flags: _flags, ...withoutPattern } = spec;
      const scopeOnly: ApprovalPolicySpec = {
        id: spec.id,
        name: spec.name,
        enabled: spec.enabled,
        ...(spec.connectionIds ? { connectionIds: spec.connectionIds } : {}),
        ...(spec.identities ? { identities: spec.identities } : {}),
      };
      for (const candidate of [spec, withoutPattern, scopeOnly]) {
        try {
          compileApprovalPolicies([candidate]);
          if (candidate !== spec) logger.error({ policyId: spec.id }, "approval policy does not compile; holding on a broader match");
          return candidate;
        } catch {
          // try the next, broader variant
        }
      }
      return scopeOnly;
    });
    return compileApprovalPolicies(repaired);
  }
}

async function loadSnapshot(db: Db, logger: Logger): Promise<PolicySnapshot> {
  const rows = await db.approvalPolicy.findMany({ where: { enabled: true }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  const terms = new Map<string, PolicyTerms>();
  for (const row of rows) {
    terms.set(row.id, {
      id: row.id,
      name: row.name,
      expiresInSeconds: Math.max(1, row.expiresInSeconds),
      approvalsRequired: Math.max(1, row.approvalsRequired),
    });
  }
  return {
    compiled: compileFailClosed(rows.map(toSpec), logger),
    terms,
    anyIdentityCriteria: rows.some((r) => r.identities.length > 0),
  };
}

export async function loadPolicySet(opts: {
  db: Db;
  notifications: Notifications;
  logger: Logger;
  /** Safety net for a missed notification. */
  refreshIntervalMs?: number;
}): Promise<PolicySet> {
  const { db, notifications, logger } = opts;
  let snapshot = await loadSnapshot(db, logger);
  let loading: Promise<void> | null = null;
  let again = false;

  // Reloads are serialised; a change announced during a load triggers exactly one more load.
  const reload = (): Promise<void> => {
    if (loading) {
      again = true;
      return loading;
    }
    loading = (async () => {
      do {
        again = false;
        try {
          snapshot = await loadSnapshot(db, logger);
        } catch (err) {
          logger.error({ err: String(err) }, "reloading approval policies failed; keeping the previous set");
        }
      } while (again);
      loading = null;
    })();
    return loading;
  };

  // No entity means "anything may have changed" (e.g. the LISTEN connection was re-established).
  const unsubscribe = onConfigChange(notifications, (change) => {
    if (change.entity === undefined || change.entity === "policy") void reload();
  });
  const timer = setInterval(() => void reload(), opts.refreshIntervalMs ?? 60_000);
  timer.unref();

  return {
    match(input) {
      const { compiled, terms, anyIdentityCriteria } = snapshot;
      const ctx = {
        connectionId: input.connectionId,
        identity: input.identity.id,
        texts: input.texts,
        ...(input.model !== undefined ? { model: input.model } : {}),
        ...(input.toolNames !== undefined ? { toolNames: input.toolNames } : {}),
        ...(input.sql !== undefined ? { sql: input.sql } : {}),
      };
      // Policies may name an identity by id or by its human label (e-mail, service-account name).
      const hit =
        compiled.match(ctx) ??
        (anyIdentityCriteria && input.identity.label !== input.identity.id
          ? compiled.match({ ...ctx, identity: input.identity.label })
          : null);
      if (!hit) return null;
      const policy = terms.get(hit.policy.id);
      if (!policy) return null;
      return { policy, highlights: hit.highlights };
    },
    reload,
    close() {
      unsubscribe();
      clearInterval(timer);
    },
  };
}
