import path from "node:path";
import { defineConfig } from "vitest/config";

const here = path.dirname(new URL(import.meta.url).pathname);

export default defineConfig({
  resolve: {
    alias: {
      "@/": `${path.join(here, "src")}/`,
      // The marker package throws outside React Server Components; route handlers run fine without it.
      "server-only": path.join(here, "test/support/server-only.ts"),
    },
  },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Suites each create their own database; running two at once is plenty on a 2-core machine.
    maxWorkers: 2,
  },
});
