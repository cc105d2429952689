// The one log line per exchange. It is built from fixed, flat fields (ids, names, status, timings),
// never payloads or headers, so the nested wildcard redaction of the base logger (about 20 µs a
// line, a visible share of a request's CPU) is replaced by the top-level paths only, which stay as
// a guard should a credential-named field ever be added.
import type { Logger } from "pino";
import { REDACT_CENSOR, TOP_LEVEL_REDACT_PATHS } from "./logger";

const exchangeLoggers = new WeakMap<Logger, Logger>();

/** A child of `logger` with cheap redaction, for flat per-exchange lines; one per logger. */
export function exchangeLogger(logger: Logger): Logger {
  let child = exchangeLoggers.get(logger);
  if (!child) {
    child = logger.child({}, { redact: { paths: [...TOP_LEVEL_REDACT_PATHS], censor: REDACT_CENSOR } });
    exchangeLoggers.set(logger, child);
  }
  return child;
}
