// What every part of the gateway is handed at start-up. main.ts builds one of these; the HTTP
// data path, the Postgres listener, the recorder and approvals all take it (or parts of it), so
// each can be tested with real pieces on a test database.
import type { Db } from "@airlock/db";
import type { Logger } from "pino";
import type { Registry } from "prom-client";
import type { Masker, Guardrails } from "@airlock/policy";
import type { GatewayConfig } from "./config";
import type { Identity } from "./identity";
import type { Recorder } from "./recorder/types";
import type { ApprovalGate } from "./approval/types";

export type ConnectionKind = "openai" | "anthropic" | "http" | "postgres";

/**
 * A connection as the data path needs it. The credential is decrypted in memory on first use and
 * kept with the cache entry, so it leaves memory when the entry expires or is invalidated.
 */
export interface ResolvedConnection {
  id: string;
  name: string;
  kind: ConnectionKind;
  upstreamUrl: string;
  enabled: boolean;
  authHeader: string | null;
  options: Record<string, unknown>;
  /** Private and link-local upstream addresses are allowed for this connection (admin's choice). */
  allowPrivateNetwork?: boolean;
  /** The upstream credential (decrypted in memory only); null when the connection has none. */
  credential(): string | null;
}

export interface Authenticator {
  /** Resolves an Airlock key (`alk_…`) or an OIDC access token; throws GatewayError (401) otherwise. */
  authenticate(secret: string): Promise<Identity>;
  /**
   * The same checks for a key whose holder proved possession without sending it (SCRAM on the
   * Postgres port), found by its SHA-256 hash.
   */
  authenticateKeyHash(keyHash: string): Promise<Identity>;
  /** Throws GatewayError 403 when the identity (and its key's scope) may not use the connection. */
  authorize(identity: Identity, connection: ResolvedConnection): Promise<void>;
}

export interface ConnectionDirectory {
  /** Throws GatewayError 404 for an unknown name. Cached; invalidated by NOTIFY. */
  byName(name: string): Promise<ResolvedConnection>;
}

/** Compiled masking and guardrail rules for one connection (global rules included). Cached. */
export interface ConnectionRules {
  requestMasker: Masker;
  responseMasker: Masker;
  /**
   * Recordings hold no value any rule would mask, whichever direction the rule is for: these apply
   * the rules of the other direction to recorded request / response content (empty when every rule
   * already covers both directions).
   */
  recordRequestMasker?: Masker;
  recordResponseMasker?: Masker;
  guardrails: Guardrails;
  /** Postgres result masking: column-name globs that are always masked, and with which label. */
  columnRules: { columns: string[]; label: string }[];
  /** Reversible pseudonymisation is on for this connection (connection option `pseudonymize`). */
  pseudonymize: boolean;
}

export interface RuleDirectory {
  forConnection(connectionId: string): Promise<ConnectionRules>;
}

export interface Notifications {
  /** Subscribes to a LISTEN/NOTIFY channel; payload is the raw NOTIFY string. Returns unsubscribe. */
  subscribe(channel: string, onMessage: (payload: string) => void): () => void;
  /** Runs after the LISTEN connection came back from an outage (notifications may have been missed). */
  onReconnect?(handler: () => void): () => void;
  close(): Promise<void>;
}

export interface GatewayServices {
  config: GatewayConfig;
  db: Db;
  logger: Logger;
  metrics: Registry;
  masterKey: Buffer;
  /** For keyed-hash masking and recording checkpoints. */
  hashKey: Buffer;
  replicaId: string;
  notifications: Notifications;
  auth: Authenticator;
  connections: ConnectionDirectory;
  rules: RuleDirectory;
  recorder: Recorder;
  approvals: ApprovalGate;
}
