// Runs one SCRAM-SHA-256 exchange with a client over the wire: AuthenticationSASL (mechanisms) →
// SASLInitialResponse → AuthenticationSASLContinue → SASLResponse → AuthenticationSASLFinal. The
// caller sends AuthenticationOk once the key behind the verifier also passes its other checks.
import type { Duplex } from "node:stream";
import type { ScramVerifier } from "@airlock/db";
import {
  authenticationSasl,
  authenticationSaslContinue,
  authenticationSaslFinal,
  decodeSaslInitialResponse,
  decodeSaslResponse,
  FRONTEND,
  ProtocolError,
} from "../codec";
import type { FrameSource } from "../net/frame-source";
import { ScramExchange, ScramProofError, ScramProtocolError, SCRAM_SHA_256, SCRAM_SHA_256_PLUS } from "./scram-exchange";

export interface ScramRun {
  verifier: ScramVerifier;
  /** tls-server-end-point data when the client is on TLS and the listener can bind to its certificate. */
  channelBinding: Buffer | null;
  /** The user is unknown: go through the motions, then fail exactly like a wrong key. */
  doomed: boolean;
  timeoutMs: number;
}

/** Resolves when the proof matches; rejects with ScramProofError (28P01) or ProtocolError (08P01). */
export async function runScram(socket: Duplex, source: FrameSource, run: ScramRun): Promise<void> {
  const exchange = new ScramExchange(run.verifier, { channelBinding: run.channelBinding, doomed: run.doomed });
  socket.write(authenticationSasl(run.channelBinding ? [SCRAM_SHA_256_PLUS, SCRAM_SHA_256] : [SCRAM_SHA_256]));
  try {
    const initial = decodeSaslInitialResponse(await saslFrame(source, run.timeoutMs));
    socket.write(authenticationSaslContinue(exchange.start(initial.mechanism, initial.data)));
    const final = decodeSaslResponse(await saslFrame(source, run.timeoutMs));
    socket.write(authenticationSaslFinal(exchange.finish(final)));
  } catch (error) {
    if (error instanceof ScramProtocolError) throw new ProtocolError(error.message);
    throw error;
  }
}

async function saslFrame(source: FrameSource, timeoutMs: number): Promise<Buffer> {
  const frame = await source.next(timeoutMs);
  if (frame.type !== FRONTEND.password) throw new ProtocolError("expected a SASL response message");
  return frame.body;
}

export { ScramProofError };
