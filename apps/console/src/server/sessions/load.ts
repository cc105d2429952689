import type { StoredEvent } from "@airlock/recording";
import { ApiError, notFound } from "../errors";
import type { DbClient } from "../api/types";

/** Verification and export read a whole session into memory; beyond this they refuse rather than exhaust it. */
export const MAX_EVENTS_IN_MEMORY = 200_000;

export interface SessionScope {
  /** Members see only sessions they recorded themselves. */
  ownerUserId: string | null;
}

export async function findSession(db: DbClient, id: string, scope: SessionScope) {
  const row = await db.recordedSession.findFirst({
    where: { id, ...(scope.ownerUserId !== null ? { identityKind: "user", identityId: scope.ownerUserId } : {}) },
    omit: { searchText: true },
  });
  if (!row) throw notFound("session");
  return row;
}

export interface ChainEvents {
  chainId: string;
  /** In seq order, as @airlock/recording expects them (exchangeId is null in every hash). */
  events: (StoredEvent & { id: bigint; chainId: string })[];
}

/** All events of a session, grouped by chain (one serialised writer each). */
export async function loadChains(db: DbClient, sessionId: string): Promise<ChainEvents[]> {
  const count = await db.sessionEvent.count({ where: { sessionId } });
  if (count > MAX_EVENTS_IN_MEMORY) {
    throw new ApiError(413, "too_large", `this session has ${count} events; verifying or exporting more than ${MAX_EVENTS_IN_MEMORY} at once is not supported`);
  }
  const rows = await db.sessionEvent.findMany({ where: { sessionId }, orderBy: [{ chainId: "asc" }, { seq: "asc" }] });
  const chains = new Map<string, ChainEvents>();
  for (const row of rows) {
    let chain = chains.get(row.chainId);
    if (!chain) chains.set(row.chainId, (chain = { chainId: row.chainId, events: [] }));
    chain.events.push({ ...row, exchangeId: null });
  }
  return [...chains.values()];
}

/** The newest checkpoint of each chain. */
export async function loadCheckpoints(db: DbClient, sessionId: string) {
  const rows = await db.sessionCheckpoint.findMany({ where: { sessionId }, orderBy: { lastSeq: "asc" } });
  const latest = new Map<string, (typeof rows)[number]>();
  for (const row of rows) latest.set(row.chainId, row);
  return latest;
}
