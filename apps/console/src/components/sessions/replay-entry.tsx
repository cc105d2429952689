"use client";
// One line of the replay transcript. Payloads come from the recorder (already masked); they are
// read defensively because an older or newer gateway may have recorded slightly different shapes.
import type { ReactNode } from "react";
import type { ReplayStep } from "@/hooks/use-sessions";
import { Badge, type Tone } from "../ui/badge";
import { formatClock } from "../ui/time";
import type { TranscriptEntry } from "./replay-model";

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === "object" && v !== null ? (v as Obj) : {});
const str = (v: unknown): string | null => (typeof v === "string" ? v : null);
const num = (v: unknown): number | null => (typeof v === "number" ? v : null);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function toneOf(type: string | null): Tone {
  if (!type) return "neutral";
  if (type === "guardrail.block" || type === "approval.denied" || type === "error") return "red";
  if (type.startsWith("approval.")) return type === "approval.approved" ? "green" : "amber";
  if (type === "mask.applied") return "indigo";
  if (type === "sql.statement") return "blue";
  return "neutral";
}

function Messages({ payload }: { payload: Obj }) {
  const messages = arr(payload.messages).map(obj);
  if (messages.length === 0) return null;
  return (
    <ul className="mt-2 space-y-1.5">
      {messages.map((m, i) => (
        <li key={i} className="rounded-md bg-zinc-100 px-3 py-2 text-sm dark:bg-zinc-800">
          <span className="mr-2 text-xs font-semibold uppercase tracking-wide text-zinc-500">{str(m.role) ?? "message"}</span>
          <span className="whitespace-pre-wrap break-words">{str(m.text) ?? ""}</span>
          {arr(m.toolCalls).map((c, j) => (
            <code key={j} className="mt-1 block text-xs text-zinc-600 dark:text-zinc-300">
              {str(obj(c).name)}({str(obj(c).arguments)})
            </code>
          ))}
        </li>
      ))}
    </ul>
  );
}

function Sql({ payload }: { payload: Obj }) {
  const rows = num(payload.rowCount);
  const error = str(obj(payload.error).message);
  return (
    <div className="mt-2 space-y-1">
      <pre className="overflow-x-auto rounded-md bg-zinc-900 px-3 py-2 font-mono text-xs text-zinc-100 dark:bg-black">{str(payload.text)}</pre>
      <p className="text-xs text-zinc-600 dark:text-zinc-400">
        {str(payload.command) ?? "statement"}
        {rows !== null ? ` · ${rows} row${rows === 1 ? "" : "s"}` : ""}
        {num(payload.durationMs) !== null ? ` · ${num(payload.durationMs)} ms` : ""}
        {error ? <span className="text-red-600 dark:text-red-400"> · failed: {error}</span> : null}
      </p>
    </div>
  );
}

function EndDetails({ payload, streamed }: { payload: Obj; streamed: boolean }) {
  const text = str(payload.text);
  const calls = arr(payload.toolCalls).map(obj);
  return (
    <>
      {!streamed && text ? (
        <p aria-label="Response text" className="mt-2 whitespace-pre-wrap rounded-md border border-zinc-200 px-3 py-2 text-sm dark:border-zinc-700">
          {text}
        </p>
      ) : null}
      {calls.map((c, i) => (
        <code key={i} className="mt-1 block text-xs text-zinc-600 dark:text-zinc-300">
          tool call: {str(c.name)}({str(c.arguments)})
        </code>
      ))}
    </>
  );
}

function details(step: ReplayStep, streamed: boolean): ReactNode {
  const payload = obj(step.payload);
  switch (step.type) {
    case "exchange.request":
      return <Messages payload={payload} />;
    case "sql.statement":
      return <Sql payload={payload} />;
    case "exchange.end":
      return <EndDetails payload={payload} streamed={streamed} />;
    case "approval.pending":
      return str(payload.justification) ? <p className="mt-1 text-xs italic">Justification: {str(payload.justification)}</p> : null;
    default:
      return null;
  }
}

export function ReplayEntry({ entry, streamedChains }: { entry: TranscriptEntry; streamedChains: Set<string> }) {
  if (entry.kind === "stream") {
    return (
      <li className="flex gap-3">
        <span className="w-14 shrink-0 pt-0.5 text-right font-mono text-xs text-zinc-400 tabular-nums">{formatClock(entry.offsetMs)}</span>
        <div className="min-w-0 flex-1 rounded-md border border-indigo-200 bg-indigo-50/60 px-3 py-2 dark:border-indigo-900 dark:bg-indigo-950/40">
          <p className="mb-1 text-xs font-semibold uppercase tracking-wide text-indigo-700 dark:text-indigo-300">
            Streamed response · {entry.chunks} chunk{entry.chunks === 1 ? "" : "s"}
            {entry.done ? "" : " …"}
          </p>
          <p aria-label="Streamed response" className="whitespace-pre-wrap break-words text-sm">
            {entry.text}
            {!entry.done ? <span aria-hidden className="ml-0.5 inline-block h-4 w-1.5 animate-pulse bg-indigo-500 align-middle" /> : null}
          </p>
        </div>
      </li>
    );
  }
  const { step } = entry;
  return (
    <li className="flex gap-3">
      <span className="w-14 shrink-0 pt-0.5 text-right font-mono text-xs text-zinc-400 tabular-nums">{formatClock(step.offsetMs)}</span>
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-center gap-2">
          <Badge tone={toneOf(step.type)}>{step.type}</Badge>
          <span className="text-sm">{step.title}</span>
        </div>
        {details(step, streamedChains.has(step.chainId ?? ""))}
      </div>
    </li>
  );
}
