// The server side of one SCRAM-SHA-256 exchange (RFC 5802, RFC 7677) as PostgreSQL runs it: pure
// message logic, no I/O. Hand-written because npm has SCRAM clients but no maintained server-side
// implementation; the key derivation and verifier format are shared with key creation
// (@airlock/db). The user name inside the SCRAM messages is ignored, as PostgreSQL does: the
// startup packet's `user` chose the verifier.
import { randomBytes, timingSafeEqual } from "node:crypto";
import { hmacSha256, sha256, type ScramVerifier } from "@airlock/db";

export const SCRAM_SHA_256 = "SCRAM-SHA-256";
export const SCRAM_SHA_256_PLUS = "SCRAM-SHA-256-PLUS";

/** The client's messages break the SCRAM grammar (or choose what was not offered): 08P01. */
export class ScramProtocolError extends Error {}

/** The proof does not match the verifier (wrong key, or no such user): 28P01. */
export class ScramProofError extends Error {}

export interface ScramExchangeOptions {
  /**
   * tls-server-end-point data (RFC 5929: hash of the listener's certificate) when the exchange
   * runs over TLS and SCRAM-SHA-256-PLUS was offered; null otherwise.
   */
  channelBinding: Buffer | null;
  /** Always fail at the proof, whatever the client sends: used for unknown users (no enumeration). */
  doomed?: boolean;
  /** Test vectors fix the server nonce; otherwise 18 random bytes, as PostgreSQL uses. */
  serverNonce?: string;
}

interface ClientFirst {
  gs2Header: string;
  bare: string;
  clientNonce: string;
}

const PRINTABLE = /^[\x21-\x2b\x2d-\x7e]+$/;

function attributes(message: string): { name: string; value: string }[] {
  return message.split(",").map((part) => {
    if (part.length < 2 || part[1] !== "=") throw new ScramProtocolError(`malformed SCRAM message (attribute '${part.slice(0, 20)}')`);
    return { name: part[0]!, value: part.slice(2) };
  });
}

export class ScramExchange {
  #first: (ClientFirst & { serverFirst: string; nonce: string }) | null = null;
  readonly #serverNonce: string;

  constructor(
    private readonly verifier: ScramVerifier,
    private readonly options: ScramExchangeOptions,
  ) {
    this.#serverNonce = options.serverNonce ?? randomBytes(18).toString("base64");
  }

  /** client-first-message → server-first-message (nonce, salt, iteration count). */
  start(mechanism: string, clientFirstMessage: string): string {
    const plusOffered = this.options.channelBinding !== null;
    if (mechanism !== SCRAM_SHA_256 && !(mechanism === SCRAM_SHA_256_PLUS && plusOffered)) {
      throw new ScramProtocolError(`SASL mechanism '${mechanism}' was not offered`);
    }
    const first = this.#parseClientFirst(mechanism, clientFirstMessage);
    const nonce = first.clientNonce + this.#serverNonce;
    const serverFirst = `r=${nonce},s=${this.verifier.salt.toString("base64")},i=${this.verifier.iterations}`;
    this.#first = { ...first, serverFirst, nonce };
    return serverFirst;
  }

  /** client-final-message → server-final-message (the server signature); throws on a bad proof. */
  finish(clientFinalMessage: string): string {
    const first = this.#first;
    if (!first) throw new ScramProtocolError("SCRAM final message before the first one");
    const proofAt = clientFinalMessage.lastIndexOf(",p=");
    if (proofAt < 0) throw new ScramProtocolError("malformed SCRAM message (no proof)");
    const withoutProof = clientFinalMessage.slice(0, proofAt);
    const attrs = attributes(withoutProof);
    if (attrs[0]?.name !== "c" || attrs[1]?.name !== "r") throw new ScramProtocolError("malformed SCRAM message (expected c= and r=)");
    const expectedBinding = Buffer.concat([Buffer.from(first.gs2Header), first.gs2Header.startsWith("p=") ? this.options.channelBinding! : Buffer.alloc(0)]);
    if (!safeEqual(Buffer.from(attrs[0].value, "base64"), expectedBinding)) {
      throw new ScramProofError("SCRAM channel binding check failed");
    }
    if (attrs[1].value !== first.nonce) throw new ScramProtocolError("SCRAM nonce mismatch");
    const proof = Buffer.from(clientFinalMessage.slice(proofAt + 3), "base64");
    const authMessage = `${first.bare},${first.serverFirst},${withoutProof}`;
    const clientSignature = hmacSha256(this.verifier.storedKey, authMessage);
    if (proof.length !== clientSignature.length) throw new ScramProofError("SCRAM proof has the wrong length");
    const clientKey = Buffer.alloc(proof.length);
    for (let i = 0; i < proof.length; i++) clientKey[i] = proof[i]! ^ clientSignature[i]!;
    const matches = timingSafeEqual(sha256(clientKey), this.verifier.storedKey);
    if (!matches || this.options.doomed) throw new ScramProofError("SCRAM proof does not match");
    return `v=${hmacSha256(this.verifier.serverKey, authMessage).toString("base64")}`;
  }

  #parseClientFirst(mechanism: string, message: string): ClientFirst {
    // gs2-header: channel-binding flag, optional authzid (unsupported, as in PostgreSQL), then the bare message.
    const flagEnd = message.indexOf(",");
    const authzEnd = message.indexOf(",", flagEnd + 1);
    if (flagEnd < 0 || authzEnd < 0) throw new ScramProtocolError("malformed SCRAM message (gs2 header)");
    const flag = message.slice(0, flagEnd);
    if (message.slice(flagEnd + 1, authzEnd) !== "") throw new ScramProtocolError("SCRAM authorization identities are not supported");
    const plus = mechanism === SCRAM_SHA_256_PLUS;
    if (plus ? flag !== "p=tls-server-end-point" : flag !== "n" && flag !== "y") {
      throw new ScramProtocolError(`SCRAM channel binding flag '${flag.slice(0, 30)}' does not match mechanism ${mechanism}`);
    }
    // "y": the client could bind but believes the server cannot. If PLUS was offered, someone
    // removed it on the way: a downgrade (RFC 5802 §6).
    if (flag === "y" && this.options.channelBinding !== null) throw new ScramProofError("SCRAM channel binding downgrade");
    const bare = message.slice(authzEnd + 1);
    const attrs = attributes(bare);
    if (attrs[0]?.name === "m") throw new ScramProtocolError("SCRAM extensions are not supported");
    if (attrs[0]?.name !== "n" || attrs[1]?.name !== "r") throw new ScramProtocolError("malformed SCRAM message (expected n= and r=)");
    const clientNonce = attrs[1].value;
    if (!PRINTABLE.test(clientNonce)) throw new ScramProtocolError("malformed SCRAM message (nonce)");
    return { gs2Header: message.slice(0, authzEnd + 1), bare, clientNonce };
  }
}

function safeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
