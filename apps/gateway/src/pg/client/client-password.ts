// The cleartext fallback: the client sends its Airlock key (or an OIDC access token) as the
// password. Used for user names that select no SCRAM verifier (keys created before verifiers were
// stored, OIDC tokens) when AIRLOCK_PG_PASSWORD_AUTH allows it, and accepted only over TLS, or over
// loopback when the listener allows that. See docs/adr/0005-postgres-auth.md.
import type { Duplex } from "node:stream";
import { authenticationCleartextPassword, decodePassword, FRONTEND, ProtocolError } from "../codec";
import type { FrameSource } from "../net/frame-source";

export type PlaintextPasswordPolicy = "loopback" | "never";

export class ClientAuthError extends Error {
  constructor(
    readonly sqlstate: string,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return address === "::1" || address.startsWith("127.") || address.startsWith("::ffff:127.");
}

/** Checks the transport, asks for the password, and returns it (the key, not yet verified). */
export async function readClientPassword(
  socket: Duplex,
  source: FrameSource,
  opts: { encrypted: boolean; remoteAddress: string | undefined; policy: PlaintextPasswordPolicy; timeoutMs: number },
): Promise<string> {
  if (!opts.encrypted && !(opts.policy === "loopback" && isLoopback(opts.remoteAddress))) {
    throw new ClientAuthError(
      "28000",
      "Airlock accepts keys only over TLS from this address: connect with sslmode=require (or verify-full).",
    );
  }
  socket.write(authenticationCleartextPassword());
  const frame = await source.next(opts.timeoutMs);
  if (frame.type !== FRONTEND.password) throw new ProtocolError("expected a password message");
  return decodePassword(frame.body);
}
