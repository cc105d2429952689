export { startGateway, type RunningGateway, type StartGatewayOptions, type GatewayParts, type PgListener } from "./start-gateway";
export { StartupError } from "./build-services";
export { ConfigError, loadGatewayConfig, gatewayEnvSchema, type GatewayConfig } from "./config";
export { ListenError } from "./net/listen";
export type { GatewayServices } from "./services";
