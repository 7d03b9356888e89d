// The benchmark databases, shared by bench/graph.ts and bench/export.ts so that both measure the
// same data: PGlite under .data/bench/, PostgreSQL as dlg_bench_s<scale> (created when missing,
// seeded with the demo data at that scale on first use).
import pg from "pg";

export async function benchDatabaseEnv(backend: string, scale: number, postgresUrl: string): Promise<Record<string, string>> {
  if (backend === "pglite") return { DATA_DIR: `.data/bench/pglite-s${scale}` };
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  const name = `dlg_bench_s${String(scale).replace(".", "_")}`;
  const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
  if (!exists.rowCount) await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return { DATABASE_URL: url.toString(), SEED_DEMO: "true", DATA_DIR: `.data/bench/pg-s${scale}` };
}
