// npm run seed: loads the deterministic demo dataset (and demo API keys) into the configured
// database (see USAGE). npm start runs it with --if-empty in a child process for a new embedded
// database (see app.ts); that child opens the directory under its parent's lock.
import { configWithFlags, fail, parseCommandLine, say } from "./command-line.ts";
import { openDatabase } from "../db/database.ts";
import { EmbeddedDatabaseBusyError, SERVER_ROLE } from "../db/embedded-lock.ts";
import { applyPendingMigrations } from "../db/migrations.ts";
import { loadDemo } from "../seed/load.ts";
import { demoKeysPath, writeDemoKeys } from "../access/demo-keys.ts";

const { values } = parseCommandLine({
  usage: `npm run seed -- [--seed N] [--scale N] [--reset | --if-empty]

Loads the deterministic demo dataset and one demo API key per agency into the configured database
(the embedded one in DATA_DIR, or DATABASE_URL's), and writes the keys to DATA_DIR/demo-keys.json.
  --seed N     seed number of the data (default SEED, 20161231): the same number gives the same data
  --scale N    multiplies the counts (default SEED_SCALE, 1), e.g. 0.1 or 10
  --reset      empty a database that already holds data first (the audit chain starts again)
  --if-empty   leave a database that already holds data alone (without it, that is an error)
Stop the server first when it runs on the embedded database.`,
  options: {
    seed: { type: "string" },
    scale: { type: "string" },
    reset: { type: "boolean", default: false },
    "if-empty": { type: "boolean", default: false },
  },
});
if (values.reset && values["if-empty"]) fail(say("cli.seed.exclusive"), 2);

const config = configWithFlags({ SEED: values.seed as string | undefined, SEED_SCALE: values.scale as string | undefined });

let db;
try {
  // The server that started us (npm start on a new embedded database) holds the lock for us.
  db = await openDatabase(config.database, { role: "npm run seed", inheritFrom: values["if-empty"] ? process.ppid : undefined });
} catch (error) {
  if (error instanceof EmbeddedDatabaseBusyError) {
    fail(error.holder.role === SERVER_ROLE ? `${error.message}; stop the server first, then run npm run seed` : `${error.message}; try again when it has finished`);
  }
  fail(say("cli.cannotOpenDatabase", { reason: (error as Error).message }));
}
try {
  await applyPendingMigrations(db);
  if (!(await db.isEmpty())) {
    if (values["if-empty"]) {
      await db.close();
      process.exit(0);
    }
    if (!values.reset) fail(say("cli.seed.notEmpty"));
    // Everything but the migration history and the reference data migrations put in (counties,
    // industries); the audit log starts again from the empty tree.
    const tables = await db.prisma.$queryRawUnsafe<{ tablename: string }[]>(
      "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename NOT IN ('_prisma_migrations', 'county', 'industry')",
    );
    await db.prisma.$executeRawUnsafe(`TRUNCATE ${tables.map((t) => `"${t.tablename}"`).join(", ")} RESTART IDENTITY CASCADE`);
    await db.prisma.$executeRawUnsafe("INSERT INTO audit_tree_head (id, size, root) VALUES (1, 0, 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')");
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
} catch (error) {
  await db.close().catch(() => {});
  fail(say("cli.failed", { command: "seed", reason: (error as Error).message }));
}
await db.close();
// The migration engine keeps a timer alive for a while after use; nothing else is pending.
process.exit(0);
