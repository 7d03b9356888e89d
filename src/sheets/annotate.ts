// The templates and the annotated copy of a rejected file: the clerk's rows as uploaded, each
// problem in a column of its own at the end of its row (问题 1, 问题 2, …), the cell at fault
// filled red. The copy can be fixed in Excel and uploaded again as it is (the problem columns
// are ignored on upload).
import type { Batch, CellIssue, Column } from "./batch.ts";
import type { Sheet, SheetFormat } from "./read.ts";
import { sheetBuffer, type SheetRowOut } from "./write.ts";
import { t, type Lang } from "../i18n/index.ts";
import { issueMessage } from "../writes/errors.ts";

const width = (text: string) => Math.min(40, Math.max(10, [...text].reduce((n, ch) => n + (ch.charCodeAt(0) > 0xff ? 2 : 1), 0) + 2));

function noteOf(column: Column): string {
  const parts = [column.description ?? "", column.required ? "必填 required" : "选填 optional"];
  if (column.choices.length) parts.push(`可填 allowed: ${column.choices.map((c) => (c.zh ? `${c.zh} ${c.value}` : c.value)).join(", ")}`);
  if (column.type.name === "Date") parts.push("格式 format: YYYY-MM-DD");
  if (column.type.name === "Boolean") parts.push("是/否 true/false");
  return parts.filter(Boolean).join("\n");
}

/** The template: Chinese column names, then the field names (a note on each name says what to fill in). */
export function template(batch: Batch<never>, columns: readonly Column[], format: SheetFormat): Promise<Buffer> {
  const rows: SheetRowOut[] = [
    { style: "header", cells: columns.map((c, i) => ({ value: c.zh, note: i === 0 ? `${noteOf(c)}\n\n${t("zh", "sheet.templateNote")}` : noteOf(c) })) },
    { style: "field", cells: columns.map((c) => ({ value: c.field })) },
  ];
  return sheetBuffer(format, batch.title.zh, columns.map((c) => width(c.zh)), rows);
}

export function problemText(columns: readonly (Column | null)[], issue: CellIssue, lang: Lang): string {
  const column = columns.find((c) => c?.field === issue.field);
  const where = column ? `${column.zh}（${column.field}）` : issue.field ?? "";
  return `${where ? `${where}：` : ""}${issueMessage(issue, lang)} [${issue.rule}]`;
}

export function annotated(batch: Batch<never>, sheet: Sheet, columns: readonly (Column | null)[], problems: ReadonlyMap<number, CellIssue[]>, lang: Lang): Promise<Buffer> {
  const most = Math.max(1, ...[...problems.values()].map((p) => p.length));
  const span = Math.max(columns.length, ...sheet.headerLines.map((h) => h.length));
  // Columns an earlier copy added are dropped: the new problems replace them.
  const kept = Array.from({ length: span }, (_, i) => i).filter((i) => !(columns[i] === null && /^(问题|problem)\s*\d+$/i.test(String(sheet.headerLines[0]?.[i] ?? "").trim())));
  const problemHeads = Array.from({ length: most }, (_, n) => t("zh", "sheet.problemColumn", { n: n + 1 }));
  function* rows(): Generator<SheetRowOut> {
    yield { style: "header", cells: [...kept.map((i) => ({ value: sheet.headerLines[0]?.[i] ?? null })), ...problemHeads.map((value) => ({ value, problem: true }))] };
    for (const line of sheet.headerLines.slice(1)) yield { style: "field", cells: kept.map((i) => ({ value: line[i] ?? null })) };
    for (const [index, row] of sheet.rows.entries()) {
      const issues = problems.get(index) ?? [];
      const bad = new Set(issues.map((p) => p.field));
      yield {
        cells: [
          ...kept.map((i) => ({ value: row.cells[i] ?? null, problem: bad.has(columns[i]?.field ?? "\0") })),
          ...issues.map((issue) => ({ value: problemText(columns, issue, lang), problem: true })),
        ],
      };
    }
  }
  const widths = [...kept.map((i) => width(String(sheet.headerLines[0]?.[i] ?? ""))), ...problemHeads.map(() => 60)];
  return sheetBuffer(sheet.format, batch.title.zh, widths, rows());
}
