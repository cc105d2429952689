// CPU time PostgreSQL spends for the bench database: the recorder's writes cost the database server
// too, on the same cores. Sums /proc CPU time of the server processes connected to that database.
import pg from "pg";
import { readCpuMs } from "./children";

export interface PostgresCpu {
  /** CPU ms used so far by the backends serving the bench database (undefined if unreadable). */
  read(): Promise<number | undefined>;
  close(): Promise<void>;
}

export async function watchPostgresCpu(databaseUrl: string): Promise<PostgresCpu> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  // Dropping the bench database at the end terminates this connection; that is not a failure.
  client.on("error", () => undefined);
  // Backends come and go (pools grow and shrink); remember the last CPU time seen for each one so a
  // backend that exits between two reads does not make the total go backwards.
  const seen = new Map<number, number>();
  return {
    async read() {
      const { rows } = await client.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
      let readable = false;
      for (const { pid } of rows) {
        const ms = readCpuMs(pid);
        if (ms === undefined) continue;
        readable = true;
        seen.set(pid, ms);
      }
      if (!readable && seen.size === 0) return undefined;
      let total = 0;
      for (const ms of seen.values()) total += ms;
      return total;
    },
    close: () => client.end(),
  };
}
