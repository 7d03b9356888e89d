// What a spreadsheet batch is: the columns of a template (each filling one field of the batch's
// GraphQL input type), and the batch's own write, run on all rows at once. Cells are turned into
// input values by graphql-js's own input coercion against that input type, so a sheet's values pass
// exactly the scalars, enums, required fields and defaults a GraphQL request's would.
import { coerceInputValue, getNamedType, getNullableType, GraphQLEnumType, GraphQLInputObjectType, GraphQLList, GraphQLScalarType, isNonNullType, type GraphQLInputField } from "graphql";
import type { GraphContext } from "../context.ts";
import type { Tx } from "../writes/write.ts";
import { schema } from "../schema.ts";
import { t, type MessageKey, type MessageParams } from "../i18n/index.ts";

export interface ColumnSpec {
  /**
   * the input field this column fills; a dotted path reaches into a nested input, a list field
   * holding the row's one item (e.g. `values.indicator` of IndicatorReportInput): the batch's write
   * then groups such rows into the mutation's inputs
   */
  field: string;
  /** the Chinese column name of the template */
  zh: string;
}

export interface Column extends ColumnSpec {
  required: boolean;
  /** the path's steps; `list`: the field is a list, the row filling its one item; `required`: non-null */
  steps: { name: string; list: boolean; required: boolean }[];
  /** the named GraphQL type of the field: a scalar (String, Int, Boolean, Decimal, Date) or an enum */
  type: GraphQLScalarType | GraphQLEnumType;
  /** for an enum: its values with the Chinese label of each (from the schema's descriptions) */
  choices: { value: string; zh: string | null }[];
  description: string | null;
}

export interface WriteSummary {
  created: number;
  updated: number;
  unchanged: number;
}

export interface Batch<Row = Record<string, unknown>> {
  name: string;
  title: { zh: string; en: string };
  /**
   * the GraphQL input type one row is, e.g. LoanInput; or a mutation's coordinate (e.g.
   * "Mutation.setBondSchedule") when the mutation takes plain arguments: a row is then its arguments
   */
  inputType: string;
  columns: readonly ColumnSpec[];
  /** a file's most rows: one transaction holds them all */
  maxRows: number;
  /** the mutation whose write this is: the audit entry is that mutation's */
  operation: string;
  /** refuses a principal that may not write the batch (GraphQLError FORBIDDEN, as the mutation would) */
  authorize(ctx: GraphContext, rows: readonly Row[]): Promise<void> | void;
  /**
   * Writes every row in `tx`, all or none. Expected failures are the batch's own ValidationError,
   * whose paths hold the row's index (into `rows`) as their first number, then the field.
   */
  write(ctx: GraphContext, tx: Tx, rows: readonly Row[]): Promise<WriteSummary>;
}

/** The Chinese part of a description such as "Special mention 关注": the label a clerk types. */
function chineseLabel(description: string | null | undefined): string | null {
  const match = /[\u4e00-\u9fff][\u4e00-\u9fff、/（）]*/.exec(description ?? "");
  return match ? match[0] : null;
}

const argumentTypes = new Map<string, GraphQLInputObjectType>();

/**
 * The input object type a row is coerced against: the named input type, or for a mutation that
 * takes plain arguments an input type made of those arguments (built once, outside the schema:
 * the graph gains no type for the sheet's sake, and a row passes exactly the arguments' coercion).
 */
function rowType(batch: Batch<never>): GraphQLInputObjectType {
  const [typeName, fieldName] = batch.inputType.split(".");
  if (!fieldName) {
    const input = schema.getType(batch.inputType);
    if (!(input instanceof GraphQLInputObjectType)) throw new Error(`sheets: ${batch.inputType} is not an input type`);
    return input;
  }
  let made = argumentTypes.get(batch.inputType);
  if (!made) {
    const field = schema.getMutationType()?.getFields()[fieldName];
    if (typeName !== "Mutation" || !field) throw new Error(`sheets: ${batch.inputType} is not a mutation`);
    const args = field.args;
    made = new GraphQLInputObjectType({ name: `${fieldName}Arguments`, fields: () => Object.fromEntries(args.map((a) => [a.name, { type: a.type, defaultValue: a.defaultValue, description: a.description }])) });
    argumentTypes.set(batch.inputType, made);
  }
  return made;
}

/** The columns of a batch, their types read from the schema (a wrong field name fails at start). */
export function columnsOf(batch: Batch<never>): Column[] {
  const input = rowType(batch);
  return batch.columns.map((spec) => {
    let parent: GraphQLInputObjectType = input;
    let field: GraphQLInputField | undefined;
    let required = true;
    const steps: Column["steps"] = [];
    for (const [i, name] of spec.field.split(".").entries()) {
      if (i > 0) {
        const inner = getNamedType(field!.type);
        if (!(inner instanceof GraphQLInputObjectType)) throw new Error(`sheets: ${batch.inputType}.${spec.field}: ${field!.name} is not an input object`);
        parent = inner;
      }
      field = parent.getFields()[name];
      if (!field) throw new Error(`sheets: ${batch.inputType} has no field ${spec.field}`);
      required &&= isNonNullType(field.type) && field.defaultValue === undefined;
      steps.push({ name, list: getNullableType(field.type) instanceof GraphQLList, required: isNonNullType(field.type) });
    }
    const type = getNamedType(field!.type);
    if (steps.at(-1)!.list || (!(type instanceof GraphQLScalarType) && !(type instanceof GraphQLEnumType))) throw new Error(`sheets: ${batch.inputType}.${spec.field} is not a scalar or enum`);
    const choices = type instanceof GraphQLEnumType ? type.getValues().map((v) => ({ value: v.name, zh: chineseLabel(v.description) })) : [];
    return { ...spec, required, steps, type, choices, description: field!.description ?? null };
  });
}

/** The object a nested column's value goes in (created on the way: a list field holds one item). */
function holderOf(raw: Record<string, unknown>, column: Column): Record<string, unknown> {
  let at = raw;
  for (const step of column.steps.slice(0, -1)) {
    if (step.list) at = ((at[step.name] ??= [{}]) as Record<string, unknown>[])[0]!;
    else at = (at[step.name] ??= {}) as Record<string, unknown>;
  }
  return at;
}

/** The dotted field of an input path: its names, list indexes left out (["values", 0, "value"] → "values.value"). */
export const fieldOfPath = (path: readonly (string | number)[]): string | null => path.filter((p): p is string => typeof p === "string").join(".") || null;

export interface CellIssue {
  field: string | null;
  rule: string;
  /** English, as built; the catalogue entry, when there is one, renders it in the uploader's language (issueMessage) */
  message: string;
  key?: MessageKey;
  params?: MessageParams;
}

const iso = (d: Date) => d.toISOString().slice(0, 10);
const TRUE = new Set(["true", "是", "y", "yes", "1"]);
const FALSE = new Set(["false", "否", "n", "no", "0"]);

/**
 * A cell as the JSON value a client would send for the field: Excel's numbers and dates written
 * as GraphQL's strings, Chinese enum labels as their values, 是/否 as booleans. Anything else is
 * passed on as typed, and the coercion reports it in the scalar's own words.
 */
function jsonValue(column: Column, cell: unknown): unknown {
  if (cell === null || cell === undefined || (typeof cell === "string" && cell.trim() === "")) return undefined;
  const text = cell instanceof Date ? iso(cell) : typeof cell === "string" ? cell.trim() : cell;
  if (column.type instanceof GraphQLEnumType) {
    const s = String(text);
    return column.choices.find((c) => c.zh === s || c.value === s.toUpperCase())?.value ?? s;
  }
  switch (column.type.name) {
    case "Date":
      // A date in a cell formatted General arrives as Excel's serial day number (1 = 1900-01-01, 1900 system).
      return typeof text === "number" && Number.isInteger(text) && text > 0 && text < 2_958_466 ? iso(new Date(Date.UTC(1899, 11, 30) + text * 86_400_000)) : typeof text === "number" ? String(text) : text;
    case "Decimal":
    case "String":
      return typeof text === "number" ? String(text) : text;
    case "Int":
      return typeof text === "string" && /^-?\d+$/.test(text) ? Number(text) : text;
    case "Boolean": {
      const s = String(text).toLowerCase();
      return TRUE.has(s) ? true : FALSE.has(s) ? false : text;
    }
    default:
      return text;
  }
}

/** One row's cells (by column) as the input type's value, or the problems of its cells. */
export function coerceRow(batch: Batch<never>, columns: readonly Column[], cells: readonly unknown[]): { value: Record<string, unknown> | null; issues: CellIssue[] } {
  const raw: Record<string, unknown> = {};
  const given = new Set<string>();
  columns.forEach((column, i) => {
    const value = jsonValue(column, cells[i]);
    if (value !== undefined) {
      holderOf(raw, column)[column.steps.at(-1)!.name] = value;
      given.add(column.field);
    } else if (column.steps.slice(0, -1).every((step) => step.required)) {
      // A required nested object is there as soon as one of its columns is in the file, so a blank
      // cell in it reads "required" on that cell, not on its parent. An optional one (a dishonesty
      // record's `person`, for an enterprise subject) is made only when one of its cells is filled.
      holderOf(raw, column);
    }
  });
  const issues: CellIssue[] = [];
  const type = rowType(batch);
  const value = coerceInputValue(raw, type, (path, _invalid, error) => {
    // A missing required field is reported on the object holding it: its name is in the message.
    const missing = /^Field "(\w+)" of required type/.exec(error.message)?.[1];
    const field = fieldOfPath(missing ? [...path, missing] : path);
    const column = columns.find((c) => c.field === field);
    if (missing || (column && !given.has(column.field))) {
      issues.push({ field, rule: "required", message: t("en", "sheet.required"), key: "sheet.required" });
    } else if (column?.type instanceof GraphQLEnumType) {
      const params = { allowed: column.choices.map((c) => (c.zh ? `${c.zh} ${c.value}` : c.value)).join(", ") };
      issues.push({ field, rule: "oneOf", message: t("en", "sheet.notOneOf", params), key: "sheet.notOneOf", params });
    } else {
      // graphql-js wraps the scalar's message ("Expected value of type …; <scalar's reason>").
      const reason = error.originalError?.message ?? error.message;
      issues.push({ field, rule: "type", message: reason });
    }
  });
  return { value: issues.length ? null : (value as Record<string, unknown>), issues };
}
