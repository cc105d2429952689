// Reads a V8 CPU profile and lists where the time went: self time per function and per source
// file, and for native frames (socket writes, hashing, GC…) the JavaScript functions that called
// them, so a gateway owner can see the hot spots without opening DevTools.
import { readFileSync } from "node:fs";
import path from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
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
  /** For native frames: the nearest JavaScript callers, by share of busy time. */
  callers?: { name: string; where: string; percent: number }[];
}

export interface ProfileSummary {
  busyMs: number;
  idleMs: number;
  functions: HotSpot[];
  files: HotSpot[];
}

/** Shortens a file URL to something readable: an npm package name or a path inside the repository. */
function shorten(url: string, repoRoot: string): string {
  if (!url) return "(native)";
  if (url.startsWith("node:")) return url;
  const file = url.startsWith("file://") ? decodeURIComponent(new URL(url).pathname) : url;
  const modules = file.lastIndexOf("/node_modules/");
  if (modules !== -1) {
    const rest = file.slice(modules + "/node_modules/".length).split("/");
    return `npm:${rest[0]?.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]}`;
  }
  return path.isAbsolute(file) ? path.relative(repoRoot, file) : file;
}

export function summariseProfile(file: string, repoRoot: string, top = 20): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parents = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parents.set(child, n.id);
  const selfUs = new Map<number, number>();
  // timeDeltas[i] is the time since the previous sample; charge it to the sample it ends on.
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

  const label = (frame: ProfileNode["callFrame"]) => {
    const where = shorten(frame.url, repoRoot);
    return { name: frame.functionName || "(anonymous)", where: frame.url ? `${where}:${frame.lineNumber + 1}` : where, file: frame.url ? where : "" };
  };
  // The nearest caller outside Node's internals (the gateway's or a package's code), or failing
  // that the nearest JavaScript frame: "writev" alone does not say which socket write it was.
  const callers = (id: number) => {
    let nearest: ReturnType<typeof label> | undefined;
    for (let at = parents.get(id); at !== undefined; at = parents.get(at)) {
      const frame = nodes.get(at)?.callFrame;
      if (!frame?.url) continue;
      nearest ??= label(frame);
      if (!frame.url.startsWith("node:")) return { nearest, outside: label(frame) };
    }
    const root = { name: "(root)", where: "", file: "" };
    return { nearest: nearest ?? root, outside: nearest ?? root };
  };

  const byFunction = new Map<string, { name: string; where: string; us: number; callers: Map<string, { name: string; where: string; us: number }> }>();
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
    // The profiler's own inspector messages are not the gateway's work.
    const caller = frame.url ? undefined : callers(id);
    if (caller?.nearest.where.startsWith("node:inspector")) continue;
    busyUs += us;
    const { name, where, file: fileKey } = label(frame);
    const key = `${name}@${where}`;
    const entry = byFunction.get(key) ?? { name, where, us: 0, callers: new Map() };
    entry.us += us;
    if (caller) {
      const callerKey = `${caller.outside.name}@${caller.outside.where}`;
      const c = entry.callers.get(callerKey) ?? { name: caller.outside.name, where: caller.outside.where, us: 0 };
      c.us += us;
      entry.callers.set(callerKey, c);
    }
    byFunction.set(key, entry);
    byFile.set(fileKey || name, (byFile.get(fileKey || name) ?? 0) + us);
  }
  const share = (us: number) => Math.round((us / Math.max(1, busyUs)) * 1000) / 10;
  return {
    busyMs: Math.round(busyUs / 1000),
    idleMs: Math.round(idleUs / 1000),
    functions: [...byFunction.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map((e) => ({
        name: e.name,
        where: e.where,
        selfMs: Math.round(e.us / 100) / 10,
        percent: share(e.us),
        ...(e.callers.size
          ? { callers: [...e.callers.values()].sort((a, b) => b.us - a.us).slice(0, 3).map((c) => ({ name: c.name, where: c.where, percent: share(c.us) })) }
          : {}),
      })),
    files: [...byFile].sort((a, b) => b[1] - a[1]).slice(0, top).map(([where, us]) => ({ name: where, where: "", selfMs: Math.round(us / 100) / 10, percent: share(us) })),
  };
}
