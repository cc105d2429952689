// Prisma 7's query compiler is WebAssembly. By default V8 compiles it twice, a baseline (Liftoff)
// and an optimised (TurboFan) version, and keeps both: about 40 MB resident for a module that the
// gateway runs only to fill its caches (keys, connections, rules), never per request. With the
// baseline compiler alone the resident set is ~40 MB smaller and cache fills take the same time
// (docs/performance.md, "Memory"). The flag is read when a module is compiled, so it must be set
// before the first query; it affects WebAssembly only.
import { setFlagsFromString } from "node:v8";

export function compileWasmWithBaselineOnly(): void {
  setFlagsFromString("--liftoff-only");
}
