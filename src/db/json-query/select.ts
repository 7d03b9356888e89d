// Prisma `select`/`include` (with nested relations, where, orderBy, take, skip) → the SQL
// expression of one row as a JSON array, correlated subqueries for relations, and its decoder.
import type { ModelInfo, RelationField } from "./model-map.ts";
import { listDecoder, rowDecoder, scalarColumn, type Columns, type Decode } from "./decode.ts";
import { whereSql, type Models } from "./where.ts";
import { Statement, Unsupported, col, isArgsObject, table } from "./statement.ts";

// json_build_array takes at most 100 arguments (PostgreSQL's function-argument limit).
const MAX_COLUMNS = 100;

/** Keys of a relation's args that this compiler reads; any other (cursor, distinct, omit…) goes to Prisma. */
const LIST_ARGS = new Set(["select", "include", "where", "orderBy", "take", "skip"]);

export interface Row {
  sql: string;
  decode: Decode;
}

/** The row of `model` aliased `alias` as `json_build_array(…)`, for `args` ({select} | {include} | {}). */
export function rowSql(models: Models, st: Statement, model: ModelInfo, alias: string, args: Record<string, unknown>): Row {
  const { select, include } = args;
  if (select !== undefined && include !== undefined) throw new Unsupported("select with include");
  const columns: Columns = { keys: [], decoders: [] };
  const exprs: string[] = [];
  const add = (key: string, sql: string, decode: Decode) => {
    columns.keys.push(key);
    columns.decoders.push(decode);
    exprs.push(sql);
  };
  const addScalars = () => {
    for (const f of model.fields.values()) {
      if (f.kind === "object") continue;
      const c = scalarColumn(f, col(alias, f.column));
      add(f.name, c.sql, c.decode);
    }
  };
  const relations = select ?? include;
  if (relations !== undefined && !isArgsObject(relations)) throw new Unsupported("select");
  if (select === undefined) addScalars();
  for (const [key, value] of Object.entries(relations ?? {})) {
    if (value === undefined || value === false) continue;
    if (key === "_count") throw new Unsupported("_count");
    const field = model.fields.get(key);
    if (!field) throw new Unsupported(`field ${model.name}.${key}`);
    if (field.kind !== "object") {
      if (include !== undefined || value !== true) throw new Unsupported(`select of ${key}`);
      const c = scalarColumn(field, col(alias, field.column));
      add(key, c.sql, c.decode);
      continue;
    }
    if (value !== true && !isArgsObject(value)) throw new Unsupported(`select of ${key}`);
    const rel = relationSql(models, st, alias, field, value === true ? {} : value);
    add(key, rel.sql, rel.decode);
  }
  if (exprs.length === 0 || exprs.length > MAX_COLUMNS) throw new Unsupported("number of columns");
  return { sql: `json_build_array(${exprs.join(", ")})`, decode: rowDecoder(columns) };
}

/** The correlated subquery of a relation: one JSON row (to-one) or a JSON array of rows (to-many). */
function relationSql(models: Models, st: Statement, alias: string, field: RelationField, args: Record<string, unknown>): Row {
  for (const k of Object.keys(args)) if (args[k] !== undefined && !LIST_ARGS.has(k)) throw new Unsupported(`relation args ${k}`);
  const target = models.get(field.target);
  if (!target) throw new Unsupported(`model ${field.target}`);
  const t = st.alias();
  const join = `${col(t, field.targetColumn)} = ${col(alias, field.ownColumn)}`;
  if (!field.isList) {
    if (args.where !== undefined || args.orderBy !== undefined || args.take !== undefined || args.skip !== undefined) throw new Unsupported("to-one args");
    const row = rowSql(models, st, target, t, args);
    return { sql: `(SELECT ${row.sql} FROM ${table(target.table)} ${t} WHERE ${join})`, decode: row.decode };
  }
  const rows = listSql(models, st, target, t, args, join);
  return { sql: `(SELECT coalesce(json_agg(j), '[]'::json) FROM (${rows.sql}) ${st.alias()})`, decode: listDecoder(rows.decode) };
}

/**
 * `SELECT <row> AS j FROM … WHERE … ORDER BY … LIMIT … OFFSET …`: the rows of a findMany or of a
 * to-many relation, in order. json_agg over this ordered subquery keeps the order (PostgreSQL
 * aggregates a subquery's rows as they come; PostGraphile relies on the same).
 */
export function listSql(models: Models, st: Statement, model: ModelInfo, alias: string, args: Record<string, unknown>, join: string | null): Row {
  const row = rowSql(models, st, model, alias, args);
  const cond = whereSql(models, st, model, alias, args.where);
  const where = [join, cond === "TRUE" ? null : cond].filter(Boolean).join(" AND ");
  let sql = `SELECT ${row.sql} AS j FROM ${table(model.table)} ${alias}${where ? ` WHERE ${where}` : ""}`;
  sql += orderSql(model, alias, args.orderBy);
  if (args.take !== undefined) {
    // A negative take reverses the order in Prisma: left to it.
    if (!Number.isSafeInteger(args.take) || (args.take as number) < 0) throw new Unsupported("take");
    sql += ` LIMIT ${st.param(args.take)}`;
  }
  if (args.skip !== undefined) {
    if (!Number.isSafeInteger(args.skip) || (args.skip as number) < 0) throw new Unsupported("skip");
    sql += ` OFFSET ${st.param(args.skip)}`;
  }
  return { sql, decode: row.decode };
}

/**
 * ORDER BY of scalar fields, as given. Without an orderBy Prisma's order is the database's; the
 * primary key is used then, so that one shape always answers in one order.
 */
function orderSql(model: ModelInfo, alias: string, orderBy: unknown): string {
  if (orderBy === undefined) return ` ORDER BY ${col(alias, model.id.column)}`;
  const list = Array.isArray(orderBy) ? orderBy : [orderBy];
  const keys: string[] = [];
  for (const o of list) {
    if (!isArgsObject(o)) throw new Unsupported("orderBy");
    const entries = Object.entries(o).filter(([, v]) => v !== undefined);
    if (entries.length !== 1) throw new Unsupported("orderBy with several keys");
    const [name, dir] = entries[0]!;
    const field = model.fields.get(name);
    if (!field || field.kind === "object" || field.isList) throw new Unsupported(`orderBy ${name}`);
    const c = col(alias, field.column);
    if (dir === "asc" || dir === "desc") keys.push(`${c} ${dir.toUpperCase()}`);
    else if (isArgsObject(dir) && (dir.sort === "asc" || dir.sort === "desc") && (dir.nulls === "first" || dir.nulls === "last") && Object.keys(dir).length === 2)
      keys.push(`${c} ${dir.sort.toUpperCase()} NULLS ${dir.nulls.toUpperCase()}`);
    else throw new Unsupported("orderBy direction");
  }
  return keys.length ? ` ORDER BY ${keys.join(", ")}` : ` ORDER BY ${col(alias, model.id.column)}`;
}
