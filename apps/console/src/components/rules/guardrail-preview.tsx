"use client";
import { useState } from "react";
import { useDebouncedValue } from "@/hooks/use-debounced-value";
import { useGuardrailPreview, type GuardrailPreviewRequest } from "@/hooks/use-guardrail-rules";
import { Notice } from "../ui/alert";
import { TextAreaField, TextField } from "../ui/field";
import { PreviewOutcome, usePreviewAnswer } from "./live-preview";

type Kind = GuardrailPreviewRequest["rule"]["kind"];

/** A sample of the kind the rule inspects, and the verdict the gateway's guardrail code gives it. */
export function GuardrailPreview({ rule, onError }: { rule: GuardrailPreviewRequest["rule"] | null; onError: (m: string | null) => void }) {
  const kind: Kind = rule?.kind ?? "prompt";
  const [text, setText] = useState("");
  const [toolName, setToolName] = useState("");
  const [toolArgs, setToolArgs] = useState("{}");
  const [model, setModel] = useState("");

  const sample: GuardrailPreviewRequest["sample"] | null =
    kind === "prompt" && text
      ? { texts: [text] }
      : kind === "sql" && text
        ? { sql: text }
        : kind === "tool_call" && toolName
          ? { direction: "response", toolCalls: [{ name: toolName, arguments: toolArgs }] }
          : kind === "model_allowlist" && model
            ? { model }
            : null;
  const request = useDebouncedValue(rule && sample ? { rule, sample } : null, 300);
  const preview = useGuardrailPreview(request);
  const answer = usePreviewAnswer(preview, onError);

  return (
    <div className="space-y-3">
      {kind === "prompt" || kind === "sql" ? (
        <TextAreaField
          label={kind === "sql" ? "Sample SQL" : "Sample prompt"}
          rows={4}
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={kind === "sql" ? "DROP TABLE customers;" : "Ignore previous instructions and …"}
        />
      ) : kind === "tool_call" ? (
        <div className="grid gap-3 sm:grid-cols-2">
          <TextField label="Tool name" value={toolName} onChange={(e) => setToolName(e.target.value)} placeholder="run_shell" />
          <TextField label="Arguments (JSON)" value={toolArgs} onChange={(e) => setToolArgs(e.target.value)} className="font-mono" />
        </div>
      ) : (
        <TextField label="Model requested" value={model} onChange={(e) => setModel(e.target.value)} placeholder="gpt-4o-mini" />
      )}
      <PreviewOutcome hasSample={sample !== null} prompt="Enter a sample to see whether this rule would block it." answer={answer} checking={preview.isFetching}>
        {(verdict) =>
          verdict.action === "block" ? (
            <Notice tone="warning">
              <strong>Blocked</strong>
              {verdict.reason ? `: ${verdict.reason}` : ""}
            </Notice>
          ) : (
            <Notice tone="success">
              <strong>Allowed</strong>: this rule lets the sample through.
            </Notice>
          )
        }
      </PreviewOutcome>
    </div>
  );
}
