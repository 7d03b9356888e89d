// Reading an uploaded sheet: XLSX through exceljs's workbook loader (the first worksheet), CSV
// through csv-parse after decoding UTF-8 or GB18030 (iconv-lite).
// The result keeps each row's cells as typed (numbers, dates, text) and its line in the file, so
// the annotated copy shows the clerk's own values in the clerk's own rows.
import { loadExcel } from "./excel.ts";
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

/**
 * `headerRows(first)`: how many lines head the sheet (the column names, and the field-name line if present).
 * exceljs's ordinary loader, not its streaming reader: exceljs 4.4's WorkbookReader decodes each
 * inflated chunk of the XML on its own (lib/utils/parse-sax.js), so a Chinese character split
 * across two chunks becomes U+FFFD (18 cells of a 100,000-row file; test/sheets-read.test.ts).
 * The loader decodes each part whole. It holds the workbook in memory: see bench/results/sheets-latest.md.
 */
async function readXlsx(body: Buffer, headerRows: (lines: unknown[][]) => number): Promise<Sheet> {
  const ExcelJS = await loadExcel();
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(body as unknown as ArrayBuffer);
  } catch (error) {
    throw new SheetReadError("xlsx", (error as Error).message);
  }
  const lines: { line: number; cells: unknown[] }[] = [];
  // The first worksheet only.
  workbook.worksheets[0]?.eachRow((row, number) => {
    // row.values is 1-based and sparse.
    const values = (row.values as unknown[]).slice(1).map(plain);
    lines.push({ line: number, cells: Array.from({ length: values.length }, (_, i) => values[i] ?? null) });
  });
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
