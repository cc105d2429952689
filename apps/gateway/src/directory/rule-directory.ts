// Compiled masking and guardrail rules per connection (rules with no connection apply to all).
// Compiling is the expensive part, so the compiled objects are cached and rebuilt only after a
// configuration change or the TTL.
import type { Db } from "@airlock/db";
import {
  compileGuardrails,
  compileMasker,
  type Direction,
  type GuardrailRuleSpec,
  type MaskingRuleSpec,
} from "@airlock/policy";
import { TtlCache } from "../cache/ttl-cache";
import { GatewayError } from "../errors";
import { withDirections } from "../providers/guard";
import type { ConnectionRules, RuleDirectory } from "../services";

type MaskingRow = Awaited<ReturnType<Db["maskingRule"]["findMany"]>>[number];
type GuardrailRow = Awaited<ReturnType<Db["guardrailRule"]["findMany"]>>[number];

function directions(values: string[]): Direction[] {
  return values.filter((v): v is Direction => v === "request" || v === "response");
}

export function toMaskingSpec(row: MaskingRow): MaskingRuleSpec {
  return {
    id: row.id,
    name: row.name,
    enabled: row.enabled,
    detector: row.detector as MaskingRuleSpec["detector"],
    ...(row.pattern ? { pattern: row.pattern } : {}),
    ...(row.flags ? { flags: row.flags } : {}),
    ...(row.label ? { label: row.label } : {}),
    directions: directions(row.directions),
    style: row.style,
  };
}

function compiledGuardrails(specs: GuardrailRuleSpec[]) {
  return withDirections(compileGuardrails(specs), specs);
}

export function toGuardrailSpec(row: GuardrailRow): GuardrailRuleSpec {
  return {
    id: row.id,
    name: row.name,
    enabled: row.enabled,
    kind: row.kind as GuardrailRuleSpec["kind"],
    directions: directions(row.directions),
    ...(row.builtin ? { builtin: row.builtin as NonNullable<GuardrailRuleSpec["builtin"]> } : {}),
    ...(row.toolNames.length ? { toolNames: row.toolNames } : {}),
    ...(row.pattern ? { pattern: row.pattern } : {}),
    ...(row.flags ? { flags: row.flags } : {}),
    ...(row.models.length ? { models: row.models } : {}),
    ...(row.sqlClasses.length ? { sqlClasses: row.sqlClasses as NonNullable<GuardrailRuleSpec["sqlClasses"]> } : {}),
  };
}

export class CachedRuleDirectory implements RuleDirectory {
  readonly #cache: TtlCache<string, ConnectionRules>;

  constructor(
    private readonly db: Db,
    private readonly hashKey: Buffer,
    ttlMs: number,
  ) {
    this.#cache = new TtlCache(ttlMs);
  }

  forConnection(connectionId: string): Promise<ConnectionRules> {
    return this.#cache.get(connectionId, (id) => this.#load(id));
  }

  clear(): void {
    this.#cache.clear();
  }

  /** Rules that do not cover `direction`, compiled to apply to it (for recordings only). */
  #otherDirection(specs: MaskingRuleSpec[], direction: Direction) {
    const others = specs.filter((s) => !s.directions.includes(direction)).map((s) => ({ ...s, directions: [direction] }));
    // Placeholders cannot be restored in a recording: record the label instead.
    const styled = others.map((s) => (s.style === "pseudonym" ? { ...s, style: "label" as const } : s));
    return compileMasker(styled, { hashKey: this.hashKey, direction });
  }

  async #load(connectionId: string): Promise<ConnectionRules> {
    const scope = { enabled: true, OR: [{ connectionId: null }, { connectionId }] };
    const [masking, guardrails, connection] = await Promise.all([
      this.db.maskingRule.findMany({ where: scope, orderBy: [{ priority: "asc" }, { createdAt: "asc" }] }),
      this.db.guardrailRule.findMany({ where: scope, orderBy: { createdAt: "asc" } }),
      this.db.connection.findUnique({ where: { id: connectionId }, select: { options: true } }),
    ]);
    const options = (connection?.options ?? {}) as Record<string, unknown>;
    // A rule that cannot be compiled must not be skipped silently: the connection refuses traffic
    // (fail closed) with a message naming the problem, until an admin fixes the rule.
    try {
      const maskingSpecs = masking.map(toMaskingSpec);
      const pseudonymize = options.pseudonymize === true;
      // With reversible pseudonymisation on, everything masked on the way out becomes a
      // placeholder the gateway can put back in the response.
      const requestSpecs = pseudonymize ? maskingSpecs.map((s) => ({ ...s, style: "pseudonym" as const })) : maskingSpecs;
      return {
        requestMasker: compileMasker(requestSpecs, { hashKey: this.hashKey, direction: "request" }),
        responseMasker: compileMasker(maskingSpecs, { hashKey: this.hashKey, direction: "response" }),
        recordRequestMasker: this.#otherDirection(maskingSpecs, "request"),
        recordResponseMasker: this.#otherDirection(maskingSpecs, "response"),
        guardrails: compiledGuardrails(guardrails.map(toGuardrailSpec)),
        columnRules: masking
          .filter((r) => r.columns.length > 0)
          .map((r) => ({ columns: r.columns, label: r.label ?? r.detector.toUpperCase() })),
        pseudonymize,
      };
    } catch (error) {
      throw new GatewayError("internal_error", `The rules for this connection cannot be compiled: ${(error as Error).message}`);
    }
  }
}
