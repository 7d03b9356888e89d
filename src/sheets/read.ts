// Reading an uploaded sheet: XLSX through exceljs's streaming reader (the first worksheet, row by
// row, shared strings cached), CSV through csv-parse after decoding UTF-8 or GB18030 (iconv-lite).
// The result keeps each row's cells as typed (numbers, dates, text) and its line in the file, so
// the annotated copy shows the clerk's own values in the clerk's own rows.
import { Readable } from "node:stream";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { parse } from "csv-parse/sync";

export type SheetFormat = "xlsx" | "csv";

export interface SheetRow {
  /** the row's number in the file (1 = the first line) */
  line: number;
  cells: unknown[];
}

export interface Sheet {
  format: SheetFormat;
  headerLines: unknown[][];
  rows: SheetRow[];
}

export class SheetReadError extends Error {
  constructor(readonly format: SheetFormat, reason: string) {
    super(reason);
  }
}

/** XLSX files are ZIP archives ("PK\x03\x04"); anything else is taken as CSV text. */
export function detectFormat(body: Buffer): SheetFormat {
  return body.length >= 4 && body[0] === 0x50 && body[1] === 0x4b && body[2] === 0x03 && body[3] === 0x04 ? "xlsx" : "csv";
}

/** A cell's value without exceljs's wrappers: rich text as its text, a formula as its result. */
function plain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date || typeof value !== "object") return value;
  const v = value as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: string };
  if (v.richText) return v.richText.map((r) => r.text).join("");
  if ("result" in v) return plain(v.result);
  if ("text" in v) return plain(v.text);
  if (v.error) return v.error;
  return String(value);
}

const isBlank = (cells: readonly unknown[]) => cells.every((c) => c === null || c === undefined || (typeof c === "string" && c.trim() === ""));

/** `headerRows(first)`: how many lines head the sheet (the column names, and the field-name line if present). */
async function readXlsx(body: Buffer, headerRows: (lines: unknown[][]) => number): Promise<Sheet> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([body]), { worksheets: "emit", sharedStrings: "cache", styles: "cache", hyperlinks: "ignore", entries: "ignore" });
  const lines: { line: number; cells: unknown[] }[] = [];
  try {
    for await (const worksheet of reader) {
      for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
        // row.values is 1-based and sparse.
        const values = (row.values as unknown[]).slice(1).map(plain);
        lines.push({ line: row.number, cells: Array.from({ length: values.length }, (_, i) => values[i] ?? null) });
      }
      break; // the first worksheet only
    }
  } catch (error) {
    throw new SheetReadError("xlsx", (error as Error).message);
  }
  return split("xlsx", lines, headerRows);
}

/** UTF-8 (with or without BOM) when the bytes are valid UTF-8, else GB18030 (a superset of GBK and GB2312). */
export function decodeCsv(body: Buffer): string {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return body.subarray(3).toString("utf8");
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch {
    return iconv.decode(body, "gb18030");
  }
}

function readCsv(body: Buffer, headerRows: (lines: unknown[][]) => number): Sheet {
  let records: string[][];
  try {
    records = parse(decodeCsv(body), { relax_column_count: true, skip_empty_lines: false, bom: true });
  } catch (error) {
    throw new SheetReadError("csv", (error as Error).message);
  }
  return split("csv", records.map((cells, i) => ({ line: i + 1, cells })), headerRows);
}

function split(format: SheetFormat, lines: SheetRow[], headerRows: (lines: unknown[][]) => number): Sheet {
  const first = lines.findIndex((l) => !isBlank(l.cells));
  if (first < 0) return { format, headerLines: [], rows: [] };
  const heads = headerRows(lines.slice(first, first + 2).map((l) => l.cells));
  return { format, headerLines: lines.slice(first, first + heads).map((l) => l.cells), rows: lines.slice(first + heads).filter((l) => !isBlank(l.cells)) };
}

export async function readSheet(body: Buffer, headerRows: (lines: unknown[][]) => number): Promise<Sheet> {
  return detectFormat(body) === "xlsx" ? readXlsx(body, headerRows) : readCsv(body, headerRows);
}
