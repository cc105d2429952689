"use client";
import { useSessionVerification } from "@/hooks/use-sessions";
import { Badge } from "../ui/badge";

/** Whether the recording is intact: every hash chain and keyed checkpoint checks out. */
export function IntegrityBadge({ sessionId }: { sessionId: string }) {
  const verification = useSessionVerification(sessionId);
  if (verification.isPending) return <Badge>Verifying…</Badge>;
  if (verification.error) return <Badge tone="amber" title={String(verification.error.message)}>Could not verify</Badge>;
  const v = verification.data;
  if (v.verified) {
    const unsealed = v.chains.filter((c) => !c.sealed).length;
    return (
      <span role="status" className="inline-flex items-center gap-2">
        <Badge tone="green" title={v.summary}>
          <span aria-hidden>✓</span> Chain verified
        </Badge>
        {unsealed > 0 ? <span className="text-xs text-zinc-500">({unsealed} chain{unsealed === 1 ? "" : "s"} not yet checkpointed)</span> : null}
      </span>
    );
  }
  const broken = v.chains.find((c) => !c.ok);
  return (
    <span role="status">
      <Badge tone="red" title={v.summary}>
        <span aria-hidden>✗</span> {broken?.brokenAtSeq !== null && broken?.brokenAtSeq !== undefined ? `Broken at event ${broken.brokenAtSeq}` : v.summary}
      </Badge>
      {broken?.reason ? <span className="ml-2 text-xs text-red-700 dark:text-red-300">{broken.reason}</span> : null}
    </span>
  );
}
