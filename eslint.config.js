// One flat config for the whole workspace; each package runs `eslint .` against it.
// Besides the usual TypeScript rules it enforces the dependency direction from docs/architecture.md.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";
import boundaries from "./scripts/eslint-boundaries.js";

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**", "**/dist/**", "**/.next/**", "**/generated/**", "**/.turbo/**",
      "**/next-env.d.ts", "**/playwright-report/**", "**/test-results/**", "bench/results/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { airlock: boundaries },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-console": ["error", { allow: ["warn", "error"] }],
      "airlock/boundaries": "error",
    },
  },
  {
    // Command-line entry points, scripts, benches and tests talk to a terminal on purpose.
    files: ["**/scripts/**", "**/bench/**", "**/cli/**", "**/*.test.ts", "**/*.test.tsx", "e2e/**", "examples/**"],
    rules: { "no-console": "off" },
  },
);
