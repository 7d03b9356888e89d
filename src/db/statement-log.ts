// Counts the SQL statements sent to the database, per request. Every statement goes through the
// driver adapter, so wrapping the adapter sees exactly what the database sees (Prisma's own
// queries, raw SQL, transaction bodies), not what the ORM was asked for.
import { AsyncLocalStorage } from "node:async_hooks";
import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQuery,
  Transaction,
} from "@prisma/driver-adapter-utils";

export interface StatementLog {
  count: number;
  /** the count when the operation's execution began: statements before it are the request's
   *  bookkeeping (identity, policy), not the operation's */
  executionStart?: number;
  /** the SQL text of each statement, kept only when asked (tests and diagnostics) */
  sql?: string[];
  /** milliseconds spent in the statements (src/observability/metrics.ts) */
  ms?: number;
}

/** Every statement of the process, counted without AsyncLocalStorage (cheap): for /metrics. */
export const statementTotals = { count: 0, ms: 0 };

const current = new AsyncLocalStorage<StatementLog>();

/** Runs fn with a fresh statement log in scope; everything fn awaits is counted into it. */
export function withStatementLog<T>(log: StatementLog, fn: () => T): T {
  return current.run(log, fn);
}

export const activeStatementLog = (): StatementLog | undefined => current.getStore();

/** Runs fn outside any request's log: work a request set off that is not its own (a cache reload shared by all). */
export function outsideStatementLog<T>(fn: () => T): T {
  return current.exit(fn);
}

function record(query: SqlQuery): StatementLog | undefined {
  const log = current.getStore();
  if (!log) return undefined;
  log.count++;
  log.sql?.push(query.sql);
  return log;
}

type Queryable = Pick<SqlDriverAdapter, "queryRaw" | "executeRaw">;

function countQueries<T extends Queryable>(target: T): T {
  return new Proxy(target, {
    get(obj, prop, receiver) {
      if (prop === "queryRaw" || prop === "executeRaw") {
        return async (query: SqlQuery) => {
          const log = record(query);
          const started = performance.now();
          try {
            return await (obj[prop] as (q: SqlQuery) => Promise<unknown>).call(obj, query);
          } finally {
            const ms = performance.now() - started;
            statementTotals.count++;
            statementTotals.ms += ms;
            if (log) log.ms = (log.ms ?? 0) + ms;
          }
        };
      }
      if (prop === "startTransaction") {
        return async (...args: unknown[]) => countQueries((await (obj as unknown as SqlDriverAdapter).startTransaction(...(args as []))) as Transaction);
      }
      const value = Reflect.get(obj, prop, receiver);
      return typeof value === "function" ? value.bind(obj) : value;
    },
  });
}

/** The same adapter factory, with every connection it hands out counting its statements. */
export function countingAdapterFactory(factory: SqlMigrationAwareDriverAdapterFactory): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => countQueries(await factory.connect()),
    connectToShadowDb: () => factory.connectToShadowDb(),
  };
}
