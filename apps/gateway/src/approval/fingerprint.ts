// Two requests are "the same" for retries when the same identity sends the same bytes to the same
// connection. Fields are length-prefixed so that no choice of material can collide with another
// split of the same characters (e.g. id "ab" + material "c" vs id "a" + material "bc").
import { createHash } from "node:crypto";
import type { Identity } from "../identity";

export function approvalFingerprint(identity: Pick<Identity, "kind" | "id">, connectionId: string, material: string): string {
  const hash = createHash("sha256");
  for (const part of [identity.kind, identity.id, connectionId, material]) {
    hash.update(`${Buffer.byteLength(part)}:`);
    hash.update(part);
  }
  return hash.digest("hex");
}
