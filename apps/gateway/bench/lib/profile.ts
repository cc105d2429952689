// Reads a V8 .cpuprofile (node --cpu-prof) and lists where the time went: self time per function
// and per source file, so a gateway owner can see the hot spots without opening DevTools.
import { readFileSync } from "node:fs";
import path from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface HotSpot {
  name: string;
  where: string;
  selfMs: number;
  /** Share of the busy (non-idle) time. */
  percent: number;
}

export interface ProfileSummary {
  busyMs: number;
  idleMs: number;
  functions: HotSpot[];
  files: HotSpot[];
}

/** Shortens a file URL to something readable: a package name or a path inside the repository. */
function shorten(url: string, repoRoot: string): string {
  if (!url) return "(native)";
  if (url.startsWith("node:")) return url;
  const file = url.startsWith("file://") ? decodeURIComponent(new URL(url).pathname) : url;
  const modules = file.lastIndexOf("/node_modules/");
  if (modules !== -1) {
    const rest = file.slice(modules + "/node_modules/".length).split("/");
    return `npm:${rest[0]?.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]}`;
  }
  return path.relative(repoRoot, file);
}

export function summariseProfile(file: string, repoRoot: string, top = 20): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  // timeDeltas[i] is the time since the previous sample; charge it to the sample it ends on.
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

  const byFunction = new Map<string, { name: string; where: string; us: number }>();
  const byFile = new Map<string, number>();
  let idleUs = 0;
  let busyUs = 0;
  for (const [id, us] of selfUs) {
    const frame = nodes.get(id)?.callFrame;
    if (!frame) continue;
    if (frame.functionName === "(idle)") {
      idleUs += us;
      continue;
    }
    busyUs += us;
    const where = shorten(frame.url, repoRoot);
    const name = frame.functionName || "(anonymous)";
    const key = `${name}@${where}:${frame.lineNumber + 1}`;
    const entry = byFunction.get(key) ?? { name, where: frame.url ? `${where}:${frame.lineNumber + 1}` : where, us: 0 };
    entry.us += us;
    byFunction.set(key, entry);
    const fileKey = frame.url ? where : name;
    byFile.set(fileKey, (byFile.get(fileKey) ?? 0) + us);
  }
  const spot = (name: string, where: string, us: number): HotSpot => ({
    name,
    where,
    selfMs: Math.round(us / 100) / 10,
    percent: Math.round((us / Math.max(1, busyUs)) * 1000) / 10,
  });
  return {
    busyMs: Math.round(busyUs / 1000),
    idleMs: Math.round(idleUs / 1000),
    functions: [...byFunction.values()].sort((a, b) => b.us - a.us).slice(0, top).map((e) => spot(e.name, e.where, e.us)),
    files: [...byFile].sort((a, b) => b[1] - a[1]).slice(0, top).map(([where, us]) => spot(where, "", us)),
  };
}
