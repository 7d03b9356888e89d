// Starts the platform: migrate, seed demo data when asked, serve. Used by `npm start` and by the tests.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import type { Config } from "./config.ts";
import type { Logger } from "./logger.ts";
import { describeDatabase, openDatabase, type Database } from "./db/database.ts";
import { lockEmbeddedDatabase, SERVER_ROLE, type EmbeddedLock } from "./db/embedded-lock.ts";
import { applyPendingMigrations } from "./db/migrations.ts";
import { loadDemo } from "./seed/load.ts";
import { ensureShippedRules } from "./alerts/rules/catalogue.ts";
import { countLiveDemoKeys, demoKeysPath, writeDemoKeys } from "./access/demo-keys.ts";
import { startLocalOperator, type LocalOperator } from "./access/local-operator.ts";
import { accessDirectoryOf, buildServer } from "./server.ts";
import { markPhase } from "./observability/startup-phases.ts";

export interface RunningApp {
  url: string;
  app: FastifyInstance;
  db: Database;
  /** which database, for the log: the embedded directory, or PostgreSQL's host and database (never a password) */
  database: string;
  /** the demo keys when this start seeded the demo data */
  demoKeys: Record<string, string> | null;
  demoKeysPath: string;
  /** live demo keys in the database (seeded now or earlier) */
  liveDemoKeys: number;
  close(): Promise<void>;
}


/**
 * A new embedded database directory is created and loaded by a short-lived child process.
 * Creating a PGlite cluster (initdb) and bulk-loading the demo data raise the WebAssembly and
 * JavaScript heaps to a high-water mark that a process never gives back; the server that then
 * opens the finished directory starts about 200 MB smaller.
 */
async function initialiseEmbeddedDatabase(config: Config, logger: Logger): Promise<void> {
  // The child opens the directory under our lock (it inherits it: see src/cli/seed.ts).
  if (config.database.kind !== "pglite" || !config.database.dir || !config.seedDemo) return;
  if (existsSync(join(config.database.dir, "PG_VERSION"))) return;
  // The compiled build (dist/) runs the compiled seed; `npm start` the TypeScript one.
  const script = fileURLToPath(new URL(import.meta.url.endsWith(".ts") ? "./cli/seed.ts" : "./cli/seed.js", import.meta.url));
  logger.info({ dir: config.database.dir }, "creating the embedded database and loading the demo data");
  const child = spawn(process.execPath, [...process.execArgv, script, "--if-empty"], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const [code] = (await once(child, "exit")) as [number | null];
  if (code !== 0) throw new Error(`loading the demo data failed (exit ${code}): ${stderr.trim()}`);
  const summary = stdout.trim().split("\n").pop();
  if (summary) logger.info(JSON.parse(summary), "demo data seeded");
}

export async function startApp(config: Config, logger: Logger): Promise<RunningApp> {
  // One process at a time on an embedded directory: taken before anything touches it.
  const lock: EmbeddedLock | undefined = config.database.kind === "pglite" && config.database.dir ? lockEmbeddedDatabase(config.database.dir, SERVER_ROLE) : undefined;
  let db: Database;
  try {
    await initialiseEmbeddedDatabase(config, logger);
    db = await openDatabase(config.database, {
      role: SERVER_ROLE,
      lock,
      onNamingOff: (err) => logger.warn({ err }, "the database connection refused a named prepared statement (a transaction pooler without prepared-statement support?); sending statements unnamed from now on"),
    });
    markPhase("database");
  } catch (error) {
    lock?.release();
    throw error;
  }
  let operator: LocalOperator | null = null;
  try {
    const applied = await applyPendingMigrations(db);
    if (applied.length) logger.info({ applied }, "migrations applied");
    markPhase("migrations");
    // The shipped risk rules missing from this database (never overwriting an edited one).
    const rulesAdded = await ensureShippedRules(db.prisma);
    if (rulesAdded.length) logger.info({ rules: rulesAdded }, "risk rules added");
    markPhase("rules");

    let demoKeys: Record<string, string> | null = null;
    const keysPath = demoKeysPath(config);
    if (config.seedDemo && (await db.isEmpty())) {
      const started = performance.now();
      const { counts, keys } = await loadDemo(db.prisma, { seed: config.seed, scale: config.seedScale });
      demoKeys = keys;
      await writeDemoKeys(keysPath, demoKeys);
      logger.info({ seed: config.seed, scale: config.seedScale, counts, ms: Math.round(performance.now() - started) }, "demo data seeded");
    }

    const app = await buildServer({ config, db, logger });
    markPhase("server");
    await app.listen({ port: config.port, host: config.host });
    markPhase("listen");
    const address = app.server.address();
    const port = typeof address === "object" && address ? address.port : config.port;
    const host = config.host.includes(":") ? `[${config.host}]` : config.host;
    const url = `http://${host}:${port}/graphql`;
    // The CLI reaches an embedded database through this server (src/access/local-operator.ts).
    if (lock && config.dataDir) operator = await startLocalOperator(db.prisma, config.dataDir, url, () => accessDirectoryOf(app)?.changed(["api_key"]));
    const liveDemoKeys = await countLiveDemoKeys(db.prisma);
    return {
      url,
      app,
      db,
      database: describeDatabase(config.database),
      demoKeys,
      demoKeysPath: keysPath,
      liveDemoKeys,
      async close() {
        // First the file, so that a CLI started now is told the server is stopping.
        await operator?.stop();
        await app.close();
        logger.debug("http server closed");
        await db.close();
        logger.debug("database closed");
      },
    };
  } catch (error) {
    await operator?.stop().catch(() => {});
    await db.close().catch(() => {});
    throw error;
  }
}
