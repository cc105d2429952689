// The gateway under test, in a process of its own so that its RSS and CPU profile are its own.
// Configuration comes from the environment exactly as in production (startGateway(process.env));
// log lines go to stdout, which the runner discards, so logging costs what it costs in production.
import { startGateway } from "../../src/index";
import { failStartup, serveCommands } from "../lib/ipc";
import { createStubRecorder } from "../lib/stub-recorder";

// BENCH_STUB_RECORDER=1: the recorder is replaced by one that stores nothing (see stub-recorder.ts).
const stubRecorder = process.env.BENCH_STUB_RECORDER === "1";

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
      stop: () => gateway.close(),
    },
  );
} catch (error) {
  failStartup(error);
}
