// The HMAC key behind masking's "hash" style and the recording checkpoints. The gateway and the
// console must derive the same one, or previews would hash values differently from the gateway
// and every recording would fail verification in the console.
import { createHmac } from "node:crypto";
import { MasterKeyError, parseMasterKey } from "./secrets";

/** AIRLOCK_HASH_KEY (32 bytes base64/hex, or a 32+ character string), else derived from the master key. */
export function deriveHashKey(masterKey: Buffer, override: string | undefined): Buffer {
  if (!override) return createHmac("sha256", masterKey).update("airlock/hash-key/v1").digest();
  try {
    return parseMasterKey(override);
  } catch {
    if (Buffer.byteLength(override) >= 32) return Buffer.from(override, "utf8");
    throw new MasterKeyError("AIRLOCK_HASH_KEY must be 32 bytes (base64 or hex) or at least 32 characters");
  }
}
