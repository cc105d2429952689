"use client";
import { useCallback, useState } from "react";

/** Form state kept as one object, changed a few fields at a time. */
export function useDraft<T extends object>(initial: T | (() => T)): [T, (patch: Partial<T>) => void] {
  const [draft, setDraft] = useState<T>(initial);
  const set = useCallback((patch: Partial<T>) => setDraft((d) => ({ ...d, ...patch })), []);
  return [draft, set];
}
