// Migrated, seeded template databases, built once per test run (test/global-setup.ts) and copied
// for each test file: a PGlite data-directory dump loaded into a fresh in-memory instance, or a
// PostgreSQL database created with CREATE DATABASE … TEMPLATE. Building one from scratch (initdb,
// four migrations, the demo seed) cost each test file several seconds; a copy costs a fraction.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { loadConfig } from "../../src/config.ts";
import { openDatabase } from "../../src/db/database.ts";
import { applyPendingMigrations } from "../../src/db/migrations.ts";
import { loadDemo } from "../../src/seed/load.ts";

import { DEFAULT_SEED, TEMPLATE_SCALES, templateKey, withDatabase, type Templates } from "./template-keys.ts";

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/**
 * Builds every template and returns them. Run as its own process (test/global-setup.ts spawns
 * this file): vitest's module runner cannot load the WASM schema engine, and the seed's heap
 * should not stay in vitest's main process.
 */
export async function buildTemplates(postgresAdminUrl: string | null, dir: string, scales = TEMPLATE_SCALES): Promise<Templates> {
  const templates: Templates = {};
  for (const scale of scales) {
    let source: string;
    let env: Record<string, string>;
    if (postgresAdminUrl) {
      source = `dlg_tmpl_${String(scale).replace(".", "_")}_${randomBytes(4).toString("hex")}`;
      await adminQuery(postgresAdminUrl, `CREATE DATABASE ${source}`);
      env = { DATABASE_URL: withDatabase(postgresAdminUrl, source) };
    } else {
      source = join(dir, `scale-${scale}.tar`);
      env = { DATA_DIR: "memory" };
    }
    const db = await openDatabase(loadConfig({ NODE_ENV: "test", ...env }).database);
    try {
      await applyPendingMigrations(db);
      const { keys } = await loadDemo(db.prisma, { seed: DEFAULT_SEED, scale });
      if (!postgresAdminUrl) await writeFile(source, Buffer.from(await (await db.dumpDataDir!()).arrayBuffer()));
      templates[templateKey(DEFAULT_SEED, scale)] = { source, keys };
    } finally {
      await db.close();
    }
  }
  return templates;
}

// As a process: build into the directory given (the scales given, else all), print the templates
// as JSON on the last line.
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop()!)) {
  const scales = process.argv[3] ? process.argv[3].split(",").map(Number) : TEMPLATE_SCALES;
  const templates = await buildTemplates(process.env.TEST_DATABASE_URL || null, process.argv[2]!, scales);
  console.log(JSON.stringify(templates));
  process.exit(0);
}
