import { checkpoint } from "@airlock/recording";
import type { CheckpointRecord } from "./records";

/** The keyed checkpoint over a chain's head (exchange, Postgres connection or seal stream), as queued for the writer. */
export function checkpointRecord(hashKey: Buffer, sessionId: string, chainId: string, lastSeq: number, lastHash: string): CheckpointRecord {
  const sealed = checkpoint(hashKey, sessionId, lastSeq, lastHash);
  return { kind: "checkpoint", id: `${chainId}:${lastSeq}`, sessionId, chainId, lastSeq: sealed.lastSeq, lastHash: sealed.lastHash, mac: sealed.mac };
}
