// Seeds the demo dataset into throwaway databases and checks it: timings, row counts, the
// invariants in src/seed/checks.ts, and that the same seed gives byte-identical data.
//   npx tsx src/cli/seed-check.ts [--seed N] [--scale N] [--postgres URL] [--repeat]
// Without --postgres it uses in-memory PGlite. With it, it creates a database of its own
// (seedcheck_<random>) on that server and drops it afterwards.
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import pg from "pg";
import { openDatabase, type Database } from "../db/database.ts";
import { applyPendingMigrations } from "../db/migrations.ts";
import { domainFingerprint, generateDemoData, insertDemoData } from "../seed/index.ts";
import { checkSeededDatabase } from "../seed/checks.ts";

const { values } = parseArgs({
  options: {
    seed: { type: "string", default: "20161231" },
    scale: { type: "string", default: "1" },
    postgres: { type: "string" },
    repeat: { type: "boolean", default: false },
  },
});
const seed = Number(values.seed);
const scale = Number(values.scale);
const ms = (since: number) => Math.round(performance.now() - since);
const rssMB = () => Math.round(process.memoryUsage().rss / 2 ** 20);

async function withDatabase<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  if (!values.postgres) {
    const db = await openDatabase({ kind: "pglite", dir: null });
    try {
      await applyPendingMigrations(db);
      return await fn(db);
    } finally {
      await db.close();
    }
  }
  const name = `seedcheck_${randomBytes(5).toString("hex")}`;
  const adminUrl = new URL(values.postgres);
  const admin = new pg.Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ kind: "postgres", url: url.toString(), poolSize: 4 });
  try {
    await applyPendingMigrations(db);
    return await fn(db);
  } finally {
    await db.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

async function seedOnce(runSeed: number, verbose: boolean): Promise<string> {
  return withDatabase(async (db) => {
    let t = performance.now();
    const data = generateDemoData({ seed: runSeed, scale });
    const generateMs = ms(t);
    t = performance.now();
    const perTable: Record<string, { rows: number; ms: number }> = {};
    const counts = await insertDemoData(db.prisma, data, { onTable: (table, rows, took) => (perTable[table] = { rows, ms: Math.round(took) }) });
    const insertMs = ms(t);
    t = performance.now();
    const fingerprint = await domainFingerprint(db.prisma);
    console.log(`${db.kind} seed ${runSeed} scale ${scale}: generate ${generateMs} ms, insert ${insertMs} ms, fingerprint ${ms(t)} ms, rss ${rssMB()} MB`);
    console.log(`  fingerprint ${fingerprint}`);
    if (verbose) {
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      console.table({ ...perTable, change_counter: { rows: counts.change_counter ?? 0, ms: 0 }, total: { rows: total, ms: insertMs } });
      let failed = 0;
      for (const r of await checkSeededDatabase(db.prisma, { scale })) {
        if (!r.ok) failed++;
        console.log(`${r.ok ? "ok  " : "FAIL"} ${r.name}: ${r.detail}`);
      }
      if (failed > 0) process.exitCode = 1;
    }
    return fingerprint;
  });
}

const first = await seedOnce(seed, true);
if (values.repeat) {
  const again = await seedOnce(seed, false);
  const other = await seedOnce(seed + 1, false);
  const same = again === first;
  const differs = other !== first;
  console.log(`${same ? "ok  " : "FAIL"} same seed → same fingerprint`);
  console.log(`${differs ? "ok  " : "FAIL"} seed ${seed + 1} → a different fingerprint`);
  if (!same || !differs) process.exitCode = 1;
}
// The migration engine leaves a timer running for a while; nothing else is pending.
process.exit(process.exitCode ?? 0);
