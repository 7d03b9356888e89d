// Enterprises' financial statements (财务报表) as a sheet: one statement a row, each written by
// upsertFinancialStatement's own write (validation, record, history, notices) in the file's one
// transaction, under that mutation's audit entry. The enterprises and stored statements of all rows
// are read at once (two statements of SQL), then two a row (its insert or update, its history), so
// the file is capped lower than loans' (whose write is a fixed number of statements).
import type { Batch } from "../batch.ts";
import { assertStatementWriter, statementsOf, upsertStatement } from "../../enterprise/statement.mutations.ts";
import { RowProblems } from "../row-problems.ts";
import { keyedIssue } from "../../writes/errors.ts";

type StatementRow = { uscc: string; periodEnd: Date; periodType: string } & Record<string, unknown>;
const keyOf = (r: StatementRow) => `${r.uscc}/${r.periodType}/${r.periodEnd.toISOString().slice(0, 10)}`;

export const statementsBatch: Batch<StatementRow> = {
  name: "statements",
  title: { zh: "财务报表", en: "Financial statements" },
  inputType: "FinancialStatementInput",
  columns: [
    { field: "uscc", zh: "统一社会信用代码" },
    { field: "periodEnd", zh: "报告期末" },
    { field: "periodType", zh: "报表类型" },
    { field: "totalAssets", zh: "资产总计（元）" },
    { field: "currentAssets", zh: "流动资产合计（元）" },
    { field: "totalLiabilities", zh: "负债合计（元）" },
    { field: "currentLiabilities", zh: "流动负债合计（元）" },
    { field: "shortTermBorrowings", zh: "短期借款（元）" },
    { field: "longTermBorrowings", zh: "长期借款（元）" },
    { field: "privateLending", zh: "民间借贷（元）" },
    { field: "revenue", zh: "营业收入（元）" },
    { field: "netProfit", zh: "净利润（元）" },
    { field: "expectedVersion", zh: "版本号" },
  ],
  // A year's statements of every reporting enterprise in the city.
  maxRows: 20_000,
  operation: "upsertFinancialStatement",
  authorize: (ctx) => assertStatementWriter(ctx),
  async write(ctx, tx, rows) {
    const problems = new RowProblems();
    // A statement twice in one file is a mistake of the file, not a correction of its own line.
    const first = new Map<string, number>();
    const lookup = await statementsOf(tx, rows);
    for (const [i, row] of rows.entries()) {
      const earlier = first.get(keyOf(row));
      if (earlier !== undefined) {
        problems.issues.push(keyedIssue([i, "periodEnd"], "unique", "unique.statementInFile", { periodType: row.periodType, uscc: row.uscc, periodEnd: keyOf(row).slice(-10), row: { key: "at.row", params: { n: earlier } } }));
        continue;
      }
      first.set(keyOf(row), i);
      await problems.attempt(
        async () => [await upsertStatement(ctx, tx, row, lookup)],
        (path) => [[i, ...path.slice(1)]],
        () => [[i, "expectedVersion"]],
      );
    }
    return problems.done();
  },
};
