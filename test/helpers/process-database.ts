// A database for the server processes (and command-line tools) a test spawns, already migrated and
// seeded: a copy of the suite's template (helpers/templates.ts). Started on an empty directory or
// database instead, each such server first ran initdb, the migrations and the demo seed: ~9 s of
// CPU on the embedded database, ~4 s on PostgreSQL, per start. Only for tests whose point is not
// the first start: those (start-log, embedded-durability, lifecycle, migrations, audit-migration)
// still start on an empty one.
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { inject } from "vitest";
import { createTestDatabase, onPostgres } from "./backend.ts";
import { DEFAULT_SEED, templateKey } from "./template-keys.ts";

export interface ProcessDatabase {
  /** the DATA_DIR of the processes (on PostgreSQL it holds only their files: lock, keys, signing key) */
  dataDir: string;
  /** DATA_DIR, SEED_SCALE and, on PostgreSQL, DATABASE_URL */
  env: Record<string, string>;
  /** the template's demo keys, by agency */
  keys: Record<string, string>;
  /** removes the directory and, on PostgreSQL, drops the database */
  drop(): Promise<void>;
}

/**
 * A new DATA_DIR (named after `prefix`) holding a copy of the seeded template for `scale`: on
 * PGlite the template's data directory (a tar, PGlite's dumpDataDir) unpacked where the server
 * opens it (DATA_DIR/pglite); on PostgreSQL a database created from the template database.
 */
export async function seededProcessDatabase(prefix: string, scale = 0.02): Promise<ProcessDatabase> {
  const template = inject("templates")?.[templateKey(DEFAULT_SEED, scale)];
  if (!template) throw new Error(`no template database for scale ${scale} (test/helpers/template-keys.ts lists the scales built)`);
  const dataDir = await mkdtemp(join(tmpdir(), prefix));
  const env: Record<string, string> = { DATA_DIR: dataDir, SEED_SCALE: String(scale) };
  let dropDatabase = async () => {};
  try {
    if (onPostgres) {
      const database = await createTestDatabase(template.source);
      dropDatabase = () => database.drop();
      env.DATABASE_URL = database.env.DATABASE_URL!;
    } else {
      // The dump's members are absolute paths from the data directory's root ("/PG_VERSION", …).
      const pgdata = join(dataDir, "pglite");
      await mkdir(pgdata, { mode: 0o700 });
      await promisify(execFile)("tar", ["-xf", template.source, "-C", pgdata]);
    }
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    dataDir,
    env,
    keys: template.keys,
    async drop() {
      await dropDatabase();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
