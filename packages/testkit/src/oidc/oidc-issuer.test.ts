import { createHash, randomBytes } from "node:crypto";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { machineClient, webClient } from "./clients";
import { startOidcIssuer, type OidcIssuer } from "./oidc-issuer";

const CALLBACK = "http://127.0.0.1:3999/api/auth/callback/airlock";
let issuer: OidcIssuer;

beforeAll(async () => {
  issuer = await startOidcIssuer({
    users: [{ username: "ada", password: "correct horse", email: "ada@example.com", groups: ["airlock-admins"] }],
    clients: [machineClient("agent-1", "agent-secret")],
    audiences: ["urn:airlock:gateway"],
    clientClaims: { "agent-1": { groups: ["agents"] } },
  });
});
afterAll(() => issuer.close());

describe("client_credentials", () => {
  it("issues a JWT access token that verifies against the JWKS", async () => {
    const token = await issuer.getClientCredentialsToken({ clientId: "agent-1", clientSecret: "agent-secret" });
    const jwks = createRemoteJWKSet(new URL(issuer.jwksUri));
    const { payload, protectedHeader } = await jwtVerify(token, jwks, { issuer: issuer.issuer, audience: "urn:airlock:gateway" });
    expect(protectedHeader).toMatchObject({ alg: "RS256", typ: "at+jwt" });
    expect(payload).toMatchObject({ sub: "agent-1", client_id: "agent-1", groups: ["agents"] });
  });

  it("publishes the JWKS URI in discovery", async () => {
    const discovery = (await (await fetch(`${issuer.issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(discovery).toMatchObject({ issuer: issuer.issuer, jwks_uri: issuer.jwksUri });
  });

  it("refuses a wrong secret and an unknown audience", async () => {
    await expect(issuer.getClientCredentialsToken({ clientId: "agent-1", clientSecret: "nope" })).rejects.toThrow(/invalid_client/);
    await expect(
      issuer.getClientCredentialsToken({ clientId: "agent-1", clientSecret: "agent-secret", audience: "urn:someone:else" }),
    ).rejects.toThrow(/invalid_target/);
  });
});

/** A browser stand-in: follows redirects by hand and keeps the issuer's cookies. */
class Browser {
  readonly #cookies = new Map<string, string>();

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const cookie = [...this.#cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    const response = await fetch(url, { ...init, redirect: "manual", headers: { ...(init.headers as Record<string, string>), cookie } });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === "" || /expires=Thu, 01 Jan 1970/i.test(line)) this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
    return response;
  }

  /** Follows redirects until one points at `stopAt` (returned) or a page renders (returned). */
  async follow(response: Response, base: string, stopAt: string): Promise<Response | URL> {
    let current = response;
    for (let hop = 0; hop < 10; hop++) {
      const location = current.headers.get("location");
      if (current.status < 300 || current.status >= 400 || !location) return current;
      const next = new URL(location, base);
      if (next.href.startsWith(stopAt)) return next;
      current = await this.request(next.href);
    }
    throw new Error("too many redirects");
  }
}

function pkcePair() {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

describe("authorization code flow with PKCE (the console's browser login)", () => {
  beforeAll(async () => {
    await issuer.registerClient(webClient({ clientId: "console", clientSecret: "console-secret", redirectUris: [CALLBACK] }));
  });

  async function startLogin(browser: Browser, challenge: string | undefined) {
    const params = new URLSearchParams({ client_id: "console", response_type: "code", scope: "openid profile email", redirect_uri: CALLBACK, state: "st-1" });
    if (challenge) {
      params.set("code_challenge", challenge);
      params.set("code_challenge_method", "S256");
    }
    return browser.follow(await browser.request(`${issuer.issuer}/auth?${params}`), issuer.issuer, CALLBACK);
  }

  it("signs a user in through the login form and issues an id token carrying groups", async () => {
    const browser = new Browser();
    const { verifier, challenge } = pkcePair();
    const loginPage = await startLogin(browser, challenge);
    if (loginPage instanceof URL) throw new Error("expected the login form");
    const html = await loginPage.text();
    expect(html).toContain('<label for="username">Username</label>');
    const action = /action="([^"]+)"/.exec(html)?.[1] ?? "";

    const submitted = await browser.request(new URL(action, issuer.issuer).href, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ username: "ada", password: "correct horse" }).toString(),
    });
    const callback = await browser.follow(submitted, issuer.issuer, CALLBACK);
    if (!(callback instanceof URL)) throw new Error(`expected a redirect to the client, got ${callback.status}: ${await callback.text()}`);
    expect(callback.searchParams.get("state")).toBe("st-1");

    const tokenResponse = await fetch(`${issuer.issuer}/token`, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from("console:console-secret").toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code: callback.searchParams.get("code") ?? "",
        redirect_uri: CALLBACK,
        code_verifier: verifier,
      }),
    });
    const tokens = (await tokenResponse.json()) as { id_token: string; access_token: string };
    expect(tokenResponse.status).toBe(200);

    const { payload } = await jwtVerify(tokens.id_token, createRemoteJWKSet(new URL(issuer.jwksUri)), { issuer: issuer.issuer, audience: "console" });
    expect(payload).toMatchObject({ sub: "ada", email: "ada@example.com", groups: ["airlock-admins"] });

    const userinfo = await fetch(`${issuer.issuer}/me`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(await userinfo.json()).toMatchObject({ sub: "ada", groups: ["airlock-admins"] });
  });

  it("shows an alert on a wrong password and stays on the form", async () => {
    const browser = new Browser();
    const loginPage = await startLogin(browser, pkcePair().challenge);
    if (loginPage instanceof URL) throw new Error("expected the login form");
    const action = /action="([^"]+)"/.exec(await loginPage.text())?.[1] ?? "";
    const retry = await browser.request(new URL(action, issuer.issuer).href, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ username: "ada", password: "wrong" }).toString(),
    });
    expect(retry.status).toBe(401);
    expect(await retry.text()).toContain('role="alert"');
  });

  it("requires PKCE", async () => {
    const result = await startLogin(new Browser(), undefined);
    expect(result instanceof URL && result.searchParams.get("error")).toBe("invalid_request");
  });
});
