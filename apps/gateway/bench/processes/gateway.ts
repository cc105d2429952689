// The gateway under test, in a process of its own so that its RSS and CPU profile are its own.
// Configuration comes from the environment exactly as in production (startGateway(process.env));
// log lines go to stdout, which the runner discards, so logging costs what it costs in production.
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { findSourceMap } from "node:module";
import { startGateway } from "../../src/index";
import { failStartup, serveCommands } from "../lib/ipc";
import { createStubRecorder } from "../lib/stub-recorder";

// BENCH_STUB_RECORDER=1: the recorder is replaced by one that stores nothing (see stub-recorder.ts).
const stubRecorder = process.env.BENCH_STUB_RECORDER === "1";

// Connected only when a profile is asked for, so the measured runs carry no inspector session.
let profiler: Session | undefined;

interface Frame {
  url: string;
  lineNumber: number;
  columnNumber: number;
  functionName: string;
}

/**
 * Rewrites profile frames from the bundle to the TypeScript sources through the bundle's source
 * map (available when the child runs with --enable-source-maps), so hot spots name real files.
 */
function toOriginalPositions<T extends { nodes: { callFrame: Frame }[] }>(profile: T): T {
  for (const { callFrame } of profile.nodes) {
    if (!callFrame.url.startsWith("file:")) continue;
    const entry = findSourceMap(callFrame.url)?.findEntry(callFrame.lineNumber, callFrame.columnNumber);
    if (!entry || !("originalSource" in entry)) continue;
    callFrame.url = entry.originalSource;
    callFrame.lineNumber = entry.originalLine;
    callFrame.columnNumber = entry.originalColumn;
  }
  return profile;
}

try {
  const gateway = await startGateway(process.env, {
    drainTimeoutMs: 2_000,
    ...(stubRecorder ? { parts: { createRecorder: async () => createStubRecorder() } } : {}),
  });
  serveCommands(
    { http: gateway.httpPort, admin: gateway.adminPort },
    {
      /** Writes everything the recorder still holds; answers with what is left (0 when all is stored). */
      flush: async () => {
        await gateway.services.recorder.flush({ timeoutMs: 180_000 });
        return gateway.services.recorder.pending();
      },
      pending: () => gateway.services.recorder.pending(),
      // The same V8 CPU profile as `node --cpu-prof`, but covering only the load, not start-up.
      "profile-start": async () => {
        profiler = new Session();
        profiler.connect();
        await profiler.post("Profiler.enable");
        await profiler.post("Profiler.start");
      },
      "profile-stop": async () => {
        if (!profiler) throw new Error("no profile was started");
        const { profile } = await profiler.post("Profiler.stop");
        profiler.disconnect();
        const file = process.env.BENCH_PROFILE_FILE;
        if (!file) throw new Error("BENCH_PROFILE_FILE is not set");
        writeFileSync(file, JSON.stringify(toOriginalPositions(profile)));
        return file;
      },
      memory: () => process.memoryUsage(),
      /** Memory after a full garbage collection (needs --expose-gc): what is really retained. */
      "memory-after-gc": () => {
        (globalThis as { gc?: () => void }).gc?.();
        return process.memoryUsage();
      },
      stop: () => gateway.close(),
    },
  );
} catch (error) {
  failStartup(error);
}
