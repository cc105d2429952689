"use client";
import { useEffect, useRef } from "react";

export interface InboxKeys {
  next(): void;
  previous(): void;
  approve(): void;
  approveFor(): void;
  deny(): void;
}

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName) || el.closest("dialog[open]") !== null;
}

/** j/k/a/g/d on the page, ignored while typing or while a dialog is open. */
export function useInboxShortcuts(keys: InboxKeys, enabled: boolean) {
  const latest = useRef(keys);
  useEffect(() => {
    latest.current = keys;
  });
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.metaKey || e.ctrlKey || e.altKey || isTyping(e.target) || document.querySelector("dialog[open]")) return;
      const action = { j: "next", k: "previous", a: "approve", g: "approveFor", d: "deny" }[e.key] as keyof InboxKeys | undefined;
      if (!action) return;
      e.preventDefault();
      latest.current[action]();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [enabled]);
}
