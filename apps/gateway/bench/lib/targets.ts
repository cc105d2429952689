// The configurations measured side by side, each a URL the load generators hit.
import type { BenchChild } from "./children";
import { MASKED_CONNECTION, PLAIN_CONNECTION } from "./seed";

export type TargetName = "direct" | "airlock-masked" | "airlock-plain" | "airlock-unrecorded" | "bare-proxy";

export interface Target {
  name: TargetName;
  description: string;
  url: string;
  /** Sent by every configuration so request sizes match; only Airlock checks it. */
  auth: string;
  /** The gateway process behind this target, when it is one (to wait for its recorder). */
  gateway?: BenchChild;
  /** The process doing this configuration's work (the proxy; the upstream for direct), for CPU time. */
  worker: BenchChild;
}

export const TARGET_DESCRIPTIONS: Record<TargetName, string> = {
  direct: "client → bench upstream (no proxy)",
  "airlock-masked": "Airlock, recording on, masking rules email + payment_card + secret_key in both directions",
  "airlock-plain": "Airlock, recording on, no masking or guardrail rules",
  "airlock-unrecorded": "Airlock, no rules, recorder replaced by a stub that stores nothing (not a product setting)",
  "bare-proxy": "http-proxy-3 with a keep-alive agent, nothing else (the floor for a Node proxy)",
};

const PATH = "/v1/chat/completions";

export interface TargetServers {
  upstream: BenchChild;
  gateway: BenchChild;
  unrecordedGateway?: BenchChild;
  proxy: BenchChild;
  apiKey: string;
}

export function buildTargets(s: TargetServers): Target[] {
  const base = (child: BenchChild) => `http://127.0.0.1:${child.ports.http}`;
  const auth = `Bearer ${s.apiKey}`;
  const targets: Target[] = [
    { name: "direct", description: TARGET_DESCRIPTIONS.direct, url: `${base(s.upstream)}${PATH}`, auth, worker: s.upstream },
    { name: "airlock-masked", description: TARGET_DESCRIPTIONS["airlock-masked"], url: `${base(s.gateway)}/c/${MASKED_CONNECTION}${PATH}`, auth, gateway: s.gateway, worker: s.gateway },
    { name: "airlock-plain", description: TARGET_DESCRIPTIONS["airlock-plain"], url: `${base(s.gateway)}/c/${PLAIN_CONNECTION}${PATH}`, auth, gateway: s.gateway, worker: s.gateway },
  ];
  if (s.unrecordedGateway) {
    targets.push({
      name: "airlock-unrecorded",
      description: TARGET_DESCRIPTIONS["airlock-unrecorded"],
      url: `${base(s.unrecordedGateway)}/c/${PLAIN_CONNECTION}${PATH}`,
      auth,
      gateway: s.unrecordedGateway,
      worker: s.unrecordedGateway,
    });
  }
  targets.push({ name: "bare-proxy", description: TARGET_DESCRIPTIONS["bare-proxy"], url: `${base(s.proxy)}${PATH}`, auth, worker: s.proxy });
  return targets;
}

/** The same targets starting at a different one each repetition, so none always runs first. */
export function rotate<T>(items: readonly T[], by: number): T[] {
  const shift = by % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}
