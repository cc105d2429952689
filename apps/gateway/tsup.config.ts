import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "tsup";
import { prismaWasmFile } from "./build/prisma-wasm-file";

// ESM for `node dist/main.js`. Workspace packages are TypeScript source, so they are bundled; npm
// dependencies stay external and are resolved from node_modules at run time. Split into chunks so
// that what main.ts imports lazily is only parsed when used: a cluster primary then never loads
// the database client (~60 MB instead of ~140 MB resident), and each worker parses ~30 MB less.

/** The writer thread's entry (src/recorder/writer-thread/), also bundled by the bench. */
export const RECORDER_WRITER_ENTRY = "src/recorder/writer-thread/worker.ts";

/** Where @prisma/client resolves from: the database package the gateway bundles. */
export const DB_PACKAGE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "../../packages/db");

export default defineConfig({
  // The recorder's writer thread starts recorder-writer.js from beside the chunk that starts it.
  entry: { main: "src/main.ts", "recorder-writer": RECORDER_WRITER_ENTRY },
  format: ["esm"],
  platform: "node",
  target: "node20",
  outDir: "dist",
  clean: true,
  sourcemap: true,
  splitting: true,
  noExternal: [/^@airlock\//],
  // Prisma's query compiler ships as dist/prisma-query-compiler-*.wasm (build/prisma-wasm-file.ts).
  esbuildPlugins: [prismaWasmFile(DB_PACKAGE_DIR)],
  // Bundled CommonJS (Prisma's runtime, reached through @airlock/db) calls require() for Node
  // built-ins; an ESM bundle has no require unless one is created.
  banner: { js: 'import { createRequire as __airlockCreateRequire } from "node:module"; const require = __airlockCreateRequire(import.meta.url);' },
});
