// Public surface of @airlock/testkit: local stand-ins for everything Airlock talks to.
export { startOpenAIUpstream, type OpenAIUpstreamOptions } from "./openai/openai-upstream";
export { deterministicEmbedding } from "./openai/embeddings";
export { startAnthropicUpstream, type AnthropicUpstreamOptions } from "./anthropic/anthropic-upstream";
export { startRestUpstream, type RestEcho, type RestUpstreamOptions } from "./rest/rest-upstream";
export type { FakeUpstream, RequiredAuth } from "./http/fake-server";
export { preciseNow, type EmittedChunk, type RecordedRequest } from "./http/request-log";
export { startOidcIssuer, type OidcIssuer, type OidcIssuerOptions, type OidcUser } from "./oidc/oidc-issuer";
export { machineClient, webClient, type OidcClientMetadata } from "./oidc/clients";
export { startEmbeddedPostgres, type EmbeddedPostgresOptions, type EmbeddedPostgresServer } from "./postgres/embedded-postgres";
export { startTcpFaultProxy, type TcpFaultProxy, type TcpFaultProxyOptions } from "./net/tcp-fault-proxy";
export { findFreePort } from "./net/free-port";
export { bootStack, type BootOptions, type RunningStack } from "./stack/boot";
