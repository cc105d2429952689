"use client";
import { useEffect, useMemo, useRef, useState } from "react";
import type { ReplayStep } from "@/hooks/use-sessions";
import { Notice } from "../ui/alert";
import { Button } from "../ui/button";
import { CheckboxField, controlClass } from "../ui/field";
import { formatClock } from "../ui/time";
import { ReplayEntry } from "./replay-entry";
import { buildTranscript, SPEEDS, streamedChains, timeSteps, visibleCount } from "./replay-model";
import { usePlayback } from "./use-playback";

/** Idle stretches longer than this are shortened when "Skip idle gaps" is on. */
const MAX_IDLE_GAP_MS = 2_000;

export function ReplayPlayer({ steps, truncated }: { steps: ReplayStep[]; truncated: boolean }) {
  const [skipIdle, setSkipIdle] = useState(true);
  const timed = useMemo(() => timeSteps(steps, skipIdle ? MAX_IDLE_GAP_MS : null), [steps, skipIdle]);
  const duration = timed.at(-1)?.at ?? 0;
  const { playhead, playing, speed, setSpeed, play, pause, seek } = usePlayback(duration);
  const shown = visibleCount(timed, playhead);
  const transcript = useMemo(() => buildTranscript(timed.slice(0, shown).map((t) => t.step)), [timed, shown]);
  const streamed = useMemo(() => streamedChains(transcript), [transcript]);
  const listEnd = useRef<HTMLLIElement>(null);

  useEffect(() => {
    if (playing) listEnd.current?.scrollIntoView({ block: "nearest" });
  }, [shown, playing]);

  const stepForward = () => {
    pause();
    const next = timed[shown];
    if (next) seek(next.at);
  };

  return (
    <section aria-label="Replay" className="space-y-4">
      <div className="sticky top-12 z-10 flex flex-wrap items-center gap-3 rounded-lg border border-zinc-200 bg-white/95 p-3 backdrop-blur dark:border-zinc-800 dark:bg-zinc-900/95">
        {playing ? (
          <Button variant="primary" onClick={pause} aria-label="Pause">
            Pause
          </Button>
        ) : (
          <Button variant="primary" onClick={play} aria-label="Play" disabled={steps.length === 0}>
            Play
          </Button>
        )}
        <Button onClick={stepForward} disabled={shown >= timed.length} aria-label="Step forward">
          Step
        </Button>
        <Button
          variant="ghost"
          onClick={() => {
            pause();
            seek(0);
          }}
        >
          Restart
        </Button>
        <Button
          variant="ghost"
          onClick={() => {
            pause();
            seek(duration);
          }}
        >
          Show all
        </Button>
        <label className="flex items-center gap-2 text-sm">
          Speed
          <select aria-label="Speed" value={speed} onChange={(e) => setSpeed(Number(e.target.value))} className={`${controlClass} w-auto py-1`}>
            {SPEEDS.map((s) => (
              <option key={s} value={s}>
                {s}×
              </option>
            ))}
          </select>
        </label>
        <input
          type="range"
          aria-label="Position"
          min={0}
          max={Math.max(duration, 1)}
          step={1}
          value={playhead}
          onChange={(e) => {
            pause();
            seek(Number(e.target.value));
          }}
          className="min-w-40 flex-1 accent-indigo-600"
        />
        <span className="font-mono text-xs tabular-nums text-zinc-500" aria-label="Playback time">
          {formatClock(playhead)} / {formatClock(duration)}
        </span>
        <span className="text-xs text-zinc-500" aria-live="polite">
          {shown} / {timed.length} steps
        </span>
        <CheckboxField label="Skip idle gaps" checked={skipIdle} onChange={(e) => setSkipIdle(e.target.checked)} />
      </div>
      {truncated ? <Notice tone="warning">This session is long; the replay shows its first 20,000 steps.</Notice> : null}
      <ol aria-label="Timeline" className="space-y-3">
        {transcript.map((entry) => (
          <ReplayEntry key={entry.key} entry={entry} streamedChains={streamed} />
        ))}
        <li ref={listEnd} aria-hidden />
      </ol>
      {playhead === 0 && !playing && steps.length > 1 ? <p className="text-sm text-zinc-500">Press Play to replay the session at its recorded pace.</p> : null}
    </section>
  );
}
