/** Which way data flows through the gateway: client → provider, or provider → client. */
export type Direction = "request" | "response";

export const DIRECTIONS: readonly Direction[] = ["request", "response"];
