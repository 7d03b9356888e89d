// npm run seed -- [--seed N] [--scale N] [--reset | --if-empty]
// Loads the deterministic demo dataset (and demo API keys) into the configured database.
// A database that already holds data is an error unless --reset is given, which empties it
// first, or --if-empty, which leaves it alone (npm start uses that; see app.ts).
import { parseArgs } from "node:util";
import { ConfigError, loadConfig } from "../config.ts";
import { openDatabase } from "../db/database.ts";
import { applyPendingMigrations } from "../db/migrations.ts";
import { loadDemo } from "../seed/load.ts";
import { writeDemoKeys } from "../access/demo-keys.ts";
import { demoKeysPath } from "../app.ts";

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const { values } = parseArgs({
  options: {
    seed: { type: "string" },
    scale: { type: "string" },
    reset: { type: "boolean", default: false },
    "if-empty": { type: "boolean", default: false },
  },
});

let config;
try {
  config = loadConfig({ ...process.env, ...(values.seed ? { SEED: values.seed } : {}), ...(values.scale ? { SEED_SCALE: values.scale } : {}) });
} catch (error) {
  if (error instanceof ConfigError) fail(error.message.replace("SEED_SCALE", "--scale").replace(/\bSEED\b/, "--seed"));
  throw error;
}

const db = await openDatabase(config.database);
try {
  await applyPendingMigrations(db);
  if (!(await db.isEmpty())) {
    if (values["if-empty"]) {
      await db.close();
      process.exit(0);
    }
    if (!values.reset) fail("the database already holds data; run `npm run seed -- --reset` to empty it and load the demo data again");
    // Everything but the migration history and the reference data migrations put in (counties,
    // industries); the audit chain starts again from its genesis.
    const tables = await db.prisma.$queryRawUnsafe<{ tablename: string }[]>(
      "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename NOT IN ('_prisma_migrations', 'county', 'industry')",
    );
    await db.prisma.$executeRawUnsafe(`TRUNCATE ${tables.map((t) => `"${t.tablename}"`).join(", ")} RESTART IDENTITY CASCADE`);
    await db.prisma.$executeRawUnsafe("INSERT INTO audit_chain_head (id, last_id, last_hash) VALUES (1, 0, repeat('0', 64))");
  }
  const started = performance.now();
  const { counts, keys } = await loadDemo(db.prisma, { seed: config.seed, scale: config.seedScale });
  const path = demoKeysPath(config);
  await writeDemoKeys(path, keys);
  const ms = Math.round(performance.now() - started);
  if (values["if-empty"]) {
    // Called by npm start, which reads this line and logs it.
    console.log(JSON.stringify({ seed: config.seed, scale: config.seedScale, counts, ms }));
  } else {
    console.log(`seeded demo data (seed ${config.seed}, scale ${config.seedScale}) in ${ms} ms:`);
    console.table(counts);
    console.log(`demo API keys written to ${path}`);
  }
} finally {
  await db.close();
}
// The migration engine keeps a timer alive for a while after use; nothing else is pending.
process.exit(0);
