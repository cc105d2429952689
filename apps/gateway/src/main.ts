// The gateway process: configuration from the environment, listeners up, graceful shutdown on
// SIGINT/SIGTERM. Start-up problems an operator can fix print one line and exit 1, no stack trace.
import { ConfigError } from "./config";
import { StartupError } from "./build-services";
import { ListenError } from "./net/listen";
import { startGateway } from "./start-gateway";

function fail(message: string): never {
  console.error(`airlock-gateway: ${message}`);
  process.exit(1);
}

async function main(): Promise<void> {
  let gateway;
  try {
    gateway = await startGateway(process.env);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof StartupError || error instanceof ListenError) fail(error.message);
    fail(`could not start: ${(error as Error)?.message ?? String(error)}`);
  }
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      console.error(`airlock-gateway: ${signal} again, exiting without waiting`);
      process.exit(1);
    }
    stopping = true;
    gateway.services.logger.info({ signal }, "shutting down: no new requests, finishing in-flight ones, flushing recordings");
    const logger = gateway.services.logger;
    gateway.close().then(
      // Log lines are written asynchronously: flush them before the process ends.
      () => logger.flush(() => process.exit(0)),
      (error: unknown) => fail(`shutdown failed: ${(error as Error)?.message ?? String(error)}`),
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

void main();
