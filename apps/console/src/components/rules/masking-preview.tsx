"use client";
import { useDebouncedValue } from "@/hooks/use-debounced-value";
import { useMaskingPreview, type MaskingPreviewRequest } from "@/hooks/use-masking-rules";
import { MarkedText } from "../ui/marked-text";
import { Badge } from "../ui/badge";
import { TextAreaField } from "../ui/field";
import { PreviewOutcome, usePreviewAnswer } from "./live-preview";

const PREVIEW_DEBOUNCE_MS = 300;

/**
 * Runs the draft rule over the sample with the gateway's own masking code (debounced), and shows
 * what matched and the text as the upstream (or client) would receive it.
 */
export function MaskingPreview({ rule, sample, onSampleChange, onError }: {
  rule: MaskingPreviewRequest["rule"] | null;
  sample: string;
  onSampleChange: (s: string) => void;
  onError: (message: string | null) => void;
}) {
  const request = useDebouncedValue(rule && sample ? { rule, sample } : null, PREVIEW_DEBOUNCE_MS);
  const preview = useMaskingPreview(request);
  const answer = usePreviewAnswer(preview, onError);

  return (
    <div className="space-y-3">
      <TextAreaField
        label="Sample text"
        rows={4}
        value={sample}
        onChange={(e) => onSampleChange(e.target.value)}
        placeholder="Paste a prompt or a response, e.g. Contact jane.doe@example.com or +44 20 7946 0958"
      />
      <PreviewOutcome
        hasSample={sample !== ""}
        prompt="Paste a sample to see exactly what this rule masks."
        answer={answer}
        checking={preview.isFetching}
        busy={preview.isFetching}
        className="space-y-2"
      >
        {(result) => (
          <>
            <div>
              <p className="text-xs font-semibold uppercase tracking-wide text-zinc-500">
                Matches <Badge tone={result.findings.length ? "amber" : "neutral"}>{result.findings.length}</Badge>
              </p>
              <p aria-label="Matches in the sample" className="mt-1 whitespace-pre-wrap rounded-md border border-zinc-200 px-3 py-2 font-mono text-sm dark:border-zinc-700">
                <MarkedText text={sample} ranges={result.findings} />
              </p>
            </div>
            <div>
              <p className="text-xs font-semibold uppercase tracking-wide text-zinc-500">Masked result</p>
              <p aria-label="Masked result" className="mt-1 whitespace-pre-wrap rounded-md bg-zinc-100 px-3 py-2 font-mono text-sm dark:bg-zinc-800">
                {result.text}
              </p>
            </div>
          </>
        )}
      </PreviewOutcome>
    </div>
  );
}
