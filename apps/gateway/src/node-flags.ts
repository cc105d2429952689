// The node flags the gateway runs with (ADR 0012, docs/configuration.md). V8 reads them when it
// sets up the heap, so setting them from inside the process comes too late, and node refuses them
// in NODE_OPTIONS: every launcher puts them on node's command line. They live in node-flags.json
// so that the launchers outside this package (`pnpm start`, the e2e stack, the bench) read the
// same list; the package's own start script spells them out, and a test keeps it in step.
import flags from "../node-flags.json" with { type: "json" };

export const GATEWAY_NODE_FLAGS: readonly string[] = flags;

/** The gateway's flags that `execArgv` (node's flags for this process) lacks. */
export function missingNodeFlags(execArgv: readonly string[]): string[] {
  return GATEWAY_NODE_FLAGS.filter((flag) => !execArgv.includes(flag));
}
