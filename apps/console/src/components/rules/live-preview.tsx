"use client";
// The parts of a live preview both rule editors share: reporting the server's error to the editor,
// and the polite region that says what the preview is doing.
import { useEffect, type ReactNode } from "react";

/**
 * The preview's answer, or undefined while there is none or it failed. Errors (a bad regex, say)
 * are reported upwards as they change, so the editor can show them next to the field at fault.
 */
export function usePreviewAnswer<T>(preview: { data: T | undefined; error: Error | null; isError: boolean }, onError: (message: string | null) => void): T | undefined {
  const error = preview.error ? preview.error.message : null;
  useEffect(() => onError(error), [error, onError]);
  return preview.isError ? undefined : preview.data;
}

/** Announces the outcome: a prompt while there is no sample, the answer once there is one, "Checking…" meanwhile. */
export function PreviewOutcome<T>({ hasSample, prompt, answer, checking, className, busy, children }: {
  hasSample: boolean;
  prompt: string;
  answer: T | undefined;
  checking: boolean;
  className?: string;
  busy?: boolean;
  children: (answer: T) => ReactNode;
}) {
  return (
    <div aria-live="polite" aria-busy={busy} className={className}>
      {!hasSample ? (
        <p className="text-xs text-zinc-500">{prompt}</p>
      ) : answer ? (
        children(answer)
      ) : checking ? (
        <p className="text-xs text-zinc-500">Checking…</p>
      ) : null}
    </div>
  );
}
