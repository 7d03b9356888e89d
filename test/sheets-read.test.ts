// Reading an uploaded XLSX keeps every character: exceljs 4.4's streaming reader decodes each
// inflated chunk of the sheet's XML on its own (lib/utils/parse-sax.js), so a Chinese character
// split across two chunks came back as U+FFFD. At 100,000 rows that made 18 valid cells of
// bench/sheets.ts's file fail (五级分类 "正常" read as "�常"), and free text would have been
// stored corrupted. A unit test of src/sheets/read.ts, no server: the bug is in the reading.
import { describe, expect, it } from "vitest";
import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import { readSheet } from "../src/sheets/read.ts";
import { xlsxOf } from "./helpers/sheets.ts";

const TEXT = ["流动资金周转", "正常", "保证", "存货、仓单质押"];

async function streamedXlsx(rows: unknown[][], sharedStrings: boolean): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  const ended = new Promise((r) => out.on("end", r));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: sharedStrings });
  const sheet = workbook.addWorksheet("Sheet1");
  for (const row of rows) sheet.addRow(row).commit();
  sheet.commit();
  await workbook.commit();
  await ended;
  return Buffer.concat(chunks);
}

describe("reading an XLSX", () => {
  // Inline strings (exceljs's streaming writer), shared strings (Excel's own way; distinct texts so
  // the shared-strings part is itself many chunks long), and exceljs's ordinary writer.
  const rows = Array.from({ length: 6000 }, (_, i) => [`合同${i}`, ...TEXT, `${TEXT[i % TEXT.length]}${i}`]);
  for (const [name, file] of [
    ["inline strings", () => streamedXlsx(rows, false)],
    ["shared strings", () => streamedXlsx(rows, true)],
    ["an ordinary workbook", () => xlsxOf(rows)],
  ] as const) {
    it(`keeps every Chinese character of 6,000 rows (${name})`, async () => {
      const sheet = await readSheet(await file(), () => 0);
      expect(sheet.rows.length).toBe(rows.length);
      const wrong = sheet.rows.flatMap((row, i) => (JSON.stringify(row.cells) === JSON.stringify(rows[i]) ? [] : [[row.line, row.cells]]));
      expect(wrong).toEqual([]);
    }, 120_000);
  }
});
