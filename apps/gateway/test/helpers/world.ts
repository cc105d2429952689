// The connections, service account and key most suites start from.
import type { Harness } from "./harness";
import { grant, seedConnection, seedKey, seedServiceAccount } from "./seed";

export interface World {
  openai: { id: string; name: string; baseURL: string };
  anthropic: { id: string; name: string; baseURL: string };
  rest: { id: string; name: string; baseURL: string };
  serviceAccountId: string;
  key: string;
  keyId: string;
}

export async function seedWorld(h: Harness, suffix = ""): Promise<World> {
  const openai = await seedConnection(h.db, h.masterKey, { name: `openai-prod${suffix}`, kind: "openai", upstreamUrl: h.openai.url, credential: h.canary.openai });
  const anthropic = await seedConnection(h.db, h.masterKey, { name: `anthropic-prod${suffix}`, kind: "anthropic", upstreamUrl: h.anthropic.url, credential: h.canary.anthropic });
  const rest = await seedConnection(h.db, h.masterKey, { name: `rest-api${suffix}`, kind: "http", upstreamUrl: `${h.rest.url}/api`, credential: h.canary.rest });
  const sa = await seedServiceAccount(h.db, `agent${suffix}`);
  for (const c of [openai, anthropic, rest]) await grant(h.db, c.id, { serviceAccountId: sa.id });
  const { key, id } = await seedKey(h.db, { serviceAccountId: sa.id });
  return {
    openai: { id: openai.id, name: openai.name, baseURL: `${h.url}/c/${openai.name}/v1` },
    anthropic: { id: anthropic.id, name: anthropic.name, baseURL: `${h.url}/c/${anthropic.name}` },
    rest: { id: rest.id, name: rest.name, baseURL: `${h.url}/c/${rest.name}` },
    serviceAccountId: sa.id,
    key,
    keyId: id,
  };
}

/** Recorded events of every session, in order (after flushing the recorder). */
export async function recordedEvents(h: Harness): Promise<{ sessionId: string; chainId: string; seq: number; type: string; payload: unknown; offsetMs: number }[]> {
  await h.gateway.services.recorder.flush();
  return h.db.sessionEvent.findMany({
    orderBy: [{ id: "asc" }],
    select: { sessionId: true, chainId: true, seq: true, type: true, payload: true, offsetMs: true },
  });
}
