// Runs before the first paint (inline in <head>) so a dark-theme user never sees a light flash:
// it applies the stored choice, or the system preference when there is none.
import { THEME_STORAGE_KEY } from "./theme-storage";

const script = `(function(){try{var s=localStorage.getItem(${JSON.stringify(THEME_STORAGE_KEY)});var d=s==="dark"||((s===null||s==="system")&&window.matchMedia("(prefers-color-scheme: dark)").matches);var e=document.documentElement;e.classList.toggle("dark",d);e.style.colorScheme=d?"dark":"light";}catch(_){}})();`;

export function ThemeScript() {
  return <script dangerouslySetInnerHTML={{ __html: script }} />;
}
