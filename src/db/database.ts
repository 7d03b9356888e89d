// Opens the database the config names: embedded PGlite (default) or a PostgreSQL server.
// Both are reached through a Prisma driver adapter, so the rest of the code does not care which.
import { mkdir } from "node:fs/promises";
import { basename, dirname } from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaClient, type Prisma } from "../generated/prisma/client.ts";
import { countingAdapterFactory } from "./statement-log.ts";
import { directQueries, registerDirect } from "./direct-query.ts";
import type { MigrationTarget } from "./migrations.ts";
import { WorkerPGlite } from "./pglite-client.ts";
import { JsonQueries } from "./json-query/json-queries.ts";
import { namedStatementsFactory, StatementNames } from "./statement-names.ts";
import { lockEmbeddedDatabase, type EmbeddedLock } from "./embedded-lock.ts";

export type { PrismaClient };
/** Either the client or the client inside an interactive transaction. */
export type DbClient = PrismaClient | Prisma.TransactionClient;

export type DatabaseConfig = (
  | { kind: "pglite"; dir: string | null; fsync?: boolean; /** a data directory dump (PGlite dumpDataDir, tar) to start from: test templates */ template?: string }
  | {
      kind: "postgres";
      url: string;
      poolSize: number;
      /** read replicas, their lag limit and check interval (src/db/replicas.ts; the server's, not openDatabase's) */
      replicaUrls?: readonly string[];
      replicaMaxLagMs?: number;
      replicaCheckMs?: number;
      /** where LISTEN connects (defaults to url): a direct URL when url is a transaction pooler's */
      listenUrl?: string;
      /** name the marked statements (src/db/statement-names.ts); absent: unnamed */
      preparedStatements?: boolean;
    }
) & { relationLoadStrategy?: "query" | "join"; queryPlanCacheSize?: number | undefined; /** src/db/json-query/: absent = off */ jsonQueries?: "on" | "off"; /** src/db/direct-query.ts: absent = on */ directQueries?: boolean };

export interface Database extends MigrationTarget {
  kind: "pglite" | "postgres";
  prisma: PrismaClient;
  /** the one-statement JSON reads (src/db/json-query/), when JSON_QUERIES is on */
  jsonQueries?: JsonQueries;
  /** hand-written SQL straight to the driver (pg or PGlite), bypassing Prisma: for benchmarks' baselines */
  raw<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  /** the PostgreSQL pool's connection counts (absent on the embedded database): for /metrics */
  poolStats?(): { total: number; idle: number; waiting: number; max: number };
  /** answers when the database does; throws otherwise */
  ping(): Promise<void>;
  /** true when no enterprise has been loaded yet (decides whether the demo seed runs) */
  isEmpty(): Promise<boolean>;
  close(): Promise<void>;
  /** the embedded database's data directory as a tar (PGlite only): how test templates are made */
  dumpDataDir?(): Promise<Blob>;
  /** LISTEN within the process (PGlite only; PostgreSQL listens on a connection of its own, db/pg-listener.ts) */
  listen?(channel: string, listener: (payload: string) => void): Promise<() => void>;
}

const READS = ["findMany", "findFirst", "findFirstOrThrow", "findUnique", "findUniqueOrThrow"] as const;

/**
 * Applies the relation load strategy to every read. Prisma takes it per query; an extension sets
 * it once for all, so resolvers (and the Pothos plugin's generated queries) stay unaware of it.
 * It is always set explicitly: with the relationJoins preview feature on, Prisma's default is "join".
 */
function withRelationLoadStrategy(prisma: PrismaClient, strategy: "query" | "join"): PrismaClient {
  const reads = Object.fromEntries(
    READS.map((op) => [op, ({ args, query }: { args: object; query: (a: object) => Promise<unknown> }) => query({ ...args, relationLoadStrategy: strategy })]),
  );
  return prisma.$extends({ query: { $allModels: reads } }) as unknown as PrismaClient;
}

export interface OpenOptions {
  /** who opens it, named in the lock of an embedded directory (e.g. "npm start") */
  role?: string;
  /** the directory's lock, already taken by the caller (it is released on close) */
  lock?: EmbeddedLock;
  /** a process holding the directory's lock on our behalf (our parent) */
  inheritFrom?: number;
  /** told once when a pooler refused a named statement and naming was turned off (src/db/statement-names.ts) */
  onNamingOff?: (error: unknown) => void;
}

/**
 * Opens the database. An embedded directory is locked first (embedded-lock.ts): a second process
 * gets EmbeddedDatabaseBusyError naming the one that has it open.
 */
export async function openDatabase(config: DatabaseConfig, options: OpenOptions = {}): Promise<Database> {
  let factory: SqlMigrationAwareDriverAdapterFactory;
  let closeDriver: () => Promise<void>;
  let raw: Database["raw"];
  let dumpDataDir: Database["dumpDataDir"];
  let listen: Database["listen"];
  let poolStats: Database["poolStats"];
  if (config.kind === "pglite") {
    let lock: EmbeddedLock | null = null;
    if (config.dir) {
      await mkdir(dirname(config.dir), { recursive: true });
      lock = options.lock ?? lockEmbeddedDatabase(config.dir, options.role ?? basename(process.argv[1] ?? "node"), { inheritFrom: options.inheritFrom });
    }
    let pglite: WorkerPGlite;
    try {
      // In a worker thread: a statement there leaves this thread free (pglite-client.ts).
      pglite = await WorkerPGlite.start({ dir: config.dir, fsync: config.fsync ?? true, template: config.template ?? null });
    } catch (error) {
      lock?.release();
      throw error;
    }
    // The adapter needs only query, exec and transaction, which the worker's client offers.
    factory = new PrismaPGlite(pglite as unknown as PGlite);
    closeDriver = async () => {
      try {
        await pglite.close();
      } finally {
        lock?.release();
      }
    };
    raw = async (sql, params) => (await pglite.query(sql, params)).rows as never;
    dumpDataDir = () => pglite.dumpDataDir();
    listen = (channel, listener) => pglite.listen(channel, listener);
  } else {
    // We own the pool so that close() ends it: Prisma's $disconnect leaves an external pool open.
    const pool = new pg.Pool({ connectionString: config.url, max: config.poolSize });
    // An idle connection the server ends (a restart, pg_terminate_backend, a dropped database)
    // emits "error" on the pool; without a listener that would crash the process. Prisma's adapter
    // listens only until it disconnects, and pool.end() can still meet such an error after that.
    // The next statement that needs the connection fails instead, and is answered 503 (limits/errors.ts).
    pool.on("error", () => {});
    // The compiled reads and the audit's insert are named, so that each connection plans a shape
    // once; a pooler that cannot keep them turns naming off (statement-names.ts).
    const names = new StatementNames(config.preparedStatements === true, options.onNamingOff);
    factory = namedStatementsFactory(new PrismaPg(pool, { onPoolError: () => {}, statementNameGenerator: names.nameOf }), names);
    closeDriver = () => pool.end();
    raw = async (sql, params) => (await pool.query(sql, params)).rows;
    poolStats = () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: config.poolSize });
  }
  // Prisma's adapter, also reached directly by the two raw statements of every audited read (direct-query.ts).
  const direct = directQueries(countingAdapterFactory(factory));
  const base = new PrismaClient({
    adapter: direct.factory,
    ...(config.queryPlanCacheSize !== undefined ? { queryPlanCacheMaxSize: config.queryPlanCacheSize } : {}),
  });
  const prisma = withRelationLoadStrategy(base, config.relationLoadStrategy ?? "query");
  if (config.directQueries !== false) {
    registerDirect(base, direct.query);
    registerDirect(prisma, direct.query);
  }
  let closed = false;
  const jsonQueries = config.jsonQueries === "on" ? new JsonQueries(base) : undefined;

  return {
    kind: config.kind,
    prisma,
    ...(jsonQueries ? { jsonQueries } : {}),
    adapterFactory: factory,
    raw,
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
    ...(dumpDataDir ? { dumpDataDir } : {}),
    ...(listen ? { listen } : {}),
    ...(poolStats ? { poolStats } : {}),
    async close() {
      if (closed) return;
      closed = true;
      await base.$disconnect();
      await closeDriver();
    },
  };
}

/** Which database, for logs: the embedded directory, or PostgreSQL's user, host and database (never the password). */
export function describeDatabase(config: DatabaseConfig): string {
  if (config.kind === "pglite") return config.dir ? `embedded PGlite in ${config.dir}` : "embedded PGlite in memory";
  const url = new URL(config.url);
  const user = url.username ? `${decodeURIComponent(url.username)}@` : "";
  return `PostgreSQL ${user}${url.host}${url.pathname}`;
}
