// Writing sheets: the template of a batch, the annotated copy of a rejected file, and the rows of
// an export. XLSX through exceljs's streaming writer (rows committed as written, so memory stays
// flat), CSV through csv-stringify as UTF-8 with a BOM (which Excel needs to read it as UTF-8).
import { PassThrough, type Writable } from "node:stream";
import type ExcelJS from "exceljs";
import { stringify } from "csv-stringify";
import type { SheetFormat } from "./read.ts";
import { loadExcel } from "./excel.ts";

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
export const CSV_TYPE = "text/csv; charset=utf-8";

const HEADER_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDDEBF7" } };
const FIELD_FONT: Partial<ExcelJS.Font> = { italic: true, color: { argb: "FF7F7F7F" } };
/** The fill of a cell with a problem: the red Excel's "bad" style uses. */
export const PROBLEM_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFFC7CE" } };
const PROBLEM_FONT: Partial<ExcelJS.Font> = { color: { argb: "FF9C0006" } };

export interface SheetCell {
  value: unknown;
  problem?: boolean;
  /** a note on the cell (XLSX only), e.g. an enum's allowed values in a template */
  note?: string;
}

export interface SheetRowOut {
  cells: SheetCell[];
  /** a header row: bold on a light fill; `field` a field-name row: grey italic */
  style?: "header" | "field";
}

/** Writes rows as they come; `end()` finishes the file. Backpressure is the caller's `await`. */
export interface SheetWriter {
  add(row: SheetRowOut): Promise<void>;
  end(): Promise<void>;
}

function cellValue(value: unknown): ExcelJS.CellValue {
  if (value === null || value === undefined) return null;
  if (value instanceof Date || typeof value === "number" || typeof value === "string" || typeof value === "boolean") return value;
  return String(value);
}

/** Waits until the output has room, so a slow client holds back the export rather than memory. */
async function drained(out: Writable): Promise<void> {
  if (!out.writableNeedDrain) return;
  await new Promise<void>((resolve, reject) => {
    const done = () => {
      out.off("drain", done);
      out.off("close", done);
      out.off("error", fail);
      resolve();
    };
    const fail = (error: Error) => {
      out.off("drain", done);
      out.off("close", done);
      reject(error);
    };
    out.on("drain", done).on("close", done).on("error", fail);
  });
}

async function xlsxWriter(out: Writable, sheetName: string, widths: number[]): Promise<SheetWriter> {
  const ExcelJS = await loadExcel();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31), { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = widths.map((width) => ({ width }));
  return {
    async add(row) {
      const added = sheet.addRow(row.cells.map((c) => cellValue(c.value)));
      row.cells.forEach((c, i) => {
        const cell = added.getCell(i + 1);
        if (c.value instanceof Date) cell.numFmt = "yyyy-mm-dd";
        if (row.style === "header") {
          cell.font = { bold: true };
          cell.fill = HEADER_FILL;
        } else if (row.style === "field") cell.font = FIELD_FONT;
        if (c.problem) {
          cell.fill = PROBLEM_FILL;
          cell.font = PROBLEM_FONT;
        }
        if (c.note) cell.note = c.note;
      });
      added.commit();
      await drained(out);
    },
    async end() {
      sheet.commit();
      await workbook.commit();
    },
  };
}

function csvWriter(out: Writable): SheetWriter {
  const csv = stringify({ bom: true, cast: { date: (d) => d.toISOString().slice(0, 10), boolean: (b) => (b ? "true" : "false") } });
  csv.pipe(out);
  return {
    async add(row) {
      if (!csv.write(row.cells.map((c) => c.value ?? ""))) await drained(csv);
      await drained(out);
    },
    async end() {
      await new Promise<void>((resolve, reject) => {
        out.once("finish", resolve).once("error", reject);
        csv.end();
      });
    },
  };
}

export async function sheetWriter(format: SheetFormat, out: Writable, sheetName: string, widths: number[]): Promise<SheetWriter> {
  return format === "xlsx" ? xlsxWriter(out, sheetName, widths) : csvWriter(out);
}

/** A whole (small) sheet in memory: templates and annotated copies. */
export async function sheetBuffer(format: SheetFormat, sheetName: string, widths: number[], rows: Iterable<SheetRowOut>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  const finished = new Promise<void>((resolve, reject) => out.once("end", resolve).once("error", reject));
  const writer = await sheetWriter(format, out, sheetName, widths);
  for (const row of rows) await writer.add(row);
  await writer.end();
  if (!out.writableEnded) out.end();
  await finished;
  return Buffer.concat(chunks);
}
