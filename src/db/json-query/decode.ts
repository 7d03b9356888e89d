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
 * The rows this compiler built (weakly held): they carry every relation their plan selected, so
 * their relations resolve from them (planned-rows.plugin.ts).
 */
const plannedRows = new WeakSet<object>();
export const isPlannedRow = (v: unknown): boolean => typeof v === "object" && v !== null && plannedRows.has(v);

/** One row's array → the object Prisma returns for that selection. */
export function rowDecoder(columns: Columns): Decode {
  const { keys, decoders } = columns;
  const n = keys.length;
  return (v) => {
    if (v === null) return null;
    const row = v as unknown[];
    const out: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) out[keys[i]!] = decoders[i]!(row[i]);
    plannedRows.add(out);
    return out;
  };
}

export const listDecoder = (row: Decode): Decode => (v) => (v as unknown[]).map(row);
