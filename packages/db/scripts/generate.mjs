// Runs `prisma generate` offline. Prisma 7's CLI insists on locating a native schema engine even
// though generation never runs it; pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing file stops
// it from trying to download one (machines here have no route to the Prisma CDN).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const result = spawnSync(
  "pnpm",
  ["exec", "prisma", "generate", "--schema", path.join(root, "prisma/schema.prisma")],
  {
    cwd: path.join(root, "packages/db"),
    stdio: ["ignore", "inherit", "inherit"],
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
      CHECKPOINT_DISABLE: "1",
    },
  },
);
process.exit(result.status ?? 1);
