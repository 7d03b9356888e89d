// Which database the suite runs on: a fresh in-memory PGlite per test file by default, or, when
// TEST_DATABASE_URL points at a PostgreSQL server, a database of its own per test file, dropped after.
import { randomBytes } from "node:crypto";
import pg from "pg";

export const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

export interface TestDatabase {
  /** environment for loadConfig selecting this database */
  env: Record<string, string>;
  drop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function createTestDatabase(): Promise<TestDatabase> {
  if (!onPostgres) return { env: { DATA_DIR: "memory" }, drop: async () => {} };
  const adminUrl = process.env.TEST_DATABASE_URL!;
  const name = `dlg_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    env: { DATABASE_URL: withDatabase(adminUrl, name), SEED_DEMO: "true" },
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
