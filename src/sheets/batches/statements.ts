// Enterprises' financial statements (财务报表) as a sheet: one statement a row, each written by
// upsertFinancialStatement's own write (validation, record, history, notices) in the file's one
// transaction, under that mutation's audit entry. About four statements of SQL a row (the
// enterprise, the stored statement, its insert or update, its history), so the file is capped lower than loans'.
import type { Batch } from "../batch.ts";
import { assertStatementWriter, upsertStatement } from "../../enterprise/statement.mutations.ts";
import { RowProblems } from "../row-problems.ts";

type StatementRow = { uscc: string } & Record<string, unknown>;

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
    for (const [i, row] of rows.entries()) {
      await problems.attempt(
        async () => [await upsertStatement(ctx, tx, row)],
        (path) => [[i, ...path.slice(1)]],
        () => [[i, "expectedVersion"]],
      );
    }
    return problems.done();
  },
};
