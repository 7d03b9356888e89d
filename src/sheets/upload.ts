// One upload: read the sheet, match its columns, coerce every row, then run the batch's own write
// on all rows in one transaction (runWrite: the records, their history and the audit entry of the
// batch's mutation commit together or not at all). Any problem, in any row, rolls everything back;
// a dry run rolls back a write that passed, so it checks exactly what a real upload would.
import { GraphQLError } from "graphql";
import type { GraphContext } from "../context.ts";
import { t, type MessageParam, type MessageParams } from "../i18n/index.ts";
import { runWrite } from "../writes/write.ts";
import { ConflictError, NotFoundError, ValidationError } from "../writes/errors.ts";
import { coerceRow, fieldOfPath, type Batch, type CellIssue, type Column, type WriteSummary } from "./batch.ts";
import { readSheet, SheetReadError, type Sheet } from "./read.ts";
import type { SheetMessage } from "./routes.ts";

export type UploadOutcome =
  | { kind: "refused"; status: number; code: string; message: SheetMessage; values?: MessageParams; extensions?: Record<string, unknown> }
  | { kind: "problems"; sheet: Sheet; columns: (Column | null)[]; problems: Map<number, CellIssue[]> }
  | { kind: "written"; dryRun: boolean; rows: number; summary: WriteSummary };

/** Thrown inside the transaction of a dry run that passed, so nothing it wrote commits. */
class DryRunRollback extends Error {
  constructor(readonly summary: WriteSummary) {
    super("dry run");
  }
}
/** Thrown inside the transaction when some rows could not even be coerced: the others were checked, nothing commits. */
class CellProblems extends Error {}

const norm = (v: unknown) => String(v ?? "").replace(/\s+/g, "").toLowerCase();

/** How many lines head a sheet: the column names, and the template's field-name line when it is there. */
export function headerRowsOf(columns: readonly Column[]) {
  const fields = new Set(columns.map((c) => c.field.toLowerCase()));
  return (lines: unknown[][]) => {
    const second = lines[1]?.filter((c) => norm(c) !== "");
    return second?.length && second.every((c) => fields.has(norm(c))) ? 2 : 1;
  };
}

/** Each file column's batch column (by Chinese name or field name); unknown and missing columns refused. */
function matchColumns(sheet: Sheet, columns: readonly Column[]): (Column | null)[] | UploadOutcome {
  const header = sheet.headerLines[0];
  if (!header) return { kind: "refused", status: 400, code: "BAD_USER_INPUT", message: "noHeader" };
  const matched: (Column | null)[] = [];
  const seen = new Set<string>();
  for (const [i, cell] of header.entries()) {
    if (norm(cell) === "") {
      matched.push(null);
      continue;
    }
    const column = columns.find((c) => norm(c.zh) === norm(cell) || c.field.toLowerCase() === norm(cell));
    // A column an earlier annotated copy added (问题 1, …) is ignored, so a fixed copy can be re-uploaded as it is.
    if (!column && /^(问题|problem)\d+$/.test(norm(cell))) {
      matched.push(null);
      continue;
    }
    if (!column) return { kind: "refused", status: 400, code: "BAD_USER_INPUT", message: "unknownColumn", values: { column: i + 1, header: String(cell), known: columns.map((c) => c.zh).join("、") }, extensions: { column: i + 1 } };
    if (seen.has(column.field)) return { kind: "refused", status: 400, code: "BAD_USER_INPUT", message: "duplicateColumn", values: { header: String(cell) } };
    seen.add(column.field);
    matched.push(column);
  }
  const missing = columns.find((c) => c.required && !seen.has(c.field));
  if (missing) return { kind: "refused", status: 400, code: "BAD_USER_INPUT", message: "missingColumn", values: { header: missing.zh, field: missing.field }, extensions: { field: missing.field } };
  return matched;
}

/** A placeholder's value with each `at.row` message in it (an index into the rows written) turned into the file's `at.line`. */
function fileLines(value: MessageParam, lineOf: (row: number) => number | null): MessageParam {
  if (Array.isArray(value)) return value.map((item) => fileLines(item, lineOf)) as MessageParam;
  if (typeof value !== "object" || !("key" in value)) return value;
  const n = value.params?.n;
  if (value.key === "at.row" && typeof n === "number" && lineOf(n) !== null) return { key: "at.line", params: { n: lineOf(n)! } };
  return value.params ? { key: value.key, params: Object.fromEntries(Object.entries(value.params).map(([name, inner]) => [name, fileLines(inner, lineOf)])) } : value;
}

/** Where a write's issue sits: its row (the first number of the path, an index into the rows written) and field (the names after it, dotted as the column's). */
function locate(path: readonly (string | number)[]): { row: number; field: string | null } | null {
  const at = path.findIndex((p) => typeof p === "number");
  if (at < 0) return null;
  return { row: path[at] as number, field: fieldOfPath(path.slice(at + 1)) };
}

/** The file's rows coerced: the values of the good ones, the problems of the others, each row's line. */
interface Coerced {
  matched: (Column | null)[];
  problems: Map<number, CellIssue[]>;
  /** the row (index into the sheet's rows) of each value */
  good: number[];
  values: Record<string, unknown>[];
  lines: Int32Array;
}

/**
 * Reads and coerces the file. The parsed sheet is not returned: for 100,000 rows its cells weigh
 * more than the values made of them, and the write needs only the values and each row's line. The
 * annotated copy of a file with problems is made from the file read again (the same rows, in the
 * same order).
 */
async function coerceFile(batch: Batch<never>, columns: readonly Column[], body: Buffer): Promise<Coerced | UploadOutcome> {
  let sheet: Sheet;
  try {
    sheet = await readSheet(body, headerRowsOf(columns));
  } catch (error) {
    if (!(error instanceof SheetReadError)) throw error;
    return { kind: "refused", status: 400, code: "BAD_USER_INPUT", message: error.format === "xlsx" ? "unreadableXlsx" : "unreadableCsv", values: { reason: error.message } };
  }
  const matched = matchColumns(sheet, columns);
  if (!Array.isArray(matched)) return matched;
  if (!sheet.rows.length) return { kind: "refused", status: 400, code: "BAD_USER_INPUT", message: "noRows" };
  if (sheet.rows.length > batch.maxRows) return { kind: "refused", status: 400, code: "BAD_USER_INPUT", message: "tooManyRows", values: { max: batch.maxRows, count: sheet.rows.length } };

  // The batch's columns in its order, whatever order the file has them in.
  const positions = columns.map((c) => matched.indexOf(c));
  const problems = new Map<number, CellIssue[]>();
  const good: number[] = [];
  const values: Record<string, unknown>[] = [];
  sheet.rows.forEach((row, i) => {
    const { value, issues } = coerceRow(batch, columns, positions.map((p) => (p < 0 ? null : row.cells[p])));
    if (value) {
      good.push(i);
      values.push(value);
    } else problems.set(i, issues);
  });
  return { matched, problems, good, values, lines: Int32Array.from(sheet.rows, (row) => row.line) };
}

export async function upload(batch: Batch<never>, columns: readonly Column[], ctx: GraphContext, body: Buffer, dryRun: boolean): Promise<UploadOutcome> {
  const coerced = await coerceFile(batch, columns, body);
  if ("kind" in coerced) return coerced;
  const { matched, problems, good, values, lines } = coerced;
  const withProblems = async (found: Map<number, CellIssue[]>): Promise<UploadOutcome> => ({ kind: "problems", sheet: await readSheet(body, headerRowsOf(columns)), columns: matched, problems: found });

  try {
    await batch.authorize(ctx, values as never[]);
  } catch (error) {
    if (error instanceof GraphQLError && error.extensions.code === "FORBIDDEN") return { kind: "refused", status: 403, code: "FORBIDDEN", message: "forbidden", values: { reason: error.message } };
    throw error;
  }

  try {
    if (!values.length) throw new CellProblems();
    const summary = await runWrite(ctx, { operation: batch.operation, input: { rows: values }, timeoutMs: 30 * 60_000 }, async (tx) => {
      const written = await batch.write(ctx, tx, values as never[]);
      if (problems.size) throw new CellProblems();
      if (dryRun) throw new DryRunRollback(written);
      return written;
    });
    return { kind: "written", dryRun: false, rows: values.length, summary };
  } catch (error) {
    if (error instanceof DryRunRollback) return { kind: "written", dryRun: true, rows: values.length, summary: error.summary };
    if (error instanceof CellProblems) return withProblems(problems);
    if (error instanceof ValidationError) {
      for (const issue of error.issues) {
        const at = locate(issue.path);
        // A problem of the file as a whole (e.g. its size) is refused as such.
        if (!at || good[at.row] === undefined) return { kind: "refused", status: 400, code: "BAD_USER_INPUT", message: "invalidValue", values: { reason: issue.key ? { key: issue.key, ...(issue.params ? { params: issue.params } : {}) } : issue.message } };
        const row = good[at.row]!;
        // The write numbers rows by their place in what it was given; the clerk needs the file's lines.
        // A keyed issue names a row by an `at.row` message among its params, which becomes the file's `at.line`;
        // an issue with no entry has its English text rewritten.
        const lineOf = (n: number) => (good[n] === undefined ? null : lines[good[n]!]!);
        const params = issue.params && Object.fromEntries(Object.entries(issue.params).map(([name, value]) => [name, fileLines(value, lineOf)]));
        const message = issue.key ? t("en", issue.key, params) : issue.message.replace(/\brow (\d+)\b/g, (text, n: string) => (lineOf(Number(n)) === null ? text : `line ${lineOf(Number(n))}`));
        problems.set(row, [...(problems.get(row) ?? []), { field: at.field, rule: issue.rule, message, ...(issue.key ? { key: issue.key } : {}), ...(params ? { params } : {}) }]);
      }
      return withProblems(new Map([...problems].sort((a, b) => a[0] - b[0])));
    }
    if (error instanceof ConflictError || error instanceof NotFoundError) return { kind: "refused", status: 409, code: "CONFLICT", message: "conflict", values: { reason: error.localized ?? error.message } };
    if (error instanceof GraphQLError && error.extensions.code === "FORBIDDEN") return { kind: "refused", status: 403, code: "FORBIDDEN", message: "forbidden", values: { reason: error.message } };
    throw error;
  }
}

