import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";


export interface DbOptions {
  /** Pool size per process; the gateway keeps it small because its hot path reads from caches. */
  max?: number;
}

/**
 * A Prisma client over the node-postgres driver adapter (Prisma 7 has no native query engine).
 * Secret columns are omitted by default so they are never read by accident; code that needs
 * one asks for it explicitly with `omit: { credentialCiphertext: false }`.
 */
export function createDb(connectionString: string, options: DbOptions = {}) {
  const adapter = new PrismaPg({ connectionString, max: options.max ?? 10 });
  return new PrismaClient({
    adapter,
    omit: {
      connection: { credentialCiphertext: true },
      user: { passwordHash: true },
      apiKey: { keyHash: true, pgScramVerifier: true },
      personalAccessToken: { tokenHash: true },
    },
  });
}

export type Db = ReturnType<typeof createDb>;
