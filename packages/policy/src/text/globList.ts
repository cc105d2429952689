/** A list of names or globs (`*` any run of characters, `?` one character), matched case-insensitively. */
export interface GlobList {
  /** The first glob that matches `value`, or undefined. */
  match(value: string): string | undefined;
  readonly globs: readonly string[];
}

/** Undefined or empty lists mean "no criterion": the caller treats that as matching anything. */
export function compileGlobList(globs: readonly string[] | undefined): GlobList | null {
  if (globs === undefined || globs.length === 0) return null;
  const compiled = globs.map((glob) => ({ glob, regex: globToRegex(glob) }));
  return {
    globs,
    match: (value) => compiled.find((c) => c.regex.test(value))?.glob,
  };
}

function globToRegex(glob: string): RegExp {
  let source = "";
  for (const ch of glob) {
    if (ch === "*") source += "[\\s\\S]*";
    else if (ch === "?") source += "[\\s\\S]";
    else source += ch.replace(/[.+^${}()|[\]\\/-]/g, "\\$&");
  }
  return new RegExp(`^${source}$`, "i");
}
