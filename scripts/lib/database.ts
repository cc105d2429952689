// Finds the PostgreSQL server that `pnpm start` and `pnpm test` use: DATABASE_URL when given,
// otherwise an embedded PostgreSQL from node_modules (no system install needed).
import path from "node:path";
// The subpath keeps the launchers from loading the rest of the testkit (fake upstreams, OIDC issuer).
import { startEmbeddedPostgres } from "@airlock/testkit/embedded-postgres";

export interface DatabaseServer {
  /** Connection string for a database on this server. */
  url(database: string): string;
  embedded: boolean;
  stop(): Promise<void>;
}

/** `port` undefined: any free port. */
export async function useDatabaseServer(opts: { dataDir: string; port?: number }): Promise<DatabaseServer> {
  const given = process.env.DATABASE_URL;
  if (given) {
    return {
      url: (database) => {
        const u = new URL(given);
        u.pathname = `/${database}`;
        return u.toString();
      },
      embedded: false,
      stop: async () => {},
    };
  }
  const pg = await startEmbeddedPostgres({ dataDir: path.resolve(opts.dataDir), port: opts.port });
  return { url: (database) => pg.connectionString(database), embedded: true, stop: () => pg.stop() };
}
