// Prisma `where` → a SQL condition. Only the operators the hot reads use (the row scopes of
// src/access/row-scope.ts, the list filters, retired/deleted flags) are translated; every other key
// throws Unsupported so that the read goes to Prisma. A condition is never skipped: the one key
// ignored is an `undefined` value, which Prisma ignores too.
import { Prisma } from "../../generated/prisma/client.ts";
import type { ModelInfo, RelationField, ScalarField } from "./model-map.ts";
import { Statement, Unsupported, col, isArgsObject, table } from "./statement.ts";

export type Models = Map<string, ModelInfo>;

/** The SQL condition for `where` on `model` aliased `alias` ("TRUE" when there is none). */
export function whereSql(models: Models, st: Statement, model: ModelInfo, alias: string, where: unknown): string {
  if (where === undefined) return "TRUE";
  if (!isArgsObject(where)) throw new Unsupported(`where on ${model.name}`);
  const parts: string[] = [];
  for (const [key, value] of Object.entries(where)) {
    if (value === undefined) continue;
    if (key === "AND") {
      const list = Array.isArray(value) ? value : [value];
      for (const w of list) parts.push(whereSql(models, st, model, alias, w));
      continue;
    }
    if (key === "OR") {
      // Prisma answers an empty OR with no rows; rather than rely on that, let Prisma answer it.
      if (!Array.isArray(value) || value.length === 0) throw new Unsupported("OR");
      parts.push(`(${value.map((w) => whereSql(models, st, model, alias, w)).join(" OR ")})`);
      continue;
    }
    // NOT over a nullable comparison or a relation filter has three-valued subtleties Prisma's own
    // SQL may not share: left to Prisma.
    if (key === "NOT") throw new Unsupported("NOT");
    const field = model.fields.get(key);
    if (!field) throw new Unsupported(`where field ${model.name}.${key}`);
    parts.push(field.kind === "object" ? relationFilter(models, st, alias, field, value) : scalarFilter(st, alias, field, value));
  }
  const kept = parts.filter((p) => p !== "TRUE");
  return kept.length === 0 ? "TRUE" : kept.length === 1 ? kept[0]! : `(${kept.join(" AND ")})`;
}

/** A value Prisma would compare a column with, as the text PostgreSQL parses into the column's type. */
export function scalarValue(value: unknown): string | number | boolean {
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "bigint") return value.toString();
  // Prisma sends a DateTime as UTC; PostgreSQL drops the zone for a timestamp column, as Prisma does.
  if (value instanceof Date) return value.toISOString();
  if (Prisma.Decimal.isDecimal(value)) return (value as Prisma.Decimal).toString();
  throw new Unsupported("value type");
}

const COMPARISONS = { lt: "<", lte: "<=", gt: ">", gte: ">=" } as const;

function scalarFilter(st: Statement, alias: string, field: ScalarField, value: unknown): string {
  // Json compares by Prisma's own JSON rules (and a Json null is not SQL NULL); Bytes are binary.
  if (field.type === "Json" || field.type === "Bytes") throw new Unsupported(`filter on ${field.type}`);
  const c = col(alias, field.column);
  if (value === null) return `${c} IS NULL`;
  if (!isArgsObject(value)) {
    if (field.isList) throw new Unsupported("list equality");
    return `${c} = ${st.param(scalarValue(value))}`;
  }
  const parts: string[] = [];
  for (const [op, v] of Object.entries(value)) {
    if (v === undefined) continue;
    if (field.isList) {
      if (op !== "has" || v === null) throw new Unsupported(`list filter ${op}`);
      parts.push(`${st.param(scalarValue(v))} = ANY(${c})`);
      continue;
    }
    switch (op) {
      case "equals":
        parts.push(v === null ? `${c} IS NULL` : `${c} = ${st.param(scalarValue(v))}`);
        break;
      case "in":
        if (!Array.isArray(v)) throw new Unsupported("in");
        // Prisma answers `in: []` with no rows.
        parts.push(v.length === 0 ? "FALSE" : `${c} = ANY(${st.param(v.map(scalarValue))})`);
        break;
      case "lt":
      case "lte":
      case "gt":
      case "gte":
        if (v === null) throw new Unsupported(`${op} null`);
        parts.push(`${c} ${COMPARISONS[op]} ${st.param(scalarValue(v))}`);
        break;
      case "not":
        // `not: x` on a nullable column: whether NULL rows match is Prisma's business.
        if (v === null) parts.push(`${c} IS NOT NULL`);
        else if (field.isRequired && !isArgsObject(v)) parts.push(`${c} <> ${st.param(scalarValue(v))}`);
        else throw new Unsupported("not");
        break;
      // Text matching (contains, startsWith, endsWith, mode) is left to Prisma: the one place that
      // builds such conditions is graph/text-filter.ts with Prisma (test/text-filters.test.ts).
      default:
        throw new Unsupported(`scalar filter ${op}`);
    }
  }
  return parts.length === 0 ? "TRUE" : parts.length === 1 ? parts[0]! : `(${parts.join(" AND ")})`;
}

/** `EXISTS` a related row of `field` meeting `where`. */
function exists(models: Models, st: Statement, alias: string, field: RelationField, where: unknown): string {
  const target = models.get(field.target);
  if (!target) throw new Unsupported(`model ${field.target}`);
  const t = st.alias();
  const cond = whereSql(models, st, target, t, where);
  return `EXISTS (SELECT 1 FROM ${table(target.table)} ${t} WHERE ${col(t, field.targetColumn)} = ${col(alias, field.ownColumn)}${cond === "TRUE" ? "" : ` AND ${cond}`})`;
}

function relationFilter(models: Models, st: Statement, alias: string, field: RelationField, value: unknown): string {
  if (!isArgsObject(value)) throw new Unsupported(`relation filter ${field.name}`);
  if (field.isList) {
    const keys = Object.keys(value).filter((k) => value[k] !== undefined);
    const parts = keys.map((k) => {
      if (k === "some") return exists(models, st, alias, field, value.some);
      if (k === "none") return `NOT ${exists(models, st, alias, field, value.none)}`;
      throw new Unsupported(`to-many filter ${k}`);
    });
    return parts.length === 0 ? "TRUE" : `(${parts.join(" AND ")})`;
  }
  // To-one: `{ is: W }` or the shorthand `W` (the row scopes use it).
  if ("isNot" in value) throw new Unsupported("isNot");
  if ("is" in value) {
    if (Object.keys(value).length !== 1 || value.is === null) throw new Unsupported("is");
    return exists(models, st, alias, field, value.is);
  }
  return exists(models, st, alias, field, value);
}
