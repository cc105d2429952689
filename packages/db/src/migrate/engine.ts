// Loads Prisma's schema engine compiled to WebAssembly and binds it to a PostgreSQL connection.
// Prisma 7's CLI wants a native engine downloaded from its CDN; the same engine ships on npm as
// WASM, which works offline and writes the standard `_prisma_migrations` table (ADR 0002).
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";
import * as runtime from "@prisma/schema-engine-wasm/schema_engine_bg";

const require = createRequire(import.meta.url);
let wasmReady: Promise<void> | undefined;

// The workspace compiles without the DOM library, whose types are where TypeScript declares the
// WebAssembly global; these two calls are all that is needed of it.
const Wasm = (globalThis as unknown as {
  WebAssembly: {
    compile(bytes: Uint8Array): Promise<object>;
    instantiate(module: object, imports: object): Promise<{ exports: Record<string, unknown> }>;
  };
}).WebAssembly;

/** Node 20 refuses the package's `import … from "*.wasm"`, so instantiate the module by hand. */
function loadWasm(): Promise<void> {
  wasmReady ??= (async () => {
    const bgPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const bytes = await readFile(path.join(path.dirname(bgPath), "schema_engine_bg.wasm"));
    const module = await Wasm.compile(bytes);
    const instance = await Wasm.instantiate(module, { "./schema_engine_bg.js": runtime });
    const exports = instance.exports as unknown as Parameters<typeof runtime.__wbg_set_wasm>[0] & {
      __wbindgen_start: () => void;
    };
    runtime.__wbg_set_wasm(exports);
    exports.__wbindgen_start();
  })();
  return wasmReady;
}

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

/**
 * The engine introspects pg_catalog columns of PostgreSQL's one-byte `"char"` type, which
 * @prisma/adapter-pg 7.10 does not map (it throws "Column type 'char' could not be deserialized").
 * Their values arrive as text already, so reporting them as text is exact.
 */
class CharAsTextClient extends pg.Client {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- forwards every overload of pg's query
  override query(...args: any[]): any {
    const last = args[args.length - 1];
    if (typeof last === "function") {
      // pg.Pool#query calls its client with a callback.
      args[args.length - 1] = (err: Error | null, res: pg.QueryResult) => last(err, res && textifyCharFields(res));
    }
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const result = (super.query as (...a: any[]) => any)(...args);
    return result && typeof result.then === "function" ? result.then(textifyCharFields) : result;
  }
}

function textifyCharFields(res: pg.QueryResult): pg.QueryResult {
  for (const field of res.fields ?? []) if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
  return res;
}

/**
 * Discrete connection settings rather than a connection string: the adapter makes its shadow
 * database by spreading this config with another `database`, which pg would ignore in favour of
 * the database named inside a connection string — and so build the shadow in the real database.
 */
function poolConfig(connectionString: string): pg.PoolConfig {
  const url = new URL(connectionString);
  const sslmode = url.searchParams.get("sslmode");
  return {
    host: decodeURIComponent(url.hostname) || url.searchParams.get("host") || "localhost",
    port: url.port ? Number(url.port) : 5432,
    user: decodeURIComponent(url.username) || undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    database: decodeURIComponent(url.pathname.slice(1)) || undefined,
    ssl: sslmode && sslmode !== "disable" ? { rejectUnauthorized: sslmode === "verify-full" } : undefined,
    max: 2,
    Client: CharAsTextClient,
  };
}

type PgAdapter = Awaited<ReturnType<PrismaPg["connect"]>>;

/**
 * PrismaPg's executeScript splits a migration on every ";", which breaks any function body
 * (`$$ … ; … $$`). PostgreSQL's simple-query protocol runs a multi-statement script as one implicit
 * transaction, exactly as Prisma's native engine sends it, so send it whole.
 */
function wholeScripts(adapter: PgAdapter): PgAdapter {
  const inner = adapter as unknown as { client: pg.Pool; onError(err: unknown): never };
  adapter.executeScript = async (script: string) => {
    try {
      await inner.client.query(script);
    } catch (err) {
      inner.onError(err);
    }
  };
  return adapter;
}

/**
 * PrismaPg's own connectToShadowDb drops the shadow database while its pool still holds a
 * connection to it, so the drop fails and the database is left behind. This one closes the pool
 * first and drops with FORCE.
 */
function shadowSafeFactory(config: pg.PoolConfig) {
  const main = new PrismaPg(config);
  return {
    provider: main.provider as "postgres",
    adapterName: main.adapterName,
    connect: async () => wholeScripts(await main.connect()),
    async connectToShadowDb() {
      const admin = await main.connect();
      const database = `airlock_shadow_${randomUUID().replace(/-/g, "")}`;
      await admin.executeScript(`CREATE DATABASE "${database}"`);
      const shadow = wholeScripts(await new PrismaPg({ ...config, database }).connect());
      const dispose = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        await dispose();
        await admin.executeScript(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
        await admin.dispose();
      };
      return shadow;
    },
  };
}

export interface EngineHandle {
  engine: SchemaEngine;
  close(): Promise<void>;
}

/** Opens a schema engine for the database at `connectionString`. Call `close()` when done. */
export async function openSchemaEngine(connectionString: string, logs: string[] = []): Promise<EngineHandle> {
  await loadWasm();
  const factory = bindMigrationAwareSqlAdapterFactory(shadowSafeFactory(poolConfig(connectionString)));
  const engine = (await runtime.SchemaEngine.new(
    { datamodels: undefined },
    (line: string) => logs.push(line),
    factory,
  )) as SchemaEngine;
  return {
    engine,
    async close() {
      engine.free();
    },
  };
}
