"use client";
// The held request as the reviewer sees it: masked, with the part the policy matched marked.
import type { Approval } from "@/hooks/use-approvals";
import { MarkedText } from "../ui/marked-text";
import { highlightsOf, statementHighlights } from "./held-highlights";

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Obj) : {});

export function HeldContent({ approval }: { approval: Approval }) {
  const content = obj(approval.maskedContent);
  const highlights = highlightsOf(approval.highlights);
  const inText = (index: number) => highlights.filter((h) => h.textIndex === index);

  if (typeof content.sql === "string") {
    return (
      <pre aria-label="Held statement" className="overflow-x-auto whitespace-pre-wrap rounded-md bg-zinc-900 px-3 py-2 font-mono text-xs text-zinc-100 dark:bg-black">
        <MarkedText text={content.sql} ranges={statementHighlights(highlights)} markClassName="px-0.5" />
      </pre>
    );
  }

  const messages = Array.isArray(content.messages) ? content.messages.map(obj) : [];
  if (messages.length > 0) {
    // Highlight offsets index the request's non-empty texts in order, which are its messages' texts.
    let textIndex = -1;
    return (
      <ol aria-label="Held prompt" className="space-y-1.5">
        {messages.map((m, i) => {
          const text = typeof m.text === "string" ? m.text : "";
          if (text) textIndex += 1;
          return (
            <li key={i} className="rounded-md bg-zinc-100 px-3 py-2 text-sm dark:bg-zinc-800">
              <span className="mr-2 text-xs font-semibold uppercase tracking-wide text-zinc-500">{typeof m.role === "string" ? m.role : "message"}</span>
              <span className="whitespace-pre-wrap break-words">{text ? <MarkedText text={text} ranges={inText(textIndex)} markClassName="px-0.5" /> : <em>(no text)</em>}</span>
            </li>
          );
        })}
      </ol>
    );
  }

  return (
    <pre aria-label="Held request" className="overflow-x-auto rounded-md bg-zinc-100 px-3 py-2 font-mono text-xs dark:bg-zinc-800">
      {JSON.stringify(approval.maskedContent, null, 2)}
    </pre>
  );
}
