// The server side of SCRAM-SHA-256 as a pure exchange: RFC 7677's test vector, node-postgres's own
// client code as the other party, and the ways a client can get it wrong.
import sasl from "pg/lib/crypto/sasl";
import { describe, expect, it } from "vitest";
import { deriveScramVerifier, generateApiKey } from "@airlock/db";
import { ScramExchange, ScramProofError, ScramProtocolError } from "../src/pg/client/scram-exchange";

// RFC 7677 §3: user "user", password "pencil".
const RFC = {
  salt: Buffer.from("W22ZaJ0SNY7soEsUEjb6gQ==", "base64"),
  serverNonce: "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0",
  clientFirst: "n,,n=user,r=rOprNGfwEbeRWgbNEkqO",
  serverFirst: "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
  clientFinal: "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
  serverFinal: "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=",
};

function rfcExchange(password = "pencil", options: { doomed?: boolean; channelBinding?: Buffer | null } = {}) {
  return new ScramExchange(deriveScramVerifier(password, RFC.salt, 4096), {
    channelBinding: options.channelBinding ?? null,
    serverNonce: RFC.serverNonce,
    ...(options.doomed ? { doomed: true } : {}),
  });
}

/** Runs node-postgres's SCRAM client against the exchange; resolves when the client accepted the server's signature. */
async function withNodePostgres(password: string, exchange: ScramExchange, stream?: unknown): Promise<void> {
  const session = sasl.startSession(stream ? ["SCRAM-SHA-256-PLUS", "SCRAM-SHA-256"] : ["SCRAM-SHA-256"], stream);
  const serverFirst = exchange.start(session.mechanism, session.response);
  await sasl.continueSession(session, password, serverFirst, stream);
  sasl.finalizeSession(session, exchange.finish(session.response));
}

describe("SCRAM-SHA-256 server exchange", () => {
  it("reproduces RFC 7677's test vector", () => {
    const exchange = rfcExchange();
    expect(exchange.start("SCRAM-SHA-256", RFC.clientFirst)).toBe(RFC.serverFirst);
    expect(exchange.finish(RFC.clientFinal)).toBe(RFC.serverFinal);
  });

  it("refuses the vector's proof for another password", () => {
    const exchange = rfcExchange("pencil2");
    exchange.start("SCRAM-SHA-256", RFC.clientFirst);
    expect(() => exchange.finish(RFC.clientFinal)).toThrow(ScramProofError);
  });

  it("fails a doomed exchange even when the proof is right", () => {
    const exchange = rfcExchange("pencil", { doomed: true });
    exchange.start("SCRAM-SHA-256", RFC.clientFirst);
    expect(() => exchange.finish(RFC.clientFinal)).toThrow(ScramProofError);
  });

  it("authenticates node-postgres's client with an Airlock key, which verifies the server's signature", async () => {
    const key = generateApiKey();
    await expect(withNodePostgres(key, new ScramExchange(deriveScramVerifier(key), { channelBinding: null }))).resolves.toBeUndefined();
    await expect(withNodePostgres(generateApiKey(), new ScramExchange(deriveScramVerifier(key), { channelBinding: null }))).rejects.toThrow(ScramProofError);
  });

  it("accepts 'y' (client can bind, server did not offer it) only when -PLUS was not offered", () => {
    const clientFirst = RFC.clientFirst.replace(/^n,,/, "y,,");
    expect(rfcExchange().start("SCRAM-SHA-256", clientFirst)).toBe(RFC.serverFirst);
    expect(() => rfcExchange("pencil", { channelBinding: Buffer.alloc(32, 7) }).start("SCRAM-SHA-256", clientFirst)).toThrow(ScramProofError);
  });

  it("refuses a final message whose channel binding does not repeat the gs2 header", () => {
    const exchange = rfcExchange();
    exchange.start("SCRAM-SHA-256", RFC.clientFirst);
    expect(() => exchange.finish(RFC.clientFinal.replace("c=biws", "c=eSws"))).toThrow(ScramProofError);
  });

  it("rejects what breaks the grammar or was not offered", () => {
    expect(() => rfcExchange().start("SCRAM-SHA-256-PLUS", RFC.clientFirst)).toThrow(ScramProtocolError);
    expect(() => rfcExchange().start("SCRAM-SHA-1", RFC.clientFirst)).toThrow(ScramProtocolError);
    expect(() => rfcExchange().start("SCRAM-SHA-256", "n,a=admin,n=user,r=abc")).toThrow(ScramProtocolError);
    expect(() => rfcExchange().start("SCRAM-SHA-256", "n,,m=ext,n=user,r=abc")).toThrow(ScramProtocolError);
    expect(() => rfcExchange().start("SCRAM-SHA-256", "garbage")).toThrow(ScramProtocolError);
    const exchange = rfcExchange();
    expect(() => exchange.finish(RFC.clientFinal)).toThrow(ScramProtocolError);
    exchange.start("SCRAM-SHA-256", RFC.clientFirst);
    expect(() => exchange.finish(RFC.clientFinal.replace("r=rOpr", "r=xOpr"))).toThrow(ScramProtocolError);
  });
});
