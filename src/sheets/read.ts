// Reading an uploaded sheet: XLSX streamed row by row through exceljs's XML readers (the first worksheet), CSV
// through csv-parse after decoding UTF-8 or GB18030 (iconv-lite).
// The result keeps each row's cells as typed (numbers, dates, text) and its line in the file, so
// the annotated copy shows the clerk's own values in the clerk's own rows.
import { PassThrough, Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import type ExcelJS from "exceljs";
import type JSZip from "jszip";
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

/** A zip entry's bytes as text, decoded across chunk boundaries (a character split over two chunks stays whole). */
async function* utf8(chunks: AsyncIterable<Buffer>): AsyncGenerator<string> {
  const decoder = new StringDecoder("utf8");
  for await (const chunk of chunks) {
    const text = decoder.write(chunk);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

/** The parts of exceljs 4.4's WorkbookReader used here (lib/stream/xlsx/workbook-reader.js; exceljs is pinned). */
interface EntryParsers {
  model?: { sheets?: { id: number; name: string; rId: string }[] };
  workbookRels?: { Id: string; Target: string }[];
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseWorksheet(iterator: AsyncIterable<string>, sheetNo: string): Generator<{ eventType: string; value: AsyncIterable<ExcelJS.Row> }>;
}

/**
 * `headerRows(first)`: how many lines head the sheet (the column names, and the field-name line if present).
 * Streamed, row by row, with exceljs's own XML readers, so neither the workbook model nor a cell
 * object of it is held: only each row's plain values.
 * exceljs's own streaming entry point (WorkbookReader.read) is not used: it hands each inflated
 * chunk of the XML to lib/utils/parse-sax.js, which decodes every chunk on its own
 * (browser-buffer-decode.js, a TextDecoder without `stream: true`), so a Chinese character split
 * across two chunks became U+FFFD (18 cells of a 100,000-row file; test/sheets-read.test.ts).
 * parse-sax passes strings through as they are, so each part is given to it here already decoded
 * with a StringDecoder, which holds a split character back until its last byte arrives.
 * The zip is opened with JSZip (random access, as exceljs's loader does): first the workbook,
 * its relationships, styles (for dates) and shared strings, then the first worksheet, whatever
 * order the parts have in the archive.
 */
async function readXlsx(body: Buffer, headerRows: (lines: unknown[][]) => number): Promise<Sheet> {
  // Both loaded on the first XLSX read, not at startup (src/sheets/excel.ts).
  const [ExcelJS, { default: JSZipModule }] = await Promise.all([loadExcel(), import("jszip")]);
  let zip: JSZip;
  try {
    zip = await JSZipModule.loadAsync(body);
  } catch (error) {
    throw new SheetReadError("xlsx", (error as Error).message);
  }
  const part = (path: string) => {
    const file = zip.file(path);
    return file ? Readable.from(utf8(file.nodeStream("nodebuffer").pipe(new PassThrough()))) : null;
  };
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(null as never, { worksheets: "emit", sharedStrings: "cache", styles: "cache", hyperlinks: "ignore", entries: "ignore" }) as unknown as EntryParsers;
  const lines: SheetRow[] = [];
  try {
    const rels = part("xl/_rels/workbook.xml.rels");
    if (rels) await reader._parseRels(rels);
    const workbook = part("xl/workbook.xml");
    if (workbook) await reader._parseWorkbook(workbook);
    const styles = part("xl/styles.xml");
    if (styles) await reader._parseStyles(styles);
    const strings = part("xl/sharedStrings.xml");
    if (strings) for await (const _ of reader._parseSharedStrings(strings));

    // The first worksheet in the workbook's order (as the loader's worksheets[0]), else the lowest-numbered.
    const first = reader.model?.sheets?.[0];
    const target = first && reader.workbookRels?.find((r) => r.Id === first.rId)?.Target;
    const numbered = Object.keys(zip.files)
      .map((path) => /^xl\/worksheets\/sheet(\d+)\.xml$/.exec(path))
      .filter((m) => m !== null)
      .sort((a, b) => Number(a[1]) - Number(b[1]));
    const path = target ? (target.startsWith("/") ? target.slice(1) : `xl/${target}`) : numbered[0]?.[0];
    const sheetNo = path ? /sheet(\d+)\.xml$/.exec(path)?.[1] : undefined;
    const file = path && zip.file(path);
    if (!file || !sheetNo) throw new Error("the workbook has no worksheet");
    for (const { eventType, value } of reader._parseWorksheet(utf8(file.nodeStream("nodebuffer").pipe(new PassThrough())), sheetNo)) {
      if (eventType !== "worksheet") continue;
      for await (const row of value) {
        // row.values is 1-based and sparse.
        const values = (row.values as unknown[]).slice(1).map(plain);
        lines.push({ line: row.number, cells: Array.from({ length: values.length }, (_, i) => values[i] ?? null) });
      }
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
