import { buildEvidenceBundle, CHECKPOINT_SCHEME, isEventType, replayTimeline } from "@airlock/recording";
import {
  eventsQuery,
  recordedSession,
  replay,
  sessionEventPage,
  sessionExport,
  sessionPage,
  sessionsQuery,
  sessionVerification,
} from "@/lib/api/schemas/sessions";
import { route, type HandlerContext } from "../api/route";
import { hashKeyOf } from "../hash-key";
import { listSessions } from "../sessions/list";
import { findSession, loadChains, loadCheckpoints } from "../sessions/load";
import { verifyChains } from "../sessions/verify";

const TAG = "sessions";
const MAX_REPLAY_STEPS = 20_000;

function ownerOf(ctx: Pick<HandlerContext<unknown, unknown>, "scope" | "actor">): string | null {
  return ctx.scope === "own" ? (ctx.actor.userId ?? "") : null;
}

export const listSessionsRoute = route({
  method: "GET",
  path: "/sessions",
  summary: "Search recorded sessions, newest first (keyset pagination; members: their own)",
  tag: TAG,
  permission: { resource: "sessions", action: "read" },
  query: sessionsQuery,
  response: sessionPage,
  handler: (ctx) => listSessions(ctx.db, ctx.query, ownerOf(ctx)),
});

export const getSession = route({
  method: "GET",
  path: "/sessions/{id}",
  summary: "Get a recorded session",
  tag: TAG,
  permission: { resource: "sessions", action: "read" },
  response: recordedSession,
  handler: (ctx) => findSession(ctx.db, ctx.params.id as string, { ownerUserId: ownerOf(ctx) }),
});

export const listSessionEvents = route({
  method: "GET",
  path: "/sessions/{id}/events",
  summary: "The session's events (masked payloads, hashes) in the order they were stored",
  tag: TAG,
  permission: { resource: "sessions", action: "read" },
  query: eventsQuery,
  response: sessionEventPage,
  async handler(ctx) {
    const session = await findSession(ctx.db, ctx.params.id as string, { ownerUserId: ownerOf(ctx) });
    const rows = await ctx.db.sessionEvent.findMany({
      where: { sessionId: session.id, ...(ctx.query.cursor ? { id: { gt: BigInt(ctx.query.cursor) } } : {}) },
      orderBy: { id: "asc" },
      take: ctx.query.limit + 1,
    });
    const more = rows.length > ctx.query.limit;
    const data = more ? rows.slice(0, ctx.query.limit) : rows;
    return { data, nextCursor: more ? String(data[data.length - 1]?.id) : null };
  },
});

export const replaySession = route({
  method: "GET",
  path: "/sessions/{id}/replay",
  summary: "The session as a timeline a player can step through (streamed chunks at their recorded times)",
  tag: TAG,
  permission: { resource: "sessions", action: "read" },
  response: replay,
  async handler(ctx) {
    const session = await findSession(ctx.db, ctx.params.id as string, { ownerUserId: ownerOf(ctx) });
    const chains = await loadChains(ctx.db, session.id);
    // Events of a type this console does not know (a newer gateway) are left out rather than failing
    // the replay. exchangeId carries the chain here so each step says which exchange it belongs to.
    const events = chains.flatMap((c) => c.events).filter((e) => isEventType(e.type)).map((e) => ({ ...e, exchangeId: e.chainId }));
    const steps = replayTimeline(events).map((s) =>
      s.kind === "event"
        ? { kind: "event" as const, seq: s.seq, chainId: s.exchangeId, offsetMs: s.offsetMs, title: s.title, type: s.event.type, payload: s.event.payload, delta: null }
        : { kind: "chunk" as const, seq: s.seq, chainId: s.exchangeId, offsetMs: s.offsetMs, title: null, type: null, payload: null, delta: s.delta },
    );
    return { sessionId: session.id, steps: steps.slice(0, MAX_REPLAY_STEPS), truncated: steps.length > MAX_REPLAY_STEPS };
  },
});

export const verifySessionRoute = route({
  method: "GET",
  path: "/sessions/{id}/verify",
  summary: "Check the recording is intact: hash chains and keyed checkpoints (\"verified\" or \"broken at event N\")",
  tag: TAG,
  permission: { resource: "sessions", action: "verify" },
  response: sessionVerification,
  async handler(ctx) {
    const session = await findSession(ctx.db, ctx.params.id as string, { ownerUserId: ownerOf(ctx) });
    const [chains, checkpoints] = await Promise.all([loadChains(ctx.db, session.id), loadCheckpoints(ctx.db, session.id)]);
    return verifyChains(session.id, session.eventCount, chains, checkpoints, hashKeyOf(ctx.env));
  },
});

export const exportSession = route({
  method: "GET",
  path: "/sessions/{id}/export",
  summary: "Evidence bundle: the session, its events and the proof needed to verify them independently",
  tag: TAG,
  permission: { resource: "sessions", action: "export" },
  response: sessionExport,
  audit: "session.export",
  async handler(ctx) {
    const session = await findSession(ctx.db, ctx.params.id as string, { ownerUserId: ownerOf(ctx) });
    const [chains, checkpoints] = await Promise.all([loadChains(ctx.db, session.id), loadCheckpoints(ctx.db, session.id)]);
    const verification = verifyChains(session.id, session.eventCount, chains, checkpoints, hashKeyOf(ctx.env));
    const meta = JSON.parse(JSON.stringify(session)) as Record<string, unknown>;
    const out = chains.map((chain) => {
      const sealed = checkpoints.get(chain.chainId);
      const plain = chain.events.map(({ id, ...e }) => ({ ...e, id: id.toString() }));
      if (!sealed || !chain.events.every((e) => isEventType(e.type))) {
        // An HTTP exchange has no checkpoint of its own: its session's seal vouches for it.
        const vouched = verification.chains.some((c) => c.chainId === chain.chainId && c.sealed);
        return { chainId: chain.chainId, sealed: vouched, bundle: null, events: plain };
      }
      const bundle = buildEvidenceBundle(
        { id: session.id, chainId: chain.chainId, connectionName: session.connectionName, identityLabel: session.identityLabel },
        chain.events,
        { scheme: CHECKPOINT_SCHEME, sessionId: sealed.sessionId, lastSeq: sealed.lastSeq, lastHash: sealed.lastHash, mac: sealed.mac },
      );
      return { chainId: chain.chainId, sealed: true, bundle, events: [] };
    });
    ctx.audit({ targetType: "session", targetId: session.id, after: { chains: out.length, verified: verification.verified } });
    return { format: "airlock.session-export.v1" as const, exportedAt: new Date().toISOString(), session: meta, verification, chains: out };
  },
});
