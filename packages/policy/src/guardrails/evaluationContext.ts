import { classifySql } from "../sql/classifySql";
import type { ClassifiedStatement } from "../sql/sqlClass";
import { argumentTexts } from "./toolArguments";
import type { GuardrailInput } from "./types";

/** One evaluation's input plus work shared between rules (SQL parsed once, arguments decoded once). */
export class EvaluationContext {
  private statements: readonly ClassifiedStatement[] | undefined;
  private readonly decoded = new Map<string, string[]>();

  constructor(readonly input: GuardrailInput) {}

  sqlStatements(): readonly ClassifiedStatement[] {
    this.statements ??= this.input.sqlStatements ?? (this.input.sql ? classifySql(this.input.sql) : []);
    return this.statements;
  }

  argumentTexts(raw: string): string[] {
    let texts = this.decoded.get(raw);
    if (texts === undefined) {
      texts = argumentTexts(raw);
      this.decoded.set(raw, texts);
    }
    return texts;
  }
}
