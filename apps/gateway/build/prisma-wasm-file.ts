// An esbuild plugin (used by tsup.config.ts and the bench's bundle) that ships Prisma's query
// compiler as a .wasm file beside the bundle instead of the module Prisma's generated client
// imports, which holds the WebAssembly as one 4.4 MB base64 string literal. V8 keeps that module's
// source text and the string for the life of the process: ~9 MB of heap (in every gateway worker)
// for bytes that are used once, at start-up, to compile the module.
//
// The generated client calls `Buffer.from(wasm, "base64")` on the module's `wasm` export. Buffer.from
// of an object takes the object's valueOf(), so the replacement exports an object whose valueOf()
// reads the file: the bytes pass through once and nothing stays behind. Prisma has no setting for
// this: its Node.js runtime always inlines the base64 module (docs/adr/0013-prisma-wasm-from-file.md).
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Options } from "tsup";

type Plugin = NonNullable<Options["esbuildPlugins"]>[number];

/** The module Prisma's generated client (packages/db/src/generated) imports the WebAssembly from. */
const BASE64_MODULE = /query_compiler_(\w+)_bg\.(\w+)\.wasm-base64\.mjs$/;

const NAMESPACE = "airlock-prisma-wasm-file";

/** `packagesDir`: a directory whose node_modules resolve @prisma/client (packages/db). */
export function prismaWasmFile(packagesDir: string): Plugin {
  const require = createRequire(path.join(packagesDir, "package.json"));
  return {
    name: "prisma-wasm-file",
    setup(build) {
      build.onResolve({ filter: BASE64_MODULE }, (args) => ({ path: require.resolve(args.path), namespace: NAMESPACE }));
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, async (args) => {
        const match = BASE64_MODULE.exec(args.path);
        if (!match) throw new Error(`prisma-wasm-file: unexpected module ${args.path}`);
        const { wasm } = (await import(pathToFileURL(args.path).href)) as { wasm?: unknown };
        if (typeof wasm !== "string") throw new Error(`prisma-wasm-file: ${args.path} no longer exports the WebAssembly as a base64 string; update this plugin`);
        const outDir = build.initialOptions.outdir;
        if (!outDir) throw new Error("prisma-wasm-file needs esbuild's outdir");
        const fileName = `prisma-query-compiler-${match[1]}.${match[2]}.wasm`;
        mkdirSync(outDir, { recursive: true });
        writeFileSync(path.join(outDir, fileName), Buffer.from(wasm, "base64"));
        return {
          loader: "js",
          contents: [
            'import { readFileSync } from "node:fs";',
            `export const wasm = { valueOf: () => readFileSync(new URL(${JSON.stringify(`./${fileName}`)}, import.meta.url)) };`,
          ].join("\n"),
        };
      });
    },
  };
}
