// JSON built by PostgreSQL → the values Prisma itself returns. Each row comes as a JSON array in
// the order of its `Columns`, so the keys are written once here, not in every row of the answer.
import { Prisma } from "../../generated/prisma/client.ts";
import type { ScalarField } from "./model-map.ts";
import { Unsupported } from "./statement.ts";

export type Decode = (v: unknown) => unknown;

const same: Decode = (v) => v;
// Decimal and BigInt come as text (a JSON number would lose digits), DateTime as epoch milliseconds.
const decimal: Decode = (v) => (v === null ? null : new Prisma.Decimal(v as string));
const bigint: Decode = (v) => (v === null ? null : BigInt(v as string));
const date: Decode = (v) => (v === null ? null : new Date(v as number));
// PostgreSQL writes NaN and ±Infinity of a float as JSON strings.
const float: Decode = (v) => (typeof v === "string" ? Number(v) : v);

/** The SQL expression for a scalar column in the row's JSON, and how to read it back. */
export function scalarColumn(field: ScalarField, c: string): { sql: string; decode: Decode } {
  if (field.kind === "enum") return { sql: c, decode: same };
  if (field.isList && !["String", "Int", "Boolean"].includes(field.type)) throw new Unsupported(`list of ${field.type}`);
  switch (field.type) {
    case "String":
    case "Int":
    case "Boolean":
    case "Json":
      return { sql: c, decode: same };
    case "Float":
      return { sql: c, decode: float };
    case "Decimal":
      return { sql: `${c}::text`, decode: decimal };
    case "BigInt":
      return { sql: `${c}::text`, decode: bigint };
    case "DateTime":
      // Milliseconds, truncated as JavaScript's Date truncates a finer timestamp Prisma parses.
      // A timestamp without zone counts as UTC, as in Prisma; a date is its UTC midnight.
      return { sql: `floor(extract(epoch FROM ${c}) * 1000)`, decode: date };
    default:
      throw new Unsupported(`scalar type ${field.type}`);
  }
}

export interface Columns {
  keys: string[];
  decoders: Decode[];
}

/**
 * A row this compiler built: it carries every relation its plan selected, so its relations
 * resolve from it (planned-rows.plugin.ts). It is marked by a property no one else sees (a symbol,
 * not enumerable): the row stays a plain object equal to Prisma's, and a copy (`{ ...row }`) is
 * unmarked, as with the WeakSet this replaces. The nested read builds some 1,500 rows: decoding a
 * thousand took 0.6 ms with the WeakSet (before the GC's extra work on its entries), 0.2 with the
 * property, 0.1 unmarked.
 */
const PLANNED = Symbol("planned row");
const marked = { value: true } as const;
export const isPlannedRow = (v: unknown): boolean => typeof v === "object" && v !== null && (v as { [PLANNED]?: true })[PLANNED] === true;

/** One row's array → the object Prisma returns for that selection. */
export function rowDecoder(columns: Columns): Decode {
  const { keys, decoders } = columns;
  const n = keys.length;
  return (v) => {
    if (v === null) return null;
    const row = v as unknown[];
    const out: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) out[keys[i]!] = decoders[i]!(row[i]);
    Object.defineProperty(out, PLANNED, marked);
    return out;
  };
}

export const listDecoder = (row: Decode): Decode => (v) => (v as unknown[]).map(row);
