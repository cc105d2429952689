"use client";
import { useEffect, useState } from "react";

/**
 * The value, once it has stopped changing for `delayMs` (for previews that call the server).
 * Values are compared by their JSON form, so a caller may build a fresh object on every render
 * without restarting the timer; the value must therefore be JSON-serialisable.
 */
export function useDebouncedValue<T>(value: T, delayMs: number): T {
  const key = JSON.stringify(value) ?? "undefined";
  const [settled, setSettled] = useState(() => ({ key, value }));
  useEffect(() => {
    if (key === settled.key) return;
    const timer = setTimeout(() => setSettled({ key, value }), delayMs);
    return () => clearTimeout(timer);
    // `value` belongs to the same render as `key`; the key alone decides when to restart.
  }, [key, delayMs]);
  return settled.value;
}
