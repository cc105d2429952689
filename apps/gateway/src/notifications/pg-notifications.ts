// One dedicated PostgreSQL connection that LISTENs on every channel anyone subscribed to, and
// reconnects with backoff when the connection drops. While it was down, notifications may have been
// missed, so reconnect listeners run after every re-established connection (caches then drop
// everything they hold).
import pg from "pg";
import type { Logger } from "pino";
import type { Notifications } from "../services";

export interface PgNotifications extends Notifications {
  /** Resolves once the first LISTEN connection is up (rejects if it cannot be opened). */
  ready(): Promise<void>;
}

const MAX_BACKOFF_MS = 5_000;

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function createPgNotifications(connectionString: string, logger: Logger): PgNotifications {
  const handlers = new Map<string, Set<(payload: string) => void>>();
  const reconnectHandlers = new Set<() => void>();
  let client: pg.Client | undefined;
  let closed = false;
  let attempt = 0;
  let timer: NodeJS.Timeout | undefined;
  let everConnected = false;

  async function connect(): Promise<void> {
    const next = new pg.Client({ connectionString, application_name: "airlock-gateway-listen" });
    next.on("notification", (msg) => {
      const set = handlers.get(msg.channel);
      if (!set) return;
      for (const handler of set) {
        try {
          handler(msg.payload ?? "");
        } catch (error) {
          logger.error({ err: error, channel: msg.channel }, "notification handler failed");
        }
      }
    });
    next.on("error", (error) => {
      logger.warn({ err: { message: error.message } }, "notification connection error; reconnecting");
    });
    next.on("end", () => {
      if (client === next) client = undefined;
      if (!closed) scheduleReconnect();
    });
    await next.connect();
    for (const channel of handlers.keys()) await next.query(`LISTEN ${quoteIdent(channel)}`);
    if (closed) {
      await next.end().catch(() => undefined);
      return;
    }
    client = next;
    attempt = 0;
    if (everConnected) {
      logger.info("notification connection re-established");
      for (const handler of reconnectHandlers) handler();
    }
    everConnected = true;
  }

  function scheduleReconnect(): void {
    if (timer || closed) return;
    const delay = Math.min(MAX_BACKOFF_MS, 100 * 2 ** attempt);
    attempt += 1;
    timer = setTimeout(() => {
      timer = undefined;
      connect().catch((error: unknown) => {
        logger.warn({ err: { message: String((error as Error)?.message ?? error) } }, "notification reconnect failed");
        scheduleReconnect();
      });
    }, delay);
    timer.unref();
  }

  const first = connect();

  return {
    ready: () => first,
    subscribe(channel, onMessage) {
      let set = handlers.get(channel);
      if (!set) {
        set = new Set();
        handlers.set(channel, set);
        client?.query(`LISTEN ${quoteIdent(channel)}`).catch((error: unknown) => {
          logger.warn({ err: { message: String((error as Error)?.message ?? error) }, channel }, "LISTEN failed");
        });
      }
      set.add(onMessage);
      return () => {
        set.delete(onMessage);
      };
    },
    onReconnect(handler) {
      reconnectHandlers.add(handler);
      return () => {
        reconnectHandlers.delete(handler);
      };
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const current = client;
      client = undefined;
      await current?.end().catch(() => undefined);
    },
  };
}
