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
  /** Busy time by what the code is for (see AREAS), in %. */
  areas: { area: string; percent: number }[];
  functions: HotSpot[];
  files: HotSpot[];
}

// What each piece of code is for. A frame of Node's internals or a native frame belongs to the area
// of the nearest caller outside Node when that is recording, logging, etc. (a socket write for the
// recorder's SQL is recording's cost), and to Node's HTTP plumbing when the caller is the request
// pipeline (forwarding and answering are what every proxy does).
const NODE_AREA = "Node HTTP, sockets, streams (what any Node proxy pays)";
const PIPELINE_AREA = "request pipeline, provider adapters, relay";
const AREAS: [string, RegExp][] = [
  ["recording (events, hash chain, batched SQL)", /^(apps\/gateway\/src\/recorder\/|packages\/recording\/|npm:canonicalize|npm:pg$|npm:pg-protocol|npm:pg-pool)/],
  ["masking and guardrails (policy)", /^packages\/policy\//],
  ["logging (pino)", /^(npm:pino|npm:@pinojs|npm:sonic-boom|npm:fast-redact|apps\/gateway\/src\/logging\/)/],
  ["metrics (prom-client)", /^(npm:prom-client|apps\/gateway\/src\/metrics\/)/],
  ["auth, keys, secrets", /^(apps\/gateway\/src\/(auth|cache|directory)\/|packages\/db\/|npm:@prisma)/],
  [PIPELINE_AREA, /^(apps\/gateway\/src\/|npm:eventsource-parser|npm:zod)/],
  ["bench harness", /^apps\/gateway\/bench\//],
];

function areaOf(file: string): string {
  for (const [area, pattern] of AREAS) if (pattern.test(file)) return area;
  return file.startsWith("npm:") ? `other packages (${file})` : NODE_AREA;
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
  const byArea = new Map<string, number>();
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
    const special = frame.functionName === "(garbage collector)" ? "garbage collection" : frame.functionName === "(program)" ? "V8 and native, unattributed" : undefined;
    const own = frame.url && !frame.url.startsWith("node:");
    const outside = own ? label(frame).file : callers(id).outside.file;
    const outsideArea = outside ? areaOf(outside) : NODE_AREA;
    const area = special ?? (own || outsideArea !== PIPELINE_AREA ? outsideArea : NODE_AREA);
    byArea.set(area, (byArea.get(area) ?? 0) + us);
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
    areas: [...byArea].sort((a, b) => b[1] - a[1]).map(([area, us]) => ({ area, percent: share(us) })),
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
