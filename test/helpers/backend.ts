// Which database the suite runs on: a fresh in-memory PGlite per test file by default, or, when
// TEST_DATABASE_URL points at a PostgreSQL server, a database of its own per test file, dropped after.
// Either can start as a copy of a template (helpers/templates.ts) instead of empty.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { withDatabase } from "./template-keys.ts";

export const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

export interface TestDatabase {
  /** environment for loadConfig selecting this database */
  env: Record<string, string>;
  /** PGlite: the dump to load (set on the config's database, not an environment variable) */
  pgliteTemplate?: string;
  drop(): Promise<void>;
}

/** An empty database, or a copy of `template` (a PGlite dump path or a PostgreSQL template database). */
export async function createTestDatabase(template?: string): Promise<TestDatabase> {
  if (!onPostgres) return { env: { DATA_DIR: "memory" }, ...(template ? { pgliteTemplate: template } : {}), drop: async () => {} };
  const adminUrl = process.env.TEST_DATABASE_URL!;
  const name = `dlg_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`);
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
