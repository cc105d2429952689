import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { exportJWK, generateKeyPair } from "jose";
import Provider, { errors, type Account, type ClientMetadata, type Configuration, type KoaContextWithOIDC } from "oidc-provider";
import { closeHttpServer, listenOnLoopback, LOOPBACK_HOST } from "../http/loopback";
import { interactionHandler, type OidcUser } from "./interactions";
import { MemoryStore } from "./memory-adapter";

export type { OidcUser } from "./interactions";

export interface OidcIssuerOptions {
  /** People who can sign in through the login form. */
  users?: OidcUser[];
  /** Clients known from the start; see `machineClient` and `webClient`. More via `registerClient`. */
  clients?: ClientMetadata[];
  /**
   * Resource indicators (RFC 8707) for which JWT access tokens are issued; each is an absolute URI
   * and becomes the token's `aud`. The first is used when a client_credentials request names none.
   * Default `["urn:airlock:gateway"]`.
   */
  audiences?: string[];
  /** Scopes a machine client may request for those audiences (default `["airlock"]`). */
  resourceScopes?: string[];
  /** Extra claims for JWT access tokens, by client id (e.g. `{ "agent-1": { groups: ["agents"] } }`). */
  clientClaims?: Record<string, Record<string, unknown>>;
  /** Access token lifetime in seconds (default 600). */
  accessTokenTtlSeconds?: number;
  /** Require PKCE for the authorization-code flow (default true). */
  requirePkce?: boolean;
}

export interface OidcIssuer {
  /** Issuer identifier, e.g. `http://127.0.0.1:41234` (also the discovery base). */
  readonly issuer: string;
  readonly jwksUri: string;
  readonly port: number;
  /** Runs the client_credentials grant and returns the JWT access token. */
  getClientCredentialsToken(request: { clientId: string; clientSecret: string; audience?: string; scope?: string }): Promise<string>;
  /**
   * Adds or replaces a client after start-up, e.g. once the console knows its redirect URI.
   * Clients passed in `options.clients` keep precedence over one registered with the same id.
   */
  registerClient(metadata: ClientMetadata): Promise<void>;
  close(): Promise<void>;
}

const USER_CLAIMS = { openid: ["sub"], profile: ["name", "preferred_username", "groups"], email: ["email", "email_verified"], groups: ["groups"] };

async function signingKeys() {
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  return { keys: [{ ...(await exportJWK(privateKey)), kid: `testkit-${randomBytes(4).toString("hex")}`, alg: "RS256", use: "sig" }] };
}

/**
 * A real OpenID Provider (`oidc-provider`) on 127.0.0.1 (random port): client_credentials with JWT
 * access tokens for machines, and the authorization-code flow with a username/password login form
 * for browsers. Consent is granted automatically.
 */
export async function startOidcIssuer(options: OidcIssuerOptions = {}): Promise<OidcIssuer> {
  const users = new Map((options.users ?? []).map((user) => [user.username, user]));
  const audiences = options.audiences ?? ["urn:airlock:gateway"];
  const ttl = options.accessTokenTtlSeconds ?? 600;
  const store = new MemoryStore();
  // The issuer URL embeds the port, so requests are wired up only once the provider exists.
  const server = createServer();
  const port = await listenOnLoopback(server);
  const issuer = `http://${LOOPBACK_HOST}:${port}`;

  const findAccount = (_ctx: KoaContextWithOIDC, sub: string): Account | undefined => {
    const user = users.get(sub);
    if (!user) return undefined;
    return {
      accountId: sub,
      claims: () => ({
        sub,
        name: user.name ?? user.username,
        preferred_username: user.username,
        ...(user.email ? { email: user.email, email_verified: true } : {}),
        groups: user.groups ?? [],
      }),
    };
  };

  const configuration: Configuration = {
    adapter: store.adapterFor,
    clients: options.clients ?? [],
    jwks: await signingKeys(),
    cookies: { keys: [randomBytes(32).toString("hex")] },
    findAccount,
    claims: USER_CLAIMS,
    scopes: ["openid", "offline_access", "profile", "email", "groups"],
    // next-auth reads the profile from the id token, so the requested claims go in it too.
    conformIdTokenClaims: false,
    pkce: { required: () => options.requirePkce ?? true },
    ttl: { AccessToken: ttl, ClientCredentials: ttl, AuthorizationCode: 600, IdToken: 3600, Interaction: 3600, Session: 86_400, Grant: 86_400, RefreshToken: 86_400 },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: { enabled: true },
      revocation: { enabled: true },
      resourceIndicators: {
        enabled: true,
        // Machines get the default audience without naming it; browser logins keep an access
        // token for the userinfo endpoint, which is what next-auth calls.
        defaultResource: (ctx, _client, oneOf) =>
          oneOf ?? (ctx.oidc.params?.grant_type === "client_credentials" ? audiences[0] : undefined),
        useGrantedResource: () => false,
        getResourceServerInfo: (_ctx, resourceIndicator) => {
          if (!audiences.includes(resourceIndicator)) throw new errors.InvalidTarget(`unknown audience ${resourceIndicator}`);
          return {
            scope: (options.resourceScopes ?? ["airlock"]).join(" "),
            audience: resourceIndicator,
            accessTokenTTL: ttl,
            accessTokenFormat: "jwt",
            jwt: { sign: { alg: "RS256" } },
          };
        },
      },
    },
    extraTokenClaims: (_ctx, token) => {
      const accountId = "accountId" in token ? token.accountId : undefined;
      if (accountId) return { groups: users.get(accountId)?.groups ?? [] };
      return token.clientId ? options.clientClaims?.[token.clientId] : undefined;
    },
    renderError: (ctx, out) => {
      ctx.type = "html";
      ctx.body = `<!DOCTYPE html><html><body><h1>Sign-in error</h1><pre>${JSON.stringify(out, null, 2).replace(/</g, "&lt;")}</pre></body></html>`;
    },
  };
  const provider = new Provider(issuer, configuration);
  const providerCallback = provider.callback();
  const handleInteraction = interactionHandler(provider, users);
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    if (req.url?.startsWith("/interaction/")) void handleInteraction(req, res);
    else providerCallback(req, res);
  });

  return {
    issuer,
    jwksUri: `${issuer}/jwks`,
    port,
    getClientCredentialsToken: async ({ clientId, clientSecret, audience, scope }) => {
      const form = new URLSearchParams({ grant_type: "client_credentials" });
      if (audience) form.set("resource", audience);
      if (scope) form.set("scope", scope);
      const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString("base64");
      const response = await fetch(`${issuer}/token`, {
        method: "POST",
        headers: { authorization: `Basic ${basic}`, "content-type": "application/x-www-form-urlencoded" },
        body: form,
      });
      const body = (await response.json()) as { access_token?: string; error?: string; error_description?: string };
      if (!response.ok || !body.access_token) {
        throw new Error(`client_credentials failed (${response.status}): ${body.error ?? ""} ${body.error_description ?? ""}`.trim());
      }
      return body.access_token;
    },
    registerClient: async (metadata) => {
      await store.adapterFor("Client").upsert(metadata.client_id, metadata);
    },
    close: () => closeHttpServer(server),
  };
}
