// Startup stays under 3 s (issue 14) partly because exceljs, about half a second of module
// loading, is imported on the first spreadsheet, not when the server starts (src/sheets/excel.ts).
// A value import of it anywhere else would bring the cost back to every start: this test fails then.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "src");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sources(path);
    return /\.(ts|mjs)$/.test(entry.name) ? [path] : [];
  });
}

/** Static imports that load a module when their file loads (`import type` does not). */
const valueImport = (module: string) => new RegExp(`^\\s*import\\s+(?!type\\b)[^;]*?from\\s+["']${module}["']`, "m");

describe("modules loaded on demand, not at startup", () => {
  it("exceljs is imported only through src/sheets/excel.ts's dynamic import", () => {
    const offenders = sources(root).filter((file) => valueImport("exceljs").test(readFileSync(file, "utf8")));
    expect(offenders.map((f) => relative(root, f))).toEqual([]);
    expect(readFileSync(join(root, "sheets", "excel.ts"), "utf8")).toMatch(/import\("exceljs"\)/);
  });

  it("the check itself sees a value import", () => {
    expect(valueImport("exceljs").test('import ExcelJS from "exceljs";')).toBe(true);
    expect(valueImport("exceljs").test('import type ExcelJS from "exceljs";')).toBe(false);
  });
});
