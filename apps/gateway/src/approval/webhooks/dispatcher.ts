// Sends queued webhook deliveries. Every gateway process runs one; replicas share the queue safely
// because a claim is one UPDATE over rows picked with FOR UPDATE SKIP LOCKED, which also pushes the
// row's nextAttemptAt forward by a lease: the HTTP call happens outside any transaction, and if the
// process dies mid-send the lease runs out and another replica retries (at-least-once delivery).
import type { Db } from "@airlock/db";
import type { Logger } from "pino";
import type { ApprovalMetrics } from "../metrics";
import { retryDelayMs } from "./backoff";

export interface WebhookDispatcherOptions {
  /** How often to look for due deliveries when nothing wakes the dispatcher. */
  pollIntervalMs: number;
  /** Deliveries claimed per round. */
  batchSize: number;
  /** Per POST. */
  timeoutMs: number;
  /** After this many failed attempts a delivery is marked failed. */
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
}

export const DEFAULT_WEBHOOK_OPTIONS: WebhookDispatcherOptions = {
  pollIntervalMs: 5_000,
  batchSize: 10,
  timeoutMs: 5_000,
  maxAttempts: 8,
  backoffBaseMs: 5_000,
  backoffMaxMs: 15 * 60_000,
};

export interface WebhookDispatcher {
  /** Look for due deliveries now (a request was just created here). */
  wake(): void;
  close(): Promise<void>;
}

interface ClaimedDelivery {
  id: string;
  attempts: number;
  payload: unknown;
  url: string;
}

// Longest error text kept on the row: enough to diagnose, bounded against a hostile endpoint.
const MAX_ERROR_CHARS = 500;

async function claimDue(db: Db, now: Date, leaseUntil: Date, limit: number): Promise<ClaimedDelivery[]> {
  return db.$queryRaw<ClaimedDelivery[]>`
    UPDATE "WebhookDelivery" AS d
       SET "attempts" = d."attempts" + 1, "nextAttemptAt" = ${leaseUntil}
      FROM (SELECT w."id"
              FROM "WebhookDelivery" AS w
              JOIN "WebhookEndpoint" AS e ON e."id" = w."endpointId"
             WHERE w."status" = 'pending' AND w."nextAttemptAt" <= ${now} AND e."enabled"
             ORDER BY w."nextAttemptAt"
             LIMIT ${limit}
               FOR UPDATE OF w SKIP LOCKED) AS due,
           "WebhookEndpoint" AS e
     WHERE d."id" = due."id" AND e."id" = d."endpointId"
    RETURNING d."id", d."attempts", d."payload", e."url"`;
}

async function post(url: string, payload: unknown, timeoutMs: number): Promise<string | null> {
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "Airlock-Webhooks/1" },
      body: JSON.stringify(payload),
      // An endpoint must answer directly: following redirects would let it point us anywhere.
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text().catch(() => "");
    if (res.status >= 200 && res.status < 300) return null;
    return `HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ""}`;
  } catch (err) {
    const e = err as { name?: string; cause?: { code?: string; message?: string }; message?: string };
    if (e.name === "TimeoutError") return `no response within ${timeoutMs} ms`;
    return e.cause?.code ?? e.cause?.message ?? e.message ?? String(err);
  }
}

export function startWebhookDispatcher(opts: {
  db: Db;
  logger: Logger;
  metrics: ApprovalMetrics;
  options?: Partial<WebhookDispatcherOptions>;
}): WebhookDispatcher {
  const { db, logger, metrics } = opts;
  const o = { ...DEFAULT_WEBHOOK_OPTIONS, ...opts.options };
  const leaseMs = o.timeoutMs + 30_000;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let wakeAgain = false;
  let closed = false;
  // The soonest retry this process scheduled, so a short backoff is not stretched to a full poll.
  let soonestRetry = Infinity;

  async function deliver(d: ClaimedDelivery): Promise<void> {
    const error = await post(d.url, d.payload, o.timeoutMs);
    if (error === null) {
      await db.webhookDelivery.update({ where: { id: d.id }, data: { status: "delivered", deliveredAt: new Date(), lastError: null } });
      metrics.webhook("delivered");
      return;
    }
    const lastError = error.slice(0, MAX_ERROR_CHARS);
    if (d.attempts >= o.maxAttempts) {
      await db.webhookDelivery.update({ where: { id: d.id }, data: { status: "failed", lastError } });
      metrics.webhook("failed");
      logger.warn({ deliveryId: d.id, attempts: d.attempts, lastError }, "webhook delivery failed; giving up");
      return;
    }
    const nextAttemptAt = new Date(Date.now() + retryDelayMs(d.attempts, o.backoffBaseMs, o.backoffMaxMs));
    soonestRetry = Math.min(soonestRetry, nextAttemptAt.getTime());
    await db.webhookDelivery.update({ where: { id: d.id }, data: { nextAttemptAt, lastError } });
    metrics.webhook("retry");
  }

  async function drain(): Promise<void> {
    for (;;) {
      const now = new Date();
      const batch = await claimDue(db, now, new Date(now.getTime() + leaseMs), o.batchSize);
      const results = await Promise.allSettled(batch.map(deliver));
      for (const r of results) {
        if (r.status === "rejected") logger.error({ err: String(r.reason) }, "recording a webhook delivery result failed");
      }
      if (batch.length < o.batchSize || closed) return;
    }
  }

  function schedule(): void {
    if (closed) return;
    if (timer) clearTimeout(timer);
    const untilRetry = soonestRetry - Date.now();
    timer = setTimeout(run, Math.max(0, Math.min(o.pollIntervalMs, untilRetry)));
    timer.unref();
  }

  function run(): void {
    if (closed) return;
    if (running) {
      wakeAgain = true;
      return;
    }
    timer = null;
    soonestRetry = Infinity;
    running = (async () => {
      do {
        wakeAgain = false;
        try {
          await drain();
        } catch (err) {
          logger.error({ err: String(err) }, "claiming webhook deliveries failed");
        }
      } while (wakeAgain && !closed);
      running = null;
      schedule();
    })();
  }

  schedule();

  return {
    wake: run,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
