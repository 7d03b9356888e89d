// Structured JSON logs (pino). Request logs carry the request id as `reqId`.
import pino from "pino";
import type { Config } from "./config.ts";

export type Logger = pino.Logger;

/** `destination`: where the lines go (default stdout); tests pass a stream to read them. */
export function createLogger(config: Pick<Config, "logLevel">, destination?: pino.DestinationStream): Logger {
  return pino({
    level: config.logLevel,
    base: { service: "deleveraging-graph" },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Credentials never reach the log, whatever a handler decides to log.
    redact: { paths: ["req.headers.authorization", "headers.authorization", "*.apiKey", "*.secret"], censor: "[redacted]" },
  }, destination);
}
