// Who is connecting: the startup `user` picks the method. A key's own Postgres user name (`alkpg_…`)
// selects its SCRAM-SHA-256 verifier and the client proves the key without sending it; any other
// name falls back to the key as a cleartext password when AIRLOCK_PG_PASSWORD_AUTH allows it
// ("scram-or-cleartext", over TLS or loopback only). Under "scram", other names go through a SCRAM
// exchange that cannot succeed, so a made-up name and a wrong key look the same to the client.
// A failed SCRAM exchange never falls back to cleartext. See docs/adr/0005-postgres-auth.md.
import { randomBytes } from "node:crypto";
import type { Duplex } from "node:stream";
import { hmacSha256, SCRAM_ITERATIONS, type ScramVerifier } from "@airlock/db";
import type { Identity } from "../../identity";
import type { Authenticator } from "../../services";
import type { FrameSource } from "../net/frame-source";
import { ClientAuthError, readClientPassword, type PlaintextPasswordPolicy } from "./client-password";
import { runScram, ScramProofError } from "./client-scram";
import type { PgUserDirectory } from "./pg-user-directory";

export type PasswordAuthPolicy = "scram" | "scram-or-cleartext";

export interface ClientAuthContext {
  auth: Authenticator;
  pgUsers: PgUserDirectory;
  passwordAuth: PasswordAuthPolicy;
  plaintextPasswords: PlaintextPasswordPolicy;
  /** The listener's tls-server-end-point data (offered to TLS clients as SCRAM-SHA-256-PLUS); null: not offered. */
  channelBinding: Buffer | null;
  /** Server secret that makes the decoy salt for unknown users stable across attempts and replicas. */
  decoySecret: Buffer;
  timeoutMs: number;
}

export interface ClientConnection {
  params: Map<string, string>;
  encrypted: boolean;
  remoteAddress: string | undefined;
}

export interface AuthenticatedClient {
  identity: Identity;
  method: "scram-sha-256" | "cleartext";
  /** Repeats the key's checks (revocation, expiry, owner) for the per-statement access check. */
  reauthenticate(): Promise<Identity>;
}

export async function authenticateClient(socket: Duplex, source: FrameSource, client: ClientConnection, ctx: ClientAuthContext): Promise<AuthenticatedClient> {
  const user = client.params.get("user") ?? "";
  const entry = await ctx.pgUsers.lookup(user);
  if (entry || ctx.passwordAuth === "scram") {
    try {
      await runScram(socket, source, {
        verifier: entry?.verifier ?? decoyVerifier(ctx.decoySecret, user),
        channelBinding: client.encrypted ? ctx.channelBinding : null,
        doomed: !entry,
        timeoutMs: ctx.timeoutMs,
      });
    } catch (error) {
      if (error instanceof ScramProofError) throw scramFailed(user);
      throw error;
    }
    if (!entry) throw scramFailed(user); // a doomed exchange already threw; this keeps the types honest
    const keyHash = entry.keyHash;
    const reauthenticate = () => ctx.auth.authenticateKeyHash(keyHash);
    return { identity: await reauthenticate(), method: "scram-sha-256", reauthenticate };
  }
  const password = await readClientPassword(socket, source, {
    encrypted: client.encrypted,
    remoteAddress: client.remoteAddress,
    policy: ctx.plaintextPasswords,
    timeoutMs: ctx.timeoutMs,
  });
  const reauthenticate = () => ctx.auth.authenticate(password);
  return { identity: await reauthenticate(), method: "cleartext", reauthenticate };
}

function scramFailed(user: string): ClientAuthError {
  return new ClientAuthError(
    "28P01",
    `Airlock key authentication failed for user "${user}"`,
    "Connect with user = the key's Postgres user name (alkpg_…, shown when the key was created) and password = the key. Keys created before Airlock stored SCRAM verifiers have no such name: issue a new key.",
  );
}

/**
 * A verifier no password matches, with the salt a real one for this name would keep showing, so
 * the exchange for an unknown name looks like any other (as PostgreSQL's mock authentication).
 */
function decoyVerifier(secret: Buffer, user: string): ScramVerifier {
  return {
    iterations: SCRAM_ITERATIONS,
    salt: hmacSha256(secret, `airlock pg scram decoy salt\0${user}`).subarray(0, 16),
    storedKey: randomBytes(32),
    serverKey: randomBytes(32),
  };
}
