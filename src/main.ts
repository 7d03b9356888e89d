// `npm start`: configuration, then the app, then graceful shutdown on SIGTERM/SIGINT.
import { existsSync } from "node:fs";
import { ConfigError, loadConfig, type Config } from "./config.ts";
import { createLogger } from "./logger.ts";
import { EmbeddedDatabaseBusyError } from "./db/embedded-lock.ts";
import { ClockError } from "./clock.ts";
import { markPhase, startupPhases } from "./observability/startup-phases.ts";

const started = performance.now();
markPhase("node");
let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
const logger = createLogger(config);
// Loaded after the config is known good, so a bad variable is reported before the graph is built.
const { startApp } = await import("./app.ts");
markPhase("modules.after-schema");

/** Exported for test fixtures that run this entry point with something of their own beside it. */
export const running = await startApp(config, logger).catch((error: unknown) => {
  // Another process has the embedded database open: one line, as for a bad setting.
  if (error instanceof EmbeddedDatabaseBusyError || error instanceof ClockError) {
    console.error(`cannot start: ${error.message}`);
    process.exit(1);
  }
  logger.fatal({ err: error }, "start failed");
  process.exit(1);
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "draining in-flight requests, then closing the database");
  const force = setTimeout(() => {
    logger.error("shutdown timed out; exiting without a clean close");
    process.exit(1);
  }, config.shutdownTimeoutMs);
  force.unref();
  try {
    await running.close();
    logger.info("stopped cleanly");
    // Let the last responses flush out of their sockets: exit when the event loop is empty,
    // or after a grace period if some library keeps a handle open.
    process.exitCode = 0;
    setTimeout(() => process.exit(0), 2000).unref();
  } catch (error) {
    logger.error({ err: error }, "error while stopping");
    process.exit(1);
  }
}
// Before "ready" is logged: whoever waits for that line may signal at once, and a signal that
// arrives before a handler exists kills the process without draining.
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));

logger.info(
  {
    url: running.url,
    pid: process.pid,
    database: running.database,
    demoKeyCount: running.liveDemoKeys,
    msToReady: Math.round(performance.now() - started),
    msSinceProcessStart: Math.round(performance.now()),
    phases: startupPhases(),
    rssMB: Math.round(process.memoryUsage().rss / 2 ** 20),
  },
  "ready",
);
// Where the demo keys are: only when this start wrote them, or when the embedded database's own
// file sits beside it and its keys are live (a PostgreSQL start never points at that file).
const demoKeysHere = running.demoKeys !== null || (running.db.kind === "pglite" && running.liveDemoKeys > 0 && existsSync(running.demoKeysPath));
if (demoKeysHere) {
  logger.info({ demoKeys: running.demoKeysPath }, `demo API keys are in ${running.demoKeysPath}`);
} else if (running.liveDemoKeys === 0) {
  logger.info("no demo keys in this database; create a key with `npm run keys -- create --agency FINANCE_BUREAU --name <name>`");
}
