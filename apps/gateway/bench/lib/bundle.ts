// Bundles the gateway child the way `pnpm build` bundles dist/main.js (workspace packages inlined,
// npm packages external, plain Node at run time), so RSS and CPU are those of the shipped build,
// not of a TypeScript loader. The output sits in bench/dist/ (git-ignored) so that its npm imports
// resolve from the gateway's node_modules.
import path from "node:path";
import { build } from "tsup";
import { prismaWasmFile } from "../../build/prisma-wasm-file";
import { DB_PACKAGE_DIR, RECORDER_WRITER_ENTRY } from "../../tsup.config";
import { BENCH_DIR, GATEWAY_DIR } from "./children";

/** `outDir`: benches that may run at the same time as another bench use one of their own. */
export async function bundleGatewayChild(outDir = path.join(BENCH_DIR, "dist")): Promise<string> {
  await build({
    config: false,
    // The recorder's writer thread runs the second entry (see tsup.config.ts).
    entry: { "bench-gateway": path.join(BENCH_DIR, "processes", "gateway.ts"), "recorder-writer": path.join(GATEWAY_DIR, RECORDER_WRITER_ENTRY) },
    format: ["esm"],
    platform: "node",
    target: "node20",
    outDir,
    clean: true,
    // Used only by the profiling run (node --enable-source-maps) to name TypeScript files.
    sourcemap: true,
    // As in tsup.config.ts: lazily imported modules are parsed only when used.
    splitting: true,
    silent: true,
    noExternal: [/^@airlock\//],
    esbuildPlugins: [prismaWasmFile(DB_PACKAGE_DIR)],
    banner: { js: 'import { createRequire as __benchCreateRequire } from "node:module"; const require = __benchCreateRequire(import.meta.url);' },
  });
  return path.join(outDir, "bench-gateway.js");
}
