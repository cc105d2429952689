import { compileRuleOrThrow } from "../errors";
import { createPseudonymizer, type Pseudonymizer } from "../pseudonym/pseudonymizer";
import { MaskEngine } from "./maskEngine";
import { compileMaskRule, hashKeyObject } from "./maskRule";
import { EngineStreamMasker } from "./streamMasker";
import type { CompileMaskerOptions, Finding, Masker, MaskingRuleSpec, StreamMasker } from "./types";

/**
 * Compiles the enabled rules that apply to `opts.direction` into a masker; compile once, then mask
 * many texts and streams. Throws RuleCompileError naming the rule when a rule is invalid.
 */
export function compileMasker(rules: readonly MaskingRuleSpec[], opts: CompileMaskerOptions): Masker {
  const hashKey = hashKeyObject(opts.hashKey);
  const compiled = rules
    .filter((rule) => rule.enabled && rule.directions.includes(opts.direction))
    .map((rule) => compileRuleOrThrow(rule, () => compileMaskRule(rule, hashKey)));
  const engine = new MaskEngine(compiled, opts.direction);
  // Without a caller's pseudonymizer, pseudonym rules get a fresh one per text or stream; other
  // rules never touch it, so they share one and the hot path allocates nothing for it.
  const needsOwn = compiled.some((rule) => rule.usesPseudonyms);
  const pseudonymsFor = (given: Pseudonymizer | undefined) => given ?? (needsOwn ? createPseudonymizer() : UNUSED);

  return {
    isEmpty: engine.isEmpty,
    maskText(text, pseudonyms) {
      if (engine.isEmpty || text.length === 0) return { text, findings: [] };
      const selected = engine.select(text, 0, text.length);
      if (selected.length === 0) return { text, findings: [] };
      const findings: Finding[] = [];
      const masked = engine.render(text, 0, text.length, selected, pseudonymsFor(pseudonyms), 0, findings);
      return { text: masked, findings };
    },
    createStream(pseudonyms, blockers) {
      const guarded = blockers !== undefined && !blockers.isEmpty ? blockers : null;
      if (engine.isEmpty && guarded === null) return passThroughStream();
      return new EngineStreamMasker(engine, pseudonymsFor(pseudonyms), guarded);
    },
  };
}

const UNUSED = createPseudonymizer();

function passThroughStream(): StreamMasker {
  return { findings: [], blocked: null, push: (delta) => delta, flush: () => "" };
}
