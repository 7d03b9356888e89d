// Institutions' quarterly indicator reports (监管指标报送) as a sheet, written by reportIndicators's
// own write (validation, values, history, notices) in the file's one transaction, under that
// mutation's audit entry.
//
// The row shape: one row per institution, quarter end and indicator (机构编码, 报告期末, 指标, 指标值,
// 版本号), not one column per indicator. The indicators an institution reports depend on its kind
// (seven for a local bank, two for an insurer, one for a small-loan company: indicator-rules.ts), so
// a column per indicator would give every agency's clerk a sheet of ten indicator columns, most of
// them never theirs, where a blank cell cannot tell "not reported" from "forgotten". Four columns
// are the same for CBRC, the insurance association and the finance bureau; the indicator is typed
// as its Chinese name (资本充足率) or its code, each value can carry the version it corrects, and a
// clerk can sort and filter the sheet in Excel or paste an export of the reporting system as it is.
//
// The rows of one institution and quarter end are grouped into one report (the mutation's input,
// values in file order), so a report's rules (an indicator reported twice, one that is not the
// kind's) apply across the rows; the report's issues are mapped back to the rows they came from.
import type { Batch } from "../batch.ts";
import { assertIndicatorReporter, indicatorKey, report, type IndicatorReport } from "../../institutions/indicator.mutations.ts";
import type { InstitutionKind } from "../../generated/prisma/client.ts";
import { NotFoundError } from "../../writes/errors.ts";
import { groupRows, RowProblems } from "../row-problems.ts";

/** A row as coerced: a report of its one value. */
type IndicatorRow = IndicatorReport & { periodEnd: Date };

const day = (d: Date) => d.toISOString().slice(0, 10);

/** The rows' reports: one per institution and quarter end, with the rows each value came from. */
const group = (rows: readonly IndicatorRow[]): { input: IndicatorReport; rows: number[] }[] =>
  groupRows(
    rows,
    (row) => `${row.institutionCode}\u0000${day(row.periodEnd)}`,
    (row): IndicatorReport => ({ institutionCode: row.institutionCode, periodEnd: row.periodEnd, values: [] }),
    (report, row) => report.values.push(...row.values),
  ).map(({ group: input, rows: from }) => ({ input, rows: from }));

export const indicatorsBatch: Batch<IndicatorRow> = {
  name: "indicators",
  title: { zh: "监管指标", en: "Institution indicators" },
  inputType: "IndicatorReportInput",
  columns: [
    { field: "institutionCode", zh: "机构编码" },
    { field: "periodEnd", zh: "报告期末" },
    { field: "values.indicator", zh: "指标" },
    { field: "values.value", zh: "指标值" },
    { field: "values.expectedVersion", zh: "版本号" },
  ],
  // Every institution of the city for several quarters; about three statements of SQL a value.
  maxRows: 20_000,
  operation: "reportIndicators",
  /** As the mutation: each institution's kind decides who reports it; an unknown code is refused to non-reporters. */
  async authorize(ctx, rows) {
    const codes = [...new Set(rows.map((r) => r.institutionCode))];
    const kinds = new Map((await ctx.prisma.institution.findMany({ where: { code: { in: codes } }, select: { code: true, kind: true } })).map((i) => [i.code, i.kind as InstitutionKind]));
    for (const code of codes) assertIndicatorReporter(ctx, kinds.get(code) ?? null);
  },
  async write(ctx, tx, rows) {
    const problems = new RowProblems();
    for (const report_ of group(rows)) {
      const { input, rows: from } = report_;
      await problems.attempt(
        () => report(ctx, tx, input),
        // ["input", "values", k, …] is the value of row from[k]; anything else (the institution, the quarter end) is every row's.
        (path) => (path[1] === "values" && typeof path[2] === "number" ? [[from[path[2]]!, "values", 0, ...path.slice(3)]] : from.map((r) => [r, ...path.slice(1)])),
        // A stale or missing version names its value's key (institution/quarter end/indicator).
        (error) => {
          const at = input.values.findIndex((v) => {
            const key = indicatorKey(input.institutionCode, input.periodEnd as Date, v.indicator);
            return error instanceof NotFoundError ? error.key === key : error.message.includes(`${key} `);
          });
          return (at < 0 ? from : [from[at]!]).map((r) => [r, "values", 0, "expectedVersion"]);
        },
      );
    }
    return problems.done();
  },
};
