// Starts the platform: migrate, seed demo data when asked, serve. Used by `npm start` and by the tests.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import type { Config } from "./config.ts";
import type { Logger } from "./logger.ts";
import { openDatabase, type Database } from "./db/database.ts";
import { applyPendingMigrations } from "./db/migrations.ts";
import { loadDemo } from "./seed/load.ts";
import { writeDemoKeys } from "./access/demo-keys.ts";
import { buildServer } from "./server.ts";

export interface RunningApp {
  url: string;
  app: FastifyInstance;
  db: Database;
  /** the demo keys when this start seeded the demo data */
  demoKeys: Record<string, string> | null;
  demoKeysPath: string;
  close(): Promise<void>;
}

export function demoKeysPath(config: Config): string {
  return config.dataDir ? join(config.dataDir, "demo-keys.json") : join(tmpdir(), `deleveraging-graph-demo-keys-${process.pid}.json`);
}

/**
 * A new embedded database directory is created and loaded by a short-lived child process.
 * Creating a PGlite cluster (initdb) and bulk-loading the demo data raise the WebAssembly and
 * JavaScript heaps to a high-water mark that a process never gives back; the server that then
 * opens the finished directory starts about 200 MB smaller.
 */
async function initialiseEmbeddedDatabase(config: Config, logger: Logger): Promise<void> {
  if (config.database.kind !== "pglite" || !config.database.dir || !config.seedDemo) return;
  if (existsSync(join(config.database.dir, "PG_VERSION"))) return;
  const script = fileURLToPath(new URL("./cli/seed.ts", import.meta.url));
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
  await initialiseEmbeddedDatabase(config, logger);
  const db = await openDatabase(config.database);
  try {
    const applied = await applyPendingMigrations(db);
    if (applied.length) logger.info({ applied }, "migrations applied");

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
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address();
    const port = typeof address === "object" && address ? address.port : config.port;
    const host = config.host.includes(":") ? `[${config.host}]` : config.host;
    return {
      url: `http://${host}:${port}/graphql`,
      app,
      db,
      demoKeys,
      demoKeysPath: keysPath,
      async close() {
        await app.close();
        logger.debug("http server closed");
        await db.close();
        logger.debug("database closed");
      },
    };
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
}
