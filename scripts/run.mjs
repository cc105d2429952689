// Entry point of `pnpm start` and `pnpm test` (plain Node, no dependencies), so that both work on a
// fresh clone as the first command anybody types: installs dependencies when they are missing or
// older than the lockfile, then runs scripts/<name>.ts with tsx.
import { spawnSync, spawn } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const [name, ...args] = process.argv.slice(2);

const installed = path.join(root, "node_modules/.pnpm/lock.yaml");
const lockfile = path.join(root, "pnpm-lock.yaml");
if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(lockfile).mtimeMs) {
  console.log("▶ Installing dependencies (pnpm install)…");
  const r = spawnSync("pnpm", ["install", "--frozen-lockfile"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: "1" },
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

// The launchers import the database package, whose Prisma client is generated (and git-ignored).
const generated = path.join(root, "packages/db/src/generated/client.ts");
const schema = path.join(root, "prisma/schema.prisma");
if (!existsSync(generated) || statSync(generated).mtimeMs < statSync(schema).mtimeMs) {
  console.log("▶ Generating the Prisma client…");
  const r = spawnSync(process.execPath, [path.join(root, "packages/db/scripts/generate.mjs")], { cwd: root, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const child = spawn(path.join(root, "node_modules/.bin/tsx"), [path.join(root, "scripts", `${name}.ts`), ...args], {
  cwd: root,
  stdio: "inherit",
});
// Ctrl-C reaches the child through the terminal's process group; just wait for it to finish.
process.on("SIGINT", () => {});
process.on("SIGTERM", () => child.kill("SIGTERM"));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
