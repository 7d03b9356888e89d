import { copyFile, mkdtemp, readFile, readdir, rm, writeFile, cp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import { openDatabase, type Database } from "../src/db/database.ts";
import { applyPendingMigrations, diffMigrationsToSchema, MIGRATIONS_DIR, SCHEMA_PATH } from "../src/db/migrations.ts";
import { createTestDatabase, onPostgres, type TestDatabase } from "./helpers/backend.ts";

const cleanup: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

describe(`migrations on ${onPostgres ? "PostgreSQL" : "PGlite"}`, () => {
  // The WASM schema engine compiles and diffs the whole schema: slow on a busy machine.
  it("build every table from an empty database, and a second run applies nothing", { timeout: 300_000 }, async () => {
    const testDb: TestDatabase = await createTestDatabase();
    const db: Database = await openDatabase(loadConfig({ NODE_ENV: "test", ...testDb.env }).database);
    cleanup.push(async () => {
      await db.close();
      await testDb.drop();
    });

    const folders = (await readdir(MIGRATIONS_DIR, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    expect(await db.appliedMigrations()).toBeNull();
    expect(await applyPendingMigrations(db)).toEqual(folders);
    expect(await applyPendingMigrations(db)).toEqual([]);

    // Prisma's own bookkeeping table is kept, so the stock CLI agrees about what is applied.
    const recorded = await db.prisma.$queryRawUnsafe<{ migration_name: string; checksum: string }[]>(
      "SELECT migration_name, checksum FROM _prisma_migrations ORDER BY migration_name",
    );
    expect(recorded.map((r) => r.migration_name)).toEqual(folders);

    const schema = await readFile(SCHEMA_PATH, "utf8");
    const expectedTables = [...schema.matchAll(/@@map\("([a-z_]+)"\)/g)].map((m) => m[1]).sort();
    const tables = await db.prisma.$queryRawUnsafe<{ table_name: string }[]>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' ORDER BY table_name",
    );
    expect(tables.map((t) => t.table_name)).toEqual(expectedTables);
  });
});

describe("drift between schema.prisma and the migrations", () => {
  it("there is none in the committed tree", { timeout: 300_000 }, async () => {
    expect(await diffMigrationsToSchema()).toBe("");
  });

  it("is detected when the schema gains a column no migration creates", { timeout: 300_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), "drift-"));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    await cp(MIGRATIONS_DIR, join(dir, "migrations"), { recursive: true });
    await copyFile(SCHEMA_PATH, join(dir, "schema.prisma"));
    const schema = await readFile(join(dir, "schema.prisma"), "utf8");
    await writeFile(join(dir, "schema.prisma"), schema.replace(/model County \{\n/, "model County {\n  motto String?\n"));

    const diff = await diffMigrationsToSchema(join(dir, "schema.prisma"), join(dir, "migrations"));
    expect(diff).toMatch(/ALTER TABLE "county" ADD COLUMN\s+"motto" TEXT/);
  });
});
