// Builds dist-equivalent main.js (same tsup settings as `pnpm build`) into a folder of its own
// under node_modules/.cache, so tests can run the shipped bundle without touching dist/ and its
// npm imports still resolve from the gateway's node_modules.
import path from "node:path";
import { build } from "tsup";
import tsupConfig from "../../tsup.config";

const gatewayDir = path.resolve(import.meta.dirname, "..", "..");

export async function buildGatewayBundle(name: string): Promise<string> {
  const outDir = path.join(gatewayDir, "node_modules", ".cache", name);
  const config = Array.isArray(tsupConfig) ? tsupConfig[0] : tsupConfig;
  if (typeof config !== "object") throw new Error("tsup.config.ts must export one options object");
  // Every entry of the config (main.js and the recorder's writer thread), from the gateway's folder.
  const entries = config.entry;
  if (!entries || Array.isArray(entries) || typeof entries !== "object") throw new Error("tsup.config.ts must name its entries");
  const entry = Object.fromEntries(Object.entries(entries).map(([name, file]) => [name, path.join(gatewayDir, file)]));
  await build({ ...config, entry, config: false, outDir, silent: true });
  return path.join(outDir, "main.js");
}
