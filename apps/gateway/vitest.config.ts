import { defineConfig } from "vitest/config";

// Integration suites start real listeners and each creates its own database; on a 2-core machine
// two workers keep them from starving each other.
export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 90_000,
    pool: "forks",
    maxWorkers: 2,
  },
});
