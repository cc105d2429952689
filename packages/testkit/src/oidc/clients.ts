import type { ClientMetadata } from "oidc-provider";

/** oidc-provider's client metadata (RFC 7591 field names), re-exported so callers need not import it. */
export type OidcClientMetadata = ClientMetadata;

/** A machine client that gets JWT access tokens with the `client_credentials` grant. */
export function machineClient(clientId: string, clientSecret: string): ClientMetadata {
  return {
    client_id: clientId,
    client_secret: clientSecret,
    grant_types: ["client_credentials"],
    response_types: [],
    redirect_uris: [],
    token_endpoint_auth_method: "client_secret_basic",
  };
}

/** A confidential web client (e.g. the console's next-auth) using the authorization-code flow. */
export function webClient(options: {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
}): ClientMetadata {
  return {
    client_id: options.clientId,
    client_secret: options.clientSecret,
    grant_types: ["authorization_code", "refresh_token"],
    response_types: ["code"],
    redirect_uris: options.redirectUris,
    post_logout_redirect_uris: options.postLogoutRedirectUris ?? [],
    token_endpoint_auth_method: "client_secret_basic",
  };
}
