// A JWKS endpoint serving the test issuer's published keys plus one key of the test's own, so a
// test can mint tokens with any claims (expired, wrong audience, ...) that still carry a signature
// the gateway can check.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload, type CryptoKey } from "jose";

export interface TestJwks {
  url: string;
  /** Signs with the test key (published in this JWKS). */
  sign(payload: JWTPayload, options?: { expiresIn?: string | number; alg?: string }): Promise<string>;
  /** Signs with a key that is NOT published, but claims the published test key's kid (a forgery). */
  forge(payload: JWTPayload): Promise<string>;
  close(): Promise<void>;
}

export async function startTestJwks(issuerJwksUri: string): Promise<TestJwks> {
  const issuerKeys = ((await (await fetch(issuerJwksUri)).json()) as { keys: JWK[] }).keys;
  const own = await generateKeyPair("RS256", { extractable: true });
  const stranger = await generateKeyPair("RS256", { extractable: true });
  const kid = "test-own-key";
  const keys = [...issuerKeys, { ...(await exportJWK(own.publicKey)), kid, alg: "RS256", use: "sig" }];
  const server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const signWith = (key: CryptoKey, payload: JWTPayload, expiresIn: string | number = "5m") =>
    new SignJWT(payload).setProtectedHeader({ alg: "RS256", kid }).setIssuedAt().setExpirationTime(expiresIn).sign(key);
  return {
    url: `http://127.0.0.1:${port}/jwks`,
    sign: (payload, options) => signWith(own.privateKey, payload, options?.expiresIn),
    forge: (payload) => signWith(stranger.privateKey, payload),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** An unsecured JWT (`alg: none`), which must never be accepted. */
export function unsecuredJwt(payload: JWTPayload): string {
  const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
  return `${enc({ alg: "none", typ: "JWT" })}.${enc(payload)}.`;
}
