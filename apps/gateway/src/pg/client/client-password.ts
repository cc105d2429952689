// Authenticating the client with its Airlock key as the password. The gateway stores only a
// SHA-256 of each key, so it cannot run SCRAM (the server side of SCRAM needs keys derived from
// the password itself); it asks for the password in cleartext instead and accepts that only over
// TLS, or over loopback when the listener allows it. See docs/adr/0005-postgres-auth.md.
import type { Duplex } from "node:stream";
import { authenticationCleartextPassword, decodePassword, FRONTEND, ProtocolError } from "../codec";
import type { FrameSource } from "../net/frame-source";

export type PlaintextPasswordPolicy = "loopback" | "never";

export class ClientAuthError extends Error {
  constructor(
    readonly sqlstate: string,
    message: string,
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
