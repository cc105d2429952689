import { classifySql } from "../sql/classifySql";
import type { ClassifiedStatement } from "../sql/sqlClass";
import { argumentTexts } from "./toolArguments";
import type { GuardrailInput } from "./types";

/** One evaluation's input plus work shared between rules (SQL parsed once, arguments decoded once). */
export class EvaluationContext {
  private statements: ClassifiedStatement[] | undefined;
  private readonly decoded = new Map<string, string[]>();

  constructor(readonly input: GuardrailInput) {}

  sqlStatements(): ClassifiedStatement[] {
    this.statements ??= this.input.sql ? classifySql(this.input.sql) : [];
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
