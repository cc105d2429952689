// Rule validation and live preview run the gateway's own code (@airlock/policy): a rule that the
// console accepts is one the gateway can compile, and the preview shows exactly what it will do.
import {
  compileApprovalPolicies,
  compileGuardrails,
  compileMasker,
  type ApprovalPolicySpec,
  type GuardrailInput,
  type GuardrailRuleSpec,
  type MaskingRuleSpec,
} from "@airlock/policy";
import { badRequest } from "../errors";

type Direction = "request" | "response";

/** The policy package reports bad rules and unsafe regexes with messages written for the author. */
function asBadRequest<T>(what: string, build: () => T): T {
  try {
    return build();
  } catch (err) {
    const name = (err as Error)?.name;
    if (name === "UserRegexError" || name === "RuleCompileError" || err instanceof TypeError || err instanceof RangeError || err instanceof SyntaxError) {
      throw badRequest(`${what}: ${(err as Error).message}`);
    }
    throw err;
  }
}

export interface MaskingInput {
  id?: string;
  name: string;
  enabled: boolean;
  detector: string;
  pattern?: string | null;
  flags?: string | null;
  label?: string | null;
  directions: string[];
  style: MaskingRuleSpec["style"];
}

export function toMaskingSpec(rule: MaskingInput): MaskingRuleSpec {
  if (rule.detector === "regex" && !rule.pattern) throw badRequest("a regex rule needs a pattern");
  return {
    id: rule.id ?? "preview",
    name: rule.name,
    enabled: rule.enabled,
    detector: rule.detector as MaskingRuleSpec["detector"],
    ...(rule.pattern ? { pattern: rule.pattern } : {}),
    ...(rule.flags ? { flags: rule.flags } : {}),
    ...(rule.label ? { label: rule.label } : {}),
    directions: rule.directions as Direction[],
    style: rule.style,
  };
}

export function vetMaskingRule(rule: MaskingInput, hashKey: Uint8Array): void {
  const spec = toMaskingSpec({ ...rule, enabled: true });
  for (const direction of spec.directions) asBadRequest("masking rule", () => compileMasker([spec], { hashKey, direction }));
}

export function previewMasking(rule: MaskingInput, sample: string, direction: Direction, hashKey: Uint8Array) {
  const spec = toMaskingSpec({ ...rule, enabled: true, directions: [direction] });
  const masker = asBadRequest("masking rule", () => compileMasker([spec], { hashKey, direction }));
  const { text, findings } = masker.maskText(sample);
  return { text, findings: findings.map((f) => ({ detector: f.detector, start: f.start, end: f.end })) };
}

export interface GuardrailInputRule {
  id?: string;
  name: string;
  enabled: boolean;
  kind: GuardrailRuleSpec["kind"];
  directions: string[];
  builtin?: "shell" | "destructive_sql" | null;
  toolNames: string[];
  pattern?: string | null;
  flags?: string | null;
  models: string[];
  sqlClasses: string[];
}

const NEEDS: Record<GuardrailRuleSpec["kind"], (r: GuardrailInputRule) => string | null> = {
  tool_call: (r) => (r.builtin === "shell" || r.toolNames.length || r.pattern ? null : "a tool_call rule needs builtin 'shell', toolNames or a pattern"),
  prompt: (r) => (r.pattern ? null : "a prompt rule needs a pattern"),
  model_allowlist: (r) => (r.models.length ? null : "a model_allowlist rule needs models"),
  sql: (r) => (r.builtin === "destructive_sql" || r.sqlClasses.length || r.pattern ? null : "a sql rule needs builtin 'destructive_sql', sqlClasses or a pattern"),
};

export function toGuardrailSpec(rule: GuardrailInputRule): GuardrailRuleSpec {
  const missing = NEEDS[rule.kind](rule);
  if (missing) throw badRequest(missing);
  return {
    id: rule.id ?? "preview",
    name: rule.name,
    enabled: rule.enabled,
    kind: rule.kind,
    directions: rule.directions as Direction[],
    ...(rule.builtin ? { builtin: rule.builtin } : {}),
    toolNames: rule.toolNames,
    ...(rule.pattern ? { pattern: rule.pattern } : {}),
    ...(rule.flags ? { flags: rule.flags } : {}),
    models: rule.models,
    sqlClasses: rule.sqlClasses as GuardrailRuleSpec["sqlClasses"],
  };
}

export function vetGuardrailRule(rule: GuardrailInputRule): void {
  const spec = toGuardrailSpec({ ...rule, enabled: true });
  asBadRequest("guardrail rule", () => compileGuardrails([spec]));
}

export function previewGuardrail(rule: GuardrailInputRule, sample: GuardrailInput) {
  const spec = toGuardrailSpec({ ...rule, enabled: true });
  const guardrails = asBadRequest("guardrail rule", () => compileGuardrails([spec]));
  return guardrails.evaluate(sample);
}

export interface PolicyInput {
  id?: string;
  name: string;
  enabled: boolean;
  connectionIds: string[];
  identities: string[];
  models: string[];
  detectors: string[];
  pattern?: string | null;
  flags?: string | null;
  toolNames: string[];
  sqlClasses: string[];
}

export function vetApprovalPolicy(policy: PolicyInput): void {
  const spec: ApprovalPolicySpec = {
    id: policy.id ?? "new",
    name: policy.name,
    enabled: true,
    connectionIds: policy.connectionIds,
    identities: policy.identities,
    models: policy.models,
    detectors: policy.detectors as ApprovalPolicySpec["detectors"],
    ...(policy.pattern ? { pattern: policy.pattern } : {}),
    ...(policy.flags ? { flags: policy.flags } : {}),
    toolNames: policy.toolNames,
    sqlClasses: policy.sqlClasses as ApprovalPolicySpec["sqlClasses"],
  };
  asBadRequest("approval policy", () => compileApprovalPolicies([spec]));
}
