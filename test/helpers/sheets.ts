// Spreadsheets for the sheet tests, built and read with exceljs's ordinary (non-streaming)
// workbook, independently of the server's streaming code; and the raw HTTP calls of /sheets.
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
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

/**
 * node:http, not fetch: undici's fetch gives up on a response whose headers take over 300 s, and a
 * 10,000-row upload on a loaded machine can take that long; the test's own timeout is the limit.
 */
export async function sheetRequest(server: TestServer, path: string, options: { as?: string | null; body?: Buffer | string; contentType?: string; headers?: Record<string, string> } = {}): Promise<SheetResponse> {
  const as = options.as === undefined ? "CBRC" : options.as;
  const headers: Record<string, string> = { ...(as ? { authorization: `Bearer ${server.keys[as]}` } : {}), ...options.headers };
  if (options.contentType) headers["content-type"] = options.contentType;
  const body = options.body === undefined ? undefined : typeof options.body === "string" ? Buffer.from(options.body, "utf8") : options.body;
  if (body) headers["content-length"] = String(body.length);
  const { status, head, bytes } = await new Promise<{ status: number; head: IncomingHttpHeaders; bytes: Buffer }>((resolve, reject) => {
    const req = httpRequest(`${server.origin}${path}`, { method: body === undefined ? "GET" : "POST", headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, head: res.headers, bytes: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
  const responseHeaders = new Headers();
  for (const [name, value] of Object.entries(head)) if (value !== undefined) responseHeaders.set(name, Array.isArray(value) ? value.join(", ") : value);
  let json: unknown;
  if (responseHeaders.get("content-type")?.startsWith("application/json")) json = JSON.parse(bytes.toString("utf8"));
  return { status, headers: responseHeaders, bytes, json };
}
