// The benchmark database of bench/peers.ts: dlg_bench_s<scale> (bench/databases.ts) on the chosen
// PostgreSQL, migrated and seeded with the demo data by the project itself (in this process,
// before the measured servers start), a FINANCE_BUREAU analyst key, the read-only role
// PostGraphile connects as, and the county and USCCs the operations use, picked from the data so
// that a different demo dataset needs no change here.
import pg from "pg";
import { benchDatabaseEnv } from "./databases.ts";
import { loadConfig } from "../src/config.ts";
import { createLogger } from "../src/logger.ts";
import { startApp } from "../src/app.ts";
import { createApiKey } from "../src/access/api-keys.ts";
import type { Postgres } from "./peers-postgres.ts";

export const POSTGRAPHILE_ROLE = "peers_postgraphile";

export interface BenchDatabase {
  name: string;
  /** the project server's environment for this database (DATABASE_URL, DATA_DIR…) */
  env: Record<string, string>;
  /** role the project connects as (the database's owner, it runs the migrations) */
  projectRole: string;
  /** URL PostGraphile connects with, and its role */
  postgraphileUrl: string;
  postgraphileRole: string;
  key: string;
  county: { code: string; name: string; enterprises: number };
  usccs: string[];
  counts: Record<string, number>;
}

export async function prepareBenchDatabase(pgsql: Postgres, scale: number, ownServer: boolean, reseed: boolean): Promise<BenchDatabase> {
  const env = await benchDatabaseEnv("postgres", scale, pgsql.url("postgres"));
  const name = new URL(env.DATABASE_URL!).pathname.slice(1);
  if (reseed) {
    console.error(`  dropping ${name} (--reseed)`);
    await pgsql.admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await pgsql.admin.query(`CREATE DATABASE ${name}`);
  }
  const config = loadConfig({ ...env, NODE_ENV: "development", LOG_LEVEL: "warn", PORT: "0", HOST: "127.0.0.1", SEED_SCALE: String(scale) });
  const started = performance.now();
  console.error(`  ${name}: migrating, seeding the demo data at scale ${scale} if empty (can take minutes at scale 10)`);
  const app = await startApp(config, createLogger(config));
  let key: string;
  try {
    key = (await createApiKey(app.db.prisma, { agency: "FINANCE_BUREAU", name: "bench-peers", kind: "USER", createdBy: "bench" })).key;
  } finally {
    await app.close();
  }
  console.error(`  ${name}: ready in ${Math.round((performance.now() - started) / 1000)} s`);

  const db = new pg.Client({ connectionString: env.DATABASE_URL });
  await db.connect();
  try {
    // Fresh statistics, and no autovacuum of the seed's rows during the measurement.
    await db.query("VACUUM ANALYZE");
    let postgraphileUrl = env.DATABASE_URL!;
    let postgraphileRole = new URL(postgraphileUrl).username || "postgres";
    if (ownServer) {
      // PostGraphile reads as a role that may only read: it gets no permissions layer of its own.
      await pgsql.admin.query(`DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${POSTGRAPHILE_ROLE}') THEN CREATE ROLE ${POSTGRAPHILE_ROLE} LOGIN; END IF; END $$`);
      await db.query(`GRANT CONNECT ON DATABASE ${name} TO ${POSTGRAPHILE_ROLE}; GRANT USAGE ON SCHEMA public TO ${POSTGRAPHILE_ROLE}; GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${POSTGRAPHILE_ROLE}`);
      postgraphileUrl = pgsql.url(name, POSTGRAPHILE_ROLE);
      postgraphileRole = POSTGRAPHILE_ROLE;
    }
    const { county, usccs } = await operationContextOf(async (sql) => (await db.query(sql)).rows);
    const counts: Record<string, number> = {};
    for (const table of ["enterprise", "loan", "guarantee", "bond", "bond_schedule_item", "bond_payment", "dishonesty_record", "financial_statement"]) {
      counts[table] = Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n);
    }
    return {
      name,
      env,
      projectRole: new URL(env.DATABASE_URL!).username || "postgres",
      postgraphileUrl,
      postgraphileRole,
      key,
      county,
      usccs,
      counts,
    };
  } finally {
    await db.end();
  }
}

/**
 * What the operations read (bench/peers-queries.ts): the county with the most current enterprises,
 * so that the 50- and 100-enterprise pages are full, and 200 current enterprises spread over the
 * table, each with an annual statement, for the look-ups to rotate over. Also bench/profile-nested.ts'.
 */
export async function operationContextOf(query: (sql: string) => Promise<Record<string, unknown>[]>): Promise<Pick<BenchDatabase, "county" | "usccs">> {
  const [county] = (await query(
    `SELECT c.code, c.name, count(*)::int AS n FROM enterprise e JOIN county c ON c.code = e.county_code
      WHERE e.retired_at IS NULL GROUP BY c.code, c.name ORDER BY count(*) DESC, c.code LIMIT 1`,
  )) as Array<{ code: string; name: string; n: number }>;
  if (!county) throw new Error("the database holds no enterprises: seeding failed? (try --reseed)");
  const usccs = (await query(
    `SELECT uscc FROM (SELECT e.uscc, e.id, row_number() OVER (ORDER BY e.id) AS n, count(*) OVER () AS total FROM enterprise e
      WHERE e.retired_at IS NULL AND EXISTS (SELECT 1 FROM financial_statement f WHERE f.enterprise_id = e.id AND f.period_type = 'ANNUAL' AND f.retired_at IS NULL)) x
      WHERE n % greatest(total / 200, 1) = 0 ORDER BY id LIMIT 200`,
  )) as Array<{ uscc: string }>;
  return { county: { code: county.code, name: county.name, enterprises: Number(county.n) }, usccs: usccs.map((r) => r.uscc) };
}
