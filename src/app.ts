// Starts the platform: migrate, seed demo data when asked, serve. Used by `npm start` and by the tests.
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import type { Config } from "./config.ts";
import type { Logger } from "./logger.ts";
import { openDatabase, type Database } from "./db/database.ts";
import { applyPendingMigrations } from "./db/migrations.ts";
import { seedDemo } from "./seed/index.ts";
import { createDemoKeys, writeDemoKeys } from "./access/demo-keys.ts";
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

export async function startApp(config: Config, logger: Logger): Promise<RunningApp> {
  const db = await openDatabase(config.database);
  try {
    const applied = await applyPendingMigrations(db);
    if (applied.length) logger.info({ applied }, "migrations applied");

    let demoKeys: Record<string, string> | null = null;
    const keysPath = demoKeysPath(config);
    if (config.seedDemo && (await db.isEmpty())) {
      const started = performance.now();
      const counts = await seedDemo(db.prisma, { seed: config.seed, scale: config.seedScale });
      demoKeys = await createDemoKeys(db.prisma);
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
        await db.close();
      },
    };
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
}
