// Spreadsheets for the sheet tests, built and read with exceljs's ordinary (non-streaming)
// workbook, independently of the server's streaming code; and the raw HTTP calls of /sheets.
import ExcelJS from "exceljs";
import type { TestServer } from "./server.ts";

export const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export async function xlsxOf(rows: unknown[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Sheet1");
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export async function readXlsx(body: Buffer | ArrayBuffer): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as ArrayBuffer);
  return workbook.worksheets[0]!;
}

/** A worksheet's values as arrays (0-based columns), rows from 1. */
export function valuesOf(sheet: ExcelJS.Worksheet): unknown[][] {
  const out: unknown[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, n) => {
    out[n - 1] = (row.values as unknown[]).slice(1);
  });
  return out;
}

export interface SheetResponse {
  status: number;
  headers: Headers;
  bytes: Buffer;
  json: any;
}

export async function sheetRequest(server: TestServer, path: string, options: { as?: string | null; body?: Buffer | string; contentType?: string; headers?: Record<string, string> } = {}): Promise<SheetResponse> {
  const as = options.as === undefined ? "CBRC" : options.as;
  const headers: Record<string, string> = { ...(as ? { authorization: `Bearer ${server.keys[as]}` } : {}), ...options.headers };
  if (options.contentType) headers["content-type"] = options.contentType;
  const res = await fetch(`${server.origin}${path}`, { method: options.body === undefined ? "GET" : "POST", headers, body: typeof options.body === "string" || options.body === undefined ? options.body : new Uint8Array(options.body) });
  const bytes = Buffer.from(await res.arrayBuffer());
  let json: unknown;
  if (res.headers.get("content-type")?.startsWith("application/json")) json = JSON.parse(bytes.toString("utf8"));
  return { status: res.status, headers: res.headers, bytes, json };
}
