// Named prepared statements on PostgreSQL, so that a statement sent again and again is planned
// once per connection instead of at every run. Measured on the benchmark (pg_stat_statements,
// bench/results/peers-latest.md): unnamed, the look-up's compiled read was planned at 471 of its
// 477 runs, 278 µs of planning a request against 107 µs of execution, and the audit's insert at
// every run; PostGraphile names its statements and planned its look-up 6 times in 873 runs.
//
// Only statements that carry a mark (PREPARABLE) are named: the compiled reads (json-query) and
// the audit's group-commit insert. Each has one text per shape, so the names stay few, and each is
// sent outside any transaction, so a refused one can simply be sent again. Prisma's own
// statements stay unnamed. The name is a hash of the text: a name never stands for another text.
//
// Behind a transaction pooler that does not track prepared statements (PgBouncer before 1.21, or
// max_prepared_statements = 0; Debian 12 ships 1.18), the next run of a named statement may reach
// a server connection that never prepared it (SQLSTATE 26000, "prepared statement … does not
// exist") or one that already has it (42P05, "… already exists"). Either is an error, never
// another statement's answer. The first such error turns naming off for the process, with one
// warning, and the statement is sent again unnamed (namedStatementsFactory below), so the client
// sees nothing of it. PREPARED_STATEMENTS=off names nothing; PGlite never does.
import { createHash } from "node:crypto";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory, SqlQuery } from "@prisma/driver-adapter-utils";

/** The marks of the statements that may be named; each is the start of the statement's text. */
export const PREPARABLE = { jsonQuery: "/* json-query */ ", auditInsert: "/* audit-insert */ " } as const;

const marked = (sql: string) => sql.startsWith(PREPARABLE.jsonQuery) || sql.startsWith(PREPARABLE.auditInsert);

/** SQLSTATEs of a named statement that the connection it reached does not hold, or already holds. */
const REFUSED_BY_POOLER = new Set(["26000", "42P05"]);

/** The SQLSTATE of a driver adapter's error (adapter-pg: DriverAdapterError, cause.originalCode). */
function sqlState(error: unknown): string | undefined {
  const cause = (error as { cause?: { originalCode?: unknown } } | null)?.cause;
  return typeof cause?.originalCode === "string" ? cause.originalCode : undefined;
}

/** Names kept per text at most: the shapes in use are a few dozen; past this the cache starts over. */
const MAX_NAMES = 1000;

export class StatementNames {
  /** false once a pooler refused a named statement (or when naming was never asked for) */
  enabled: boolean;
  readonly #onDisabled: (error: unknown) => void;
  /** the name of each text seen: hashing a look-up's 2 KB of SQL at every run cost ~10 µs */
  readonly #names = new Map<string, string>();

  constructor(enabled: boolean, onDisabled: (error: unknown) => void = () => {}) {
    this.enabled = enabled;
    this.#onDisabled = onDisabled;
  }

  /** adapter-pg's statementNameGenerator: a name for a marked statement, none for any other. */
  readonly nameOf = (query: { sql: string }): string => {
    // The adapter's type says string; pg takes an undefined name as an unnamed statement.
    if (!this.enabled || !marked(query.sql)) return undefined as unknown as string;
    let name = this.#names.get(query.sql);
    if (name === undefined) {
      if (this.#names.size >= MAX_NAMES) this.#names.clear();
      name = `ps_${createHash("sha1").update(query.sql).digest("hex").slice(0, 20)}`;
      this.#names.set(query.sql, name);
    }
    return name;
  };

  /** Whether `error` is a pooler refusing the marked statement `query`; if so naming is off from now on. */
  refused(query: SqlQuery, error: unknown): boolean {
    if (!marked(query.sql) || !REFUSED_BY_POOLER.has(sqlState(error) ?? "")) return false;
    if (this.enabled) {
      this.enabled = false;
      this.#onDisabled(error);
    }
    return true;
  }
}

type Queryable = Pick<SqlDriverAdapter, "queryRaw" | "executeRaw">;

/** Sends a statement a pooler refused again, unnamed now (outside transactions only: see above). */
function retryRefused<T extends Queryable>(target: T, names: StatementNames): T {
  return new Proxy(target, {
    get(obj, prop, receiver) {
      if (prop === "queryRaw" || prop === "executeRaw") {
        const run = (obj[prop] as (q: SqlQuery) => Promise<unknown>).bind(obj);
        return async (query: SqlQuery) => {
          try {
            return await run(query);
          } catch (error) {
            if (!names.refused(query, error)) throw error;
            return run(query);
          }
        };
      }
      const value = Reflect.get(obj, prop, receiver);
      return typeof value === "function" ? value.bind(obj) : value;
    },
  });
}

/** The same adapter factory, whose connections send a refused named statement again unnamed. */
export function namedStatementsFactory(factory: SqlMigrationAwareDriverAdapterFactory, names: StatementNames): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => retryRefused(await factory.connect(), names),
    connectToShadowDb: () => factory.connectToShadowDb(),
  };
}
