// Offline migrations in Prisma's own folder format (prisma/migrations/<timestamp>_<name>/migration.sql),
// applied by the WASM schema engine through our driver adapter. The stock CLI still works on
// these folders wherever it can download its engine.
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { MigrationList } from "@prisma/schema-engine-wasm";
import { engineErrorMessage, openSchemaEngine, type SchemaFile } from "./schema-engine.ts";

const PRISMA_DIR = fileURLToPath(new URL("../../prisma/", import.meta.url));
export const MIGRATIONS_DIR = join(PRISMA_DIR, "migrations");
export const SCHEMA_PATH = join(PRISMA_DIR, "schema.prisma");
const LOCKFILE = "migration_lock.toml";
const NO_FILTER = { externalTables: [], externalEnums: [] };

export async function readSchema(path = SCHEMA_PATH): Promise<SchemaFile> {
  return { path, content: await readFile(path, "utf8") };
}

/** The migrations folder as the engine expects it: every `<name>/migration.sql`, in name order. */
export async function readMigrations(dir = MIGRATIONS_DIR): Promise<MigrationList> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const migrationDirectories = await Promise.all(
    names.map(async (name) => {
      const content = await readFile(join(dir, name, "migration.sql"), "utf8").then(
        (value) => ({ tag: "ok" as const, value }),
        (error: Error) => ({ tag: "error" as const, value: error.message }),
      );
      return { path: name, migrationFile: { path: "migration.sql", content } };
    }),
  );
  const lockContent = await readFile(join(dir, LOCKFILE), "utf8").catch(() => null);
  return {
    baseDir: dir,
    lockfile: { path: LOCKFILE, content: lockContent },
    shadowDbInitScript: "",
    migrationDirectories,
  };
}

export interface MigrationTarget {
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  /** names of migrations finished in `_prisma_migrations`, or null when the table does not exist */
  appliedMigrations(): Promise<Set<string> | null>;
}

export class MigrationError extends Error {}

/**
 * Applies pending migrations (of `dir`, the project's by default: a test may stop at an older
 * one); returns the names applied. Starting the engine costs a few hundred
 * milliseconds, so a database already up to date (by migration name) is left alone without it.
 */
export async function applyPendingMigrations(target: MigrationTarget, log?: (line: string) => void, dir = MIGRATIONS_DIR): Promise<string[]> {
  const list = await readMigrations(dir);
  if (list.migrationDirectories.length === 0) throw new MigrationError(`no migrations found in ${dir}`);
  const applied = await target.appliedMigrations();
  if (applied && list.migrationDirectories.every((m) => applied.has(m.path))) return [];

  const engine = await openSchemaEngine(target.adapterFactory, await readSchema(), log);
  try {
    const result = await engine.applyMigrations({ migrationsList: list, filters: NO_FILTER });
    return result.appliedMigrationNames;
  } catch (error) {
    throw new MigrationError(`applying migrations failed: ${engineErrorMessage(error)}`);
  } finally {
    engine.free();
  }
}

/**
 * The SQL that would bring a database built from the migrations up to `schema.prisma`;
 * an empty string when they agree. Runs on throwaway in-memory PGlite databases (the engine
 * replays the migrations into a shadow database), so it never touches a real one.
 */
export async function diffMigrationsToSchema(schemaPath = SCHEMA_PATH, migrationsDir = MIGRATIONS_DIR): Promise<string> {
  const pg = new PGlite();
  const shadows: PGlite[] = [];
  const factory = new PrismaPGlite(pg);
  // The adapter's shadow databases are never closed by it; keep them so we can.
  factory.connectToShadowDb = async () => {
    const shadow = new PGlite();
    shadows.push(shadow);
    return new PrismaPGlite(shadow).connect();
  };
  const engine = await openSchemaEngine(factory, await readSchema(schemaPath));
  try {
    const schema = await readSchema(schemaPath);
    const result = await engine.diff({
      from: { tag: "migrations", ...(await readMigrations(migrationsDir)) },
      to: { tag: "schemaDatamodel", files: [schema] },
      script: true,
      exitCode: true,
      filters: NO_FILTER,
    });
    return result.exitCode === 2 ? (result.stdout ?? "") : "";
  } catch (error) {
    throw new MigrationError(`diffing migrations against the schema failed: ${engineErrorMessage(error)}`);
  } finally {
    engine.free();
    await Promise.all([pg, ...shadows].map((db) => db.close()));
  }
}

/** Prisma's folder name: UTC timestamp to the second, then the name in snake_case. */
export function migrationFolderName(name: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:T]/g, "").slice(0, 14);
  const slug = name.trim().toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "");
  if (!slug) throw new MigrationError("a migration needs a name of letters or digits, e.g. `npm run db:migration -- add_audit_log`");
  return `${stamp}_${slug}`;
}

/** Writes a new migration folder from the diff; returns its path, or null when there is nothing to migrate. */
export async function createMigration(name: string, migrationsDir = MIGRATIONS_DIR): Promise<string | null> {
  const folder = migrationFolderName(name);
  const script = await diffMigrationsToSchema(SCHEMA_PATH, migrationsDir);
  if (!script.trim()) return null;
  const path = join(migrationsDir, folder);
  await mkdir(path, { recursive: true });
  await writeFile(join(path, "migration.sql"), script);
  const lock = join(migrationsDir, LOCKFILE);
  await readFile(lock).catch(() =>
    writeFile(lock, '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n'),
  );
  return path;
}
