// npm run db:migrate: applies pending migrations to the configured database (PGlite or DATABASE_URL).
import { configWithFlags, fail, parseCommandLine, say } from "./command-line.ts";
import { openDatabase } from "../db/database.ts";
import { EmbeddedDatabaseBusyError, SERVER_ROLE } from "../db/embedded-lock.ts";
import { applyPendingMigrations, MigrationError } from "../db/migrations.ts";

parseCommandLine({
  usage: `npm run db:migrate

Applies pending migrations (prisma/migrations/) to the configured database: the embedded one in
DATA_DIR, or DATABASE_URL's. npm start applies them too, before it serves.`,
});

const config = configWithFlags();
let db;
try {
  db = await openDatabase(config.database, { role: "npm run db:migrate" });
} catch (error) {
  if (error instanceof EmbeddedDatabaseBusyError) {
    fail(error.holder.role === SERVER_ROLE ? `${error.message}; the server applied the migrations when it started: stop it first to migrate` : `${error.message}; try again when it has finished`);
  }
  fail(say("cli.cannotOpenDatabase", { reason: (error as Error).message }));
}
try {
  const applied = await applyPendingMigrations(db);
  console.log(applied.length ? `applied: ${applied.join(", ")}` : "database is up to date");
} catch (error) {
  await db.close().catch(() => {});
  fail(error instanceof MigrationError ? error.message : say("cli.failed", { command: "db:migrate", reason: (error as Error).message }));
}
await db.close();
// The migration engine keeps a timer alive for a while after use; nothing else is pending.
process.exit(0);
