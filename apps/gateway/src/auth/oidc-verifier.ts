// OIDC access tokens (JWTs) for agents: signature against the issuer's JWKS (jose fetches and caches
// it, refreshing on unknown key ids), issuer, audience, expiry and an allow-list of algorithms.
// Verified tokens are remembered until they expire so a busy agent does not pay for a signature
// check on every request.
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from "jose";
import { GatewayError } from "../errors";

export interface OidcSettings {
  issuer: string;
  audience?: string | undefined;
  jwksUrl?: string | undefined;
  algorithms: string[];
}

export interface VerifiedToken {
  /** `sub`, and `client_id` when the token carries one (client_credentials tokens). */
  subjects: string[];
  email?: string;
  expiresAt: number;
}

const MAX_REMEMBERED_TOKENS = 10_000;

function invalid(message: string): GatewayError {
  return new GatewayError("invalid_token", message);
}

/** One message per failure a caller can act on; never echoes the token. */
function describeJoseError(error: unknown): GatewayError {
  if (error instanceof errors.JWTExpired) return invalid("The access token has expired.");
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === "iss") return invalid("The access token was not issued by the configured OIDC issuer.");
    if (error.claim === "aud") return invalid("The access token's audience is not accepted by this gateway.");
    return invalid(`The access token's "${error.claim}" claim is not valid.`);
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return invalid("The access token is signed with an algorithm this gateway does not accept.");
  if (error instanceof errors.JWSSignatureVerificationFailed) return invalid("The access token's signature is invalid.");
  if (error instanceof errors.JWKSNoMatchingKey) return invalid("The access token is signed with a key the issuer does not publish.");
  if (error instanceof errors.JWTInvalid || error instanceof errors.JWSInvalid) return invalid("The access token is malformed.");
  if (error instanceof GatewayError) return error;
  return invalid("The access token could not be verified.");
}

export class OidcVerifier {
  #jwks: Promise<ReturnType<typeof createRemoteJWKSet>> | undefined;
  readonly #remembered = new Map<string, VerifiedToken>();

  constructor(private readonly settings: OidcSettings) {}

  async verify(token: string): Promise<VerifiedToken> {
    const known = this.#remembered.get(token);
    if (known) {
      if (known.expiresAt > Date.now()) return known;
      this.#remembered.delete(token);
    }
    let payload: JWTPayload;
    try {
      const { payload: verified } = await jwtVerify(token, await this.#keySet(), {
        issuer: this.settings.issuer,
        ...(this.settings.audience ? { audience: this.settings.audience } : {}),
        algorithms: this.settings.algorithms,
        requiredClaims: ["exp"],
      });
      payload = verified;
    } catch (error) {
      throw describeJoseError(error);
    }
    const subjects = [payload.sub, payload.client_id].filter((s): s is string => typeof s === "string" && s.length > 0);
    if (subjects.length === 0) throw invalid("The access token has no subject (sub or client_id).");
    const result: VerifiedToken = {
      subjects,
      ...(typeof payload.email === "string" ? { email: payload.email } : {}),
      expiresAt: (payload.exp ?? 0) * 1000,
    };
    if (this.#remembered.size >= MAX_REMEMBERED_TOKENS) this.#remembered.clear();
    this.#remembered.set(token, result);
    return result;
  }

  #keySet(): Promise<ReturnType<typeof createRemoteJWKSet>> {
    this.#jwks ??= this.#discover().catch((error: unknown) => {
      this.#jwks = undefined;
      throw error;
    });
    return this.#jwks;
  }

  async #discover(): Promise<ReturnType<typeof createRemoteJWKSet>> {
    if (this.settings.jwksUrl) return createRemoteJWKSet(new URL(this.settings.jwksUrl));
    const discovery = new URL(".well-known/openid-configuration", this.settings.issuer.endsWith("/") ? this.settings.issuer : `${this.settings.issuer}/`);
    let jwksUri: unknown;
    try {
      const response = await fetch(discovery, { signal: AbortSignal.timeout(5_000) });
      jwksUri = ((await response.json()) as { jwks_uri?: unknown }).jwks_uri;
    } catch {
      throw invalid("The gateway cannot reach the OIDC issuer's discovery document to verify tokens.");
    }
    if (typeof jwksUri !== "string") throw invalid("The OIDC issuer's discovery document has no jwks_uri.");
    return createRemoteJWKSet(new URL(jwksUri));
  }
}
