// Every way in that must fail does, with a 401/403 in the provider's error shape, and the upstream
// never sees the request. Plus: OIDC access tokens that are valid get through.
import { machineClient, startOidcIssuer, type OidcIssuer } from "@airlock/testkit";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./helpers/harness";
import { startTestJwks, unsecuredJwt, type TestJwks } from "./helpers/jwks-server";
import { grant, seedConnection, seedKey, seedServiceAccount, seedUser } from "./helpers/seed";
import { seedWorld, type World } from "./helpers/world";

const AUDIENCE = "urn:airlock:gateway";
let issuer: OidcIssuer;
let jwks: TestJwks;
let h: Harness;
let w: World;
const keys: Record<string, string> = {};

beforeAll(async () => {
  issuer = await startOidcIssuer({
    clients: [machineClient("agent-oidc", "s3cret"), machineClient("unmapped-client", "s3cret")],
    audiences: [AUDIENCE, "urn:somewhere-else"],
  });
  jwks = await startTestJwks(issuer.jwksUri);
  h = await startHarness({
    env: { AIRLOCK_OIDC_ISSUER: issuer.issuer, AIRLOCK_OIDC_AUDIENCE: AUDIENCE, AIRLOCK_OIDC_JWKS_URL: jwks.url },
  });
  w = await seedWorld(h);
  const sa = w.serviceAccountId;
  const oidcAgent = await seedServiceAccount(h.db, "oidc-agent", "agent-oidc");
  await grant(h.db, w.openai.id, { serviceAccountId: oidcAgent.id });
  keys.revoked = (await seedKey(h.db, { serviceAccountId: sa, revokedAt: new Date() })).key;
  keys.expired = (await seedKey(h.db, { serviceAccountId: sa, expiresAt: new Date(Date.now() - 60_000) })).key;
  keys.scopedElsewhere = (await seedKey(h.db, { serviceAccountId: sa, connectionIds: [w.anthropic.id] })).key;
  const ungranted = await seedServiceAccount(h.db, "ungranted");
  keys.noGrant = (await seedKey(h.db, { serviceAccountId: ungranted.id })).key;
  const disabled = await h.db.serviceAccount.create({ data: { name: "disabled-agent", disabled: true } });
  await grant(h.db, w.openai.id, { serviceAccountId: disabled.id });
  keys.disabledOwner = (await seedKey(h.db, { serviceAccountId: disabled.id })).key;
  const admin = await seedUser(h.db, "admin@example.test", "admin");
  keys.admin = (await seedKey(h.db, { ownerUserId: admin.id })).key;
  const other = await seedConnection(h.db, h.masterKey, { name: "no-grants-here", kind: "openai", upstreamUrl: h.openai.url, credential: h.canary.openai });
  keys.otherConnection = other.name;
});
afterAll(async () => {
  await h?.close();
  await jwks?.close();
  await issuer?.close();
});

async function post(connectionBase: string, headers: Record<string, string>) {
  const response = await fetch(`${connectionBase}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, session: response.headers.get("x-airlock-session-id") };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const claims = () => ({ iss: issuer.issuer, aud: AUDIENCE, sub: "agent-oidc" });

describe("negative authentication and authorization matrix (OpenAI-shaped connection)", () => {
  const cases: [string, number, string, () => Promise<Record<string, string>>][] = [
    ["no credentials", 401, "missing_credentials", async () => ({})],
    ["malformed Authorization header", 401, "invalid_api_key", async () => ({ authorization: "Basic Zm9vOmJhcg==" })],
    ["unknown key", 401, "invalid_api_key", async () => bearer("alk_thisKeyDoesNotExist000000000000000")],
    ["not an Airlock key at all", 401, "invalid_api_key", async () => bearer("sk-some-openai-key")],
    ["revoked key", 401, "key_revoked", async () => bearer(keys.revoked!)],
    ["expired key", 401, "key_expired", async () => bearer(keys.expired!)],
    ["disabled owner", 401, "invalid_api_key", async () => bearer(keys.disabledOwner!)],
    ["key scoped to another connection", 403, "connection_forbidden", async () => bearer(keys.scopedElsewhere!)],
    ["identity without a grant", 403, "connection_forbidden", async () => bearer(keys.noGrant!)],
    ["JWT with a forged signature", 401, "invalid_token", async () => bearer(await jwks.forge(claims()))],
    ["JWT from another issuer", 401, "invalid_token", async () => bearer(await jwks.sign({ ...claims(), iss: "http://evil.example" }))],
    ["JWT for another audience", 401, "invalid_token", async () => bearer(await issuer.getClientCredentialsToken({ clientId: "agent-oidc", clientSecret: "s3cret", audience: "urn:somewhere-else" }))],
    ["expired JWT", 401, "invalid_token", async () => bearer(await jwks.sign(claims(), { expiresIn: Math.floor(Date.now() / 1000) - 120 }))],
    ["unsigned JWT (alg none)", 401, "invalid_token", async () => bearer(unsecuredJwt({ ...claims(), exp: Math.floor(Date.now() / 1000) + 300 }))],
    ["valid JWT whose subject maps to nobody", 401, "invalid_token", async () => bearer(await issuer.getClientCredentialsToken({ clientId: "unmapped-client", clientSecret: "s3cret" }))],
  ];

  it.each(cases)("%s → %i %s, upstream untouched", async (_name, status, code, headers) => {
    const before = h.openai.requests.length;
    const result = await post(w.openai.baseURL, await headers());
    expect(result.status).toBe(status);
    expect(result.body).toMatchObject({ error: { code, message: expect.any(String), type: expect.any(String) } });
    expect(h.openai.requests.length).toBe(before);
  });

  it("an unknown connection is 404 only after authentication", async () => {
    expect((await post(`${h.url}/c/does-not-exist/v1`, {})).status).toBe(401);
    const known = await post(`${h.url}/c/does-not-exist/v1`, bearer(w.key));
    expect(known.status).toBe(404);
    expect(known.body).toMatchObject({ error: { code: "connection_not_found" } });
  });

  it("the openai SDK raises its own error classes and does not retry", async () => {
    const before = h.openai.requests.length;
    const client = new OpenAI({ apiKey: keys.revoked!, baseURL: w.openai.baseURL });
    const error = await client.chat.completions.create({ model: "m", messages: [{ role: "user", content: "x" }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    const forbidden = await new OpenAI({ apiKey: keys.noGrant!, baseURL: w.openai.baseURL }).models.list().catch((e: unknown) => e);
    expect(forbidden).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(h.openai.requests.length).toBe(before);
  });
});

describe("Anthropic-shaped errors", () => {
  it("answers failures on an anthropic connection in Anthropic's shape", async () => {
    const response = await fetch(`${w.anthropic.baseURL}/v1/messages`, { method: "POST", headers: { "x-api-key": keys.revoked!, "content-type": "application/json" }, body: "{}" });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ type: "error", error: { type: "authentication_error", message: "This Airlock API key has been revoked." } });
    expect(h.anthropic.requests.length).toBe(0);
  });
});

describe("accepted credentials", () => {
  it("accepts a client_credentials access token mapped to a service account", async () => {
    const token = await issuer.getClientCredentialsToken({ clientId: "agent-oidc", clientSecret: "s3cret" });
    const result = await post(w.openai.baseURL, bearer(token));
    expect(result.status).toBe(200);
    expect(h.openai.lastRequest()?.headers.authorization).toBe(`Bearer ${h.canary.openai}`);
  });

  it("maps a token to a user by oidcSubject or e-mail, and applies that user's grants", async () => {
    const person = await seedUser(h.db, "person@example.test", "member");
    const bySubject = await seedUser(h.db, "subject@example.test", "member", "user-sub-1");
    for (const u of [person, bySubject]) await grant(h.db, w.openai.id, { userId: u.id });
    await h.configChanged("grant");
    const viaEmail = await jwks.sign({ iss: issuer.issuer, aud: AUDIENCE, sub: "unknown-sub", email: "person@example.test" });
    expect((await post(w.openai.baseURL, bearer(viaEmail))).status).toBe(200);
    const viaSubject = await jwks.sign({ iss: issuer.issuer, aud: AUDIENCE, sub: "user-sub-1" });
    expect((await post(w.openai.baseURL, bearer(viaSubject))).status).toBe(200);
    expect((await post(w.anthropic.baseURL.replace(/$/, "/v1"), bearer(viaSubject))).status).toBe(403);
  });

  it("lets admins use any connection, and accepts the key in x-api-key", async () => {
    const result = await post(`${h.url}/c/${keys.otherConnection}/v1`, { "x-api-key": keys.admin! });
    expect(result.status).toBe(200);
    expect(result.session).toMatch(/\S+/);
  });
});

describe("revocation reaches every replica", () => {
  it("a revoked key stops working on both gateways within a second of the notification", async () => {
    const replica = await h.startReplica({ AIRLOCK_OIDC_ISSUER: issuer.issuer, AIRLOCK_OIDC_AUDIENCE: AUDIENCE, AIRLOCK_OIDC_JWKS_URL: jwks.url });
    const { key, id } = await seedKey(h.db, { serviceAccountId: w.serviceAccountId });
    const bases = [w.openai.baseURL, `${replica.url}/c/${w.openai.name}/v1`];
    for (const base of bases) expect((await post(base, bearer(key))).status).toBe(200);

    await h.db.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
    const notifiedAt = Date.now();
    await h.db.$executeRaw`SELECT pg_notify('airlock_config', ${JSON.stringify({ entity: "key", id })})`;
    for (const base of bases) {
      let status = 200;
      while (status === 200 && Date.now() - notifiedAt < 1_000) status = (await post(base, bearer(key))).status;
      expect(status).toBe(401);
    }
    expect(Date.now() - notifiedAt).toBeLessThan(1_000);
  });
});
