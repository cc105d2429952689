"use client";
import { useCallback, useEffect, useRef, useState } from "react";

/**
 * A playback clock: while playing, the playhead advances with real time × speed (driven by
 * animation frames, so it pauses with the tab) and stops at the end.
 */
export function usePlayback(durationMs: number) {
  const [playhead, setPlayheadState] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState(1);
  // The frame loop reads and writes the playhead synchronously; state mirrors it for rendering.
  const position = useRef(0);
  const setPlayhead = useCallback((ms: number) => {
    position.current = ms;
    setPlayheadState(ms);
  }, []);

  useEffect(() => {
    if (!playing) return;
    let frame = 0;
    let last: number | null = null;
    const tick = (now: number) => {
      const elapsed = last === null ? 0 : now - last;
      last = now;
      const next = Math.min(durationMs, position.current + elapsed * speed);
      setPlayhead(next);
      if (next >= durationMs) setPlaying(false);
      else frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [playing, speed, durationMs, setPlayhead]);

  const play = useCallback(() => {
    // Pressing play at the end starts over, like any media player.
    if (position.current >= durationMs) setPlayhead(0);
    setPlaying(true);
  }, [durationMs, setPlayhead]);
  const pause = useCallback(() => setPlaying(false), []);
  const seek = useCallback((ms: number) => setPlayhead(Math.max(0, Math.min(durationMs, ms))), [durationMs, setPlayhead]);

  return { playhead, playing, speed, setSpeed, play, pause, seek };
}
