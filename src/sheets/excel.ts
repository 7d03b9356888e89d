// exceljs is loaded on the first spreadsheet a request reads or writes, not at startup: importing
// it costs about 0.5 s of a server's start (measured: `node -e "import('exceljs')"`), and most
// processes (CLIs, nodes that never serve a sheet) never need it. Node caches the module, so
// every later call gets the same one at once.
import type ExcelJSModule from "exceljs";

let loading: Promise<typeof ExcelJSModule> | undefined;

export function loadExcel(): Promise<typeof ExcelJSModule> {
  loading ??= import("exceljs").then((m) => m.default);
  return loading;
}
