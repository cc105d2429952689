// Prisma 7 reads the datasource URL from here rather than from schema.prisma. Only the standard
// CLI uses this file; Airlock's own scripts pass the URL explicitly.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/airlock" },
});
