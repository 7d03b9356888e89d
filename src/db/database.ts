// Opens the database the config names: embedded PGlite (default) or a PostgreSQL server.
// Both are reached through a Prisma driver adapter, so the rest of the code does not care which.
import { mkdir } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaClient, type Prisma } from "../generated/prisma/client.ts";
import type { Config } from "../config.ts";
import { countingAdapterFactory } from "./statement-log.ts";
import type { MigrationTarget } from "./migrations.ts";

export type { PrismaClient };
/** Either the client or the client inside an interactive transaction. */
export type DbClient = PrismaClient | Prisma.TransactionClient;

export interface Database extends MigrationTarget {
  kind: "pglite" | "postgres";
  prisma: PrismaClient;
  /** answers when the database does; throws otherwise */
  ping(): Promise<void>;
  /** true when no enterprise has been loaded yet (decides whether the demo seed runs) */
  isEmpty(): Promise<boolean>;
  close(): Promise<void>;
}

export async function openDatabase(config: Config["database"]): Promise<Database> {
  let factory: SqlMigrationAwareDriverAdapterFactory;
  let closeDriver: () => Promise<void>;
  if (config.kind === "pglite") {
    if (config.dir) await mkdir(config.dir, { recursive: true });
    const pglite = await PGlite.create(config.dir ?? undefined);
    factory = new PrismaPGlite(pglite);
    closeDriver = () => pglite.close();
  } else {
    // We own the pool so that close() ends it: Prisma's $disconnect leaves an external pool open.
    const pool = new pg.Pool({ connectionString: config.url, max: config.poolSize });
    factory = new PrismaPg(pool, { onPoolError: () => {} });
    closeDriver = () => pool.end();
  }
  const prisma = new PrismaClient({ adapter: countingAdapterFactory(factory) });
  let closed = false;

  return {
    kind: config.kind,
    prisma,
    adapterFactory: factory,
    async ping() {
      await prisma.$queryRawUnsafe("SELECT 1");
    },
    async appliedMigrations() {
      const [table] = await prisma.$queryRawUnsafe<{ exists: boolean }[]>(
        "SELECT to_regclass('_prisma_migrations') IS NOT NULL AS exists",
      );
      if (!table?.exists) return null;
      const rows = await prisma.$queryRawUnsafe<{ migration_name: string }[]>(
        "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL",
      );
      return new Set(rows.map((r) => r.migration_name));
    },
    async isEmpty() {
      return (await prisma.enterprise.count({ take: 1 })) === 0;
    },
    async close() {
      if (closed) return;
      closed = true;
      await prisma.$disconnect();
      await closeDriver();
    },
  };
}
