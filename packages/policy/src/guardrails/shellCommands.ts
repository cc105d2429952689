/**
 * The built-in "shell" guardrail: tools that run shell commands, and argument text that would do
 * harm in any tool. Arguments are normalised first the way a shell would read them, so quoting,
 * escaping and spacing tricks do not hide a command: `r'm' "-rf"`, `rm${IFS}-rf`, `r\m  -RF`,
 * full-width letters and zero-width characters all read as `rm -rf`.
 */

const SHELL_TOOL_NAME =
  /(?:^|_)(?:shell|bash|zsh|fish|sh|terminal|subprocess|powershell|pwsh|cmd|exec)(?:_|$)|^(?:run|execute|exec)_(?:command|cmd|script)s?$|^(?:os_)?system$/;

/** Whether a tool name (shell, run_command, runShellCommand, Execute-Command…) names a shell. */
export function isShellToolName(name: string): boolean {
  const normalized = name
    .normalize("NFKC")
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_");
  return SHELL_TOOL_NAME.test(normalized);
}

const SHELLS = "(?:ba|da|z|k|fi|tc|c)?sh";

const DANGEROUS: readonly { label: string; pattern: RegExp }[] = [
  { label: "rm -rf", pattern: /\brm\s(?:[^;&|]{0,200}\s)?(?:-[a-z]*r[a-z]*|--recursive)(?=\s|$|[;&|])/ },
  { label: "find -delete", pattern: /\bfind\s[^;&|]{0,200}\s-(?:delete\b|exec\s+rm\b)/ },
  {
    label: "curl … | sh",
    pattern: new RegExp(`\\b(?:curl|wget|fetch)\\b[^;&]{0,500}?\\|\\s*(?:sudo\\s+)?(?:env\\s+)?(?:${SHELLS}|python[0-9.]*|perl|ruby|node)\\b`),
  },
  { label: "sh <(curl …)", pattern: new RegExp(`(?:\\b${SHELLS}|\\bsource|\\.)\\s+<\\(\\s*(?:curl|wget)\\b`) },
  { label: "eval $(curl …)", pattern: /\beval\b[^;&|]{0,50}\$\(\s*(?:curl|wget)\b/ },
  { label: "/bin/sh", pattern: new RegExp(`/(?:usr/)?bin/(?:env\\s+)?${SHELLS}\\b`) },
  { label: "bash -c", pattern: new RegExp(`\\b${SHELLS}\\s+(?:-[a-z]+\\s+)*-[a-z]*c\\b`) },
  { label: "sudo", pattern: /\b(?:sudo|doas)\b/ },
  { label: "mkfs", pattern: /\bmkfs\b/ },
  { label: "dd if=", pattern: /\bdd\s[^;&|]{0,200}?\b(?:if|of)=/ },
  { label: "chmod 777", pattern: /\bchmod\s+(?:-[a-z]+\s+)*(?:0?777|[ugoa]*\+[rwx]*s|a\+rwx|ugo\+rwx)(?=\s|$|[;&|])/ },
  { label: "nc -e", pattern: /\b(?:nc|ncat|netcat)\b[^;&|]{0,200}?\s-[a-z]*[ec]\b/ },
  {
    label: "python -c with os.system",
    pattern: /\bpython[0-9.]*\s+(?:-[a-z]+\s+)*-c\b[\s\S]{0,2000}?(?:os\.system|os\.popen|os\.exec|subprocess|pty\.spawn|commands\.getoutput|__import__)/,
  },
  { label: "perl -e with system", pattern: /\b(?:perl|ruby)\s+(?:-[a-z]+\s+)*-e\b[\s\S]{0,2000}?\b(?:system|exec|spawn)\b/ },
  { label: "node -e with child_process", pattern: /\bnode\s+(?:-[a-z]+\s+)*-e\b[\s\S]{0,2000}?child_process/ },
  { label: "write to a raw disk", pattern: />\s*\/dev\/(?:sd|nvme|hd|xvd|vd)[a-z0-9]*/ },
];

/** `:(){ :|:& };:` and the same with any function name, spacing removed. */
const FORK_BOMB = /([a-z_][a-z0-9_]*|:)\(\)\{\1\|\1&\};?\1/;

/** The label of the first dangerous command found in `text`, or null. */
export function dangerousShellCommand(text: string): string | null {
  const canonical = shellCanonical(text);
  if (FORK_BOMB.test(canonical.replace(/\s+/g, ""))) return ":(){ :|:& };: (fork bomb)";
  // Brace expansion {rm,-rf,/} runs the words as a command.
  const words = canonical.replace(/[{},]/g, " ").replace(/\s+/g, " ");
  return DANGEROUS.find((d) => d.pattern.test(words))?.label ?? null;
}

function shellCanonical(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/[\u200b-\u200d\u2060\ufeff\u00ad]/g, "")
    .replace(/\$\{IFS\}|\$IFS\b/gi, " ")
    .replace(/['"`\\]/g, "")
    .toLowerCase();
}
