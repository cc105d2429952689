import { compileRuleOrThrow } from "../errors";
import { createPseudonymizer } from "../pseudonym/pseudonymizer";
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

  return {
    isEmpty: engine.isEmpty,
    maskText(text, pseudonyms) {
      if (engine.isEmpty || text.length === 0) return { text, findings: [] };
      const selected = engine.select(text, 0, text.length);
      if (selected.length === 0) return { text, findings: [] };
      const findings: Finding[] = [];
      const masked = engine.render(text, 0, text.length, selected, pseudonyms ?? createPseudonymizer(), 0, findings);
      return { text: masked, findings };
    },
    createStream(pseudonyms) {
      if (engine.isEmpty) return passThroughStream();
      return new EngineStreamMasker(engine, pseudonyms ?? createPseudonymizer());
    },
  };
}

function passThroughStream(): StreamMasker {
  return { findings: [], push: (delta) => delta, flush: () => "" };
}
