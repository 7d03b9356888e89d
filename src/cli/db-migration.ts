// npm run db:migration -- <name>: writes prisma/migrations/<timestamp>_<name>/migration.sql from the
// difference between the existing migrations and prisma/schema.prisma.
import { createMigration, MigrationError } from "../db/migrations.ts";

const name = process.argv.slice(2).join("_");
try {
  const path = await createMigration(name);
  console.log(path ? `wrote ${path}/migration.sql` : "schema.prisma and the migrations agree: nothing to write");
} catch (error) {
  console.error(error instanceof MigrationError ? error.message : error);
  process.exit(1);
}
