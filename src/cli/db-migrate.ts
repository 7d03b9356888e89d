// npm run db:migrate: applies pending migrations to the configured database (PGlite or DATABASE_URL).
import { ConfigError, loadConfig } from "../config.ts";
import { openDatabase } from "../db/database.ts";
import { applyPendingMigrations, MigrationError } from "../db/migrations.ts";

try {
  const config = loadConfig();
  const db = await openDatabase(config.database);
  try {
    const applied = await applyPendingMigrations(db);
    console.log(applied.length ? `applied: ${applied.join(", ")}` : "database is up to date");
  } finally {
    await db.close();
  }
} catch (error) {
  if (error instanceof ConfigError || error instanceof MigrationError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
