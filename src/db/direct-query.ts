// Raw statements sent to the driver adapter directly, past Prisma's client runtime, for the two
// statements every audited read sends: its compiled read (json-query/) and the audit's insert.
//
// Prisma's `$queryRawUnsafe` costs about 100 µs of CPU more than the same statement through the
// adapter it ends in (serialising the parameters twice, its query interpreter, mapping the rows
// back): on PostgreSQL 210–220 against 90–115 µs a statement (bench/direct-query.ts), on a
// look-up whose whole CPU is about a millisecond. The adapter is the one Prisma itself connected, wrapped as Prisma's
// is (statement-log.ts counts it, statement-names.ts names it), so the database sees the same
// statement on the same pool; on the embedded database, the same client that queues every
// statement behind an open transaction.
//
// Only parameters the adapter passes on unchanged take this path: strings, finite numbers,
// booleans, null, and lists of strings and numbers. Anything else (a Date, a Decimal, a BigInt, an
// object) is typed by Prisma's runtime before the adapter sees it, so such a statement goes to
// Prisma whole. The rows come as the driver reads them (an int8 as text, say), not as Prisma maps
// them: the callers read text columns, and ids through BigInt().
//
// A client is known here by its identity (a WeakMap), never by a property: a transaction client
// of Prisma's forwards unknown properties to the client it came from, and a statement meant for
// the transaction would run outside it. A client not registered (a transaction's, a replica's)
// goes to Prisma.
import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlMigrationAwareDriverAdapterFactory, SqlQuery } from "@prisma/driver-adapter-utils";
import type { DbClient } from "./database.ts";

/** Sends a statement to the adapter, or answers null when a parameter must be typed by Prisma. */
export type DirectQuery = (sql: string, params: readonly unknown[]) => Promise<Record<string, unknown>[]> | null;

const directOf = new WeakMap<object, DirectQuery>();

/** Statements sent past Prisma's runtime since the process started (read by tests and the benchmark). */
export const directStatements = { sent: 0 };

/** `client`'s statements may go to the adapter through `query` (see the top of this file). */
export function registerDirect(client: object, query: DirectQuery): void {
  directOf.set(client, query);
}

/** The direct path of exactly this client object, if it has one. */
export const directQueryOf = (client: object): DirectQuery | undefined => directOf.get(client);

const textOrNumber = (v: unknown): boolean => typeof v === "string" || (typeof v === "number" && Number.isFinite(v));
const passesAsIs = (v: unknown): boolean => v === null || typeof v === "boolean" || textOrNumber(v) || (Array.isArray(v) && v.every(textOrNumber));

function argType(v: unknown): SqlQuery["argTypes"][number] {
  const sample = Array.isArray(v) ? v[0] : v;
  const scalarType = typeof sample === "number" ? (Number.isInteger(sample) ? "int" : "float") : typeof sample === "boolean" ? "boolean" : "string";
  return { scalarType, arity: Array.isArray(v) ? "list" : "scalar" } as SqlQuery["argTypes"][number];
}

/**
 * The factory to give Prisma, and the direct path over the adapter it connects. Prisma connects
 * at its first statement; until then the direct path answers null and the statement goes to Prisma.
 */
export function directQueries(factory: SqlMigrationAwareDriverAdapterFactory): { factory: SqlMigrationAwareDriverAdapterFactory; query: DirectQuery } {
  let adapter: SqlDriverAdapter | null = null;
  const connecting: SqlMigrationAwareDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => (adapter = await (factory as SqlDriverAdapterFactory).connect()),
    connectToShadowDb: () => factory.connectToShadowDb(),
  };
  const query: DirectQuery = (sql, params) => {
    if (!adapter || !params.every(passesAsIs)) return null;
    directStatements.sent++;
    return adapter.queryRaw({ sql, args: params as unknown[], argTypes: params.map(argType) }).then(({ columnNames, rows }) =>
      rows.map((row) => {
        const out: Record<string, unknown> = {};
        for (let i = 0; i < columnNames.length; i++) out[columnNames[i]!] = row[i];
        return out;
      }),
    );
  };
  return { factory: connecting, query };
}

/** A raw statement's rows: through the adapter when `client` and the parameters allow, else Prisma's `$queryRawUnsafe`. */
export function queryRows<T extends Record<string, unknown>>(client: Pick<DbClient, "$queryRawUnsafe">, sql: string, params: readonly unknown[]): Promise<T[]> {
  const direct = directOf.get(client)?.(sql, params);
  return (direct ?? client.$queryRawUnsafe<T[]>(sql, ...params)) as Promise<T[]>;
}
