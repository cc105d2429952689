"use client";
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { applyTheme, readChoice, writeChoice, type ResolvedTheme, type ThemeChoice } from "./theme-storage";

interface ThemeState {
  choice: ThemeChoice;
  theme: ResolvedTheme;
  setChoice(choice: ThemeChoice): void;
}

const ThemeContext = createContext<ThemeState | null>(null);
const DARK_QUERY = "(prefers-color-scheme: dark)";

export function ThemeProvider({ children }: { children: ReactNode }) {
  // The server cannot know the theme; ThemeScript already set the class, and the first effect syncs state.
  const [choice, setChoiceState] = useState<ThemeChoice>("system");
  const [systemDark, setSystemDark] = useState(false);
  // Until the stored choice is read, leave the class ThemeScript set alone (no flash of the wrong theme).
  const [synced, setSynced] = useState(false);

  useEffect(() => {
    setChoiceState(readChoice());
    setSynced(true);
    const media = window.matchMedia(DARK_QUERY);
    setSystemDark(media.matches);
    const onChange = (e: MediaQueryListEvent) => setSystemDark(e.matches);
    media.addEventListener("change", onChange);
    return () => media.removeEventListener("change", onChange);
  }, []);

  const theme: ResolvedTheme = choice === "system" ? (systemDark ? "dark" : "light") : choice;
  useEffect(() => {
    if (synced) applyTheme(theme);
  }, [synced, theme]);

  const setChoice = useCallback((next: ThemeChoice) => {
    writeChoice(next);
    setChoiceState(next);
  }, []);

  const value = useMemo(() => ({ choice, theme, setChoice }), [choice, theme, setChoice]);
  return <ThemeContext.Provider value={value}>{children}</ThemeContext.Provider>;
}

export function useTheme(): ThemeState {
  const state = useContext(ThemeContext);
  if (!state) throw new Error("useTheme must be used inside <ThemeProvider>");
  return state;
}
