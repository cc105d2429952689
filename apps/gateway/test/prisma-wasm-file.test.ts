// The build ships Prisma's query compiler as a .wasm file (build/prisma-wasm-file.ts): the bundle
// must hand Prisma's generated client exactly the WebAssembly the base64 module holds, without
// carrying the base64 text itself.
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "tsup";
import { afterAll, describe, expect, it } from "vitest";
import { prismaWasmFile } from "../build/prisma-wasm-file";
import { DB_PACKAGE_DIR } from "../tsup.config";

const BASE64_MODULE = "@prisma/client/runtime/query_compiler_fast_bg.postgresql.wasm-base64.mjs";

const work = mkdtempSync(path.join(os.tmpdir(), "airlock-prisma-wasm-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function bundle(): Promise<string> {
  const outDir = path.join(work, "dist");
  await build({
    config: false,
    entry: { entry: path.join(import.meta.dirname, "fixtures", "prisma-wasm-entry.mjs") },
    format: ["esm"],
    platform: "node",
    target: "node20",
    outDir,
    silent: true,
    esbuildPlugins: [prismaWasmFile(DB_PACKAGE_DIR)],
  });
  return outDir;
}

describe("Prisma's query compiler in the gateway bundle", () => {
  it("is a .wasm file beside the bundle, and the module Prisma imports yields the same bytes as the base64 one", async () => {
    const outDir = await bundle();
    const files = readdirSync(outDir);
    const wasmFile = files.find((f) => f.endsWith(".wasm"));
    expect(wasmFile).toBe("prisma-query-compiler-fast.postgresql.wasm");
    // The bundled JavaScript no longer carries the 4.4 MB base64 text.
    for (const file of files.filter((f) => f.endsWith(".js"))) expect(statSync(path.join(outDir, file)).size).toBeLessThan(10_000);

    const shipped = (await import(pathToFileURL(path.join(outDir, "entry.js")).href)) as { wasm: unknown };
    // What Prisma's generated client does with the export (decodeBase64AsWasm).
    const bytes = Buffer.from(shipped.wasm as string, "base64");
    const original = (await import(pathToFileURL(createRequire(path.join(DB_PACKAGE_DIR, "package.json")).resolve(BASE64_MODULE)).href)) as { wasm: string };
    expect(bytes.equals(Buffer.from(original.wasm, "base64"))).toBe(true);
    expect(bytes.subarray(0, 4).toString("latin1")).toBe("\0asm");
  });
});
