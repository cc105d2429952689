import { describe, expect, it } from "vitest";
import { buildEvidenceBundle, checkpoint, sessionHead, verifyEvidenceBundle } from "../src/index";
import type { EvidenceBundle } from "../src/index";
import { KEY, SESSION_ID, STARTED_AT, asDatabaseRow, recordChatSession } from "./fixtures";

const events = recordChatSession();
const head = sessionHead(events);
const sealed = checkpoint(KEY, SESSION_ID, head.lastSeq, head.lastHash);
const session = { id: SESSION_ID, startedAt: STARTED_AT, connection: "openai-prod" };

/** The bundle as an auditor receives it: a JSON file. */
function exported(): EvidenceBundle {
  return JSON.parse(JSON.stringify(buildEvidenceBundle(session, events.map(asDatabaseRow), sealed))) as EvidenceBundle;
}

describe("evidence bundles", () => {
  it("carry the events, the chain proof and instructions as plain JSON", () => {
    const bundle = exported();
    expect(bundle.format).toBe("airlock.evidence.v1");
    expect(bundle.session).toEqual({ id: SESSION_ID, startedAt: "2025-03-01T09:00:00.000Z", connection: "openai-prod" });
    expect(bundle.events).toEqual(events);
    expect(bundle.proof.head).toEqual(head);
    expect(bundle.proof.tails).toEqual([{ seq: 7, hash: events[6]!.hash }]);
    expect(bundle.proof.checkpoint).toEqual(sealed);
    expect(bundle.howToVerify.join("\n")).toMatch(/RFC 8785/);
  });

  it("verify with the key, and without it say the checkpoint is unauthenticated", () => {
    expect(verifyEvidenceBundle(exported(), KEY)).toEqual({
      ok: true,
      checkpointAuthenticated: true,
      checkpointedThroughSeq: 7,
      unsealedEvents: 0,
    });
    expect(verifyEvidenceBundle(exported())).toMatchObject({ ok: true, checkpointAuthenticated: false });
  });

  it("pinpoint an event edited in the file", () => {
    const bundle = exported();
    const response = bundle.events[3]!;
    bundle.events[3] = { ...response, payload: { ...response.payload, status: 500 } } as typeof response;
    expect(verifyEvidenceBundle(bundle, KEY)).toMatchObject({ ok: false, brokenAtSeq: 4 });
  });

  it("fail under the wrong key or with a checkpoint edited to match forged events", () => {
    expect(verifyEvidenceBundle(exported(), "y".repeat(32))).toMatchObject({ ok: false, brokenAtSeq: null });
    const bundle = exported();
    bundle.events.pop();
    bundle.proof.checkpoint = { ...bundle.proof.checkpoint, lastSeq: 6, lastHash: bundle.events[5]!.hash };
    expect(verifyEvidenceBundle(bundle)).toMatchObject({ ok: true, checkpointAuthenticated: false });
    expect(verifyEvidenceBundle(bundle, KEY)).toMatchObject({ ok: false });
  });

  it("reject files that are not bundles", () => {
    expect(verifyEvidenceBundle(null)).toMatchObject({ ok: false, reason: "not an Airlock evidence bundle: not an object" });
    const bundle = exported() as unknown as { events: unknown[] };
    bundle.events[2] = { seq: "3" };
    expect(verifyEvidenceBundle(bundle)).toMatchObject({ ok: false, reason: "not an Airlock evidence bundle: events[2] is malformed" });
  });

  it("are only built from one session's events and checkpoint", () => {
    expect(() => buildEvidenceBundle({ id: "ses_other" }, events, sealed)).toThrow(/checkpoint is for session/);
  });
});
