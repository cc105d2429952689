// node-postgres's SCRAM-SHA-256 client (RFC 5802/7677, with SASLprep and tls-server-end-point
// channel binding); it ships without type declarations for this internal path.
declare module "pg/lib/crypto/sasl" {
  interface ScramSession {
    mechanism: string;
    response: string;
  }
  const sasl: {
    startSession(mechanisms: string[], stream?: unknown): ScramSession;
    continueSession(session: ScramSession, password: string, serverData: string, stream?: unknown): Promise<void>;
    finalizeSession(session: ScramSession, serverData: string): void;
  };
  export default sasl;
}

// node-postgres's reader of a certificate's signature hash (for tls-server-end-point binding).
declare module "pg/lib/crypto/cert-signatures" {
  export function signatureAlgorithmHashFromCertificate(der: Buffer, index?: number): string;
}
