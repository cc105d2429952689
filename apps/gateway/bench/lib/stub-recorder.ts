// A recorder that stores nothing, for the "Airlock without recording" configuration only. The
// product has no switch to turn recording off; startGateway's `parts` option lets the bench swap
// the recorder out, so the difference to the recorded configuration is the recorder's own cost
// (queueing, hash chain, batched writes to PostgreSQL). The data path still builds every event.
import type { GatewayParts } from "../../src/index";

type Recorder = Awaited<ReturnType<GatewayParts["createRecorder"]>>;
type RecordingChain = Awaited<ReturnType<Recorder["openChain"]>>;

export function createStubRecorder(): Recorder {
  let chains = 0;
  const chain = (): RecordingChain => {
    chains += 1;
    return { sessionId: "bench-unrecorded", chainId: `bench-${chains}`, sessionCreated: false, append() {}, close() {} };
  };
  return {
    accepting: true,
    openChain: async () => chain(),
    flagSession() {},
    pending: () => 0,
    flush: async () => {},
    close: async () => {},
  };
}
