import type { NextConfig } from "next";

const config: NextConfig = {
  // Workspace packages are consumed as TypeScript source.
  transpilePackages: ["@airlock/db", "@airlock/policy", "@airlock/recording"],
  // Native or driver packages that must be loaded by Node at run time rather than bundled.
  serverExternalPackages: ["@node-rs/argon2", "pg", "@prisma/adapter-pg", "@prisma/client"],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default config;
