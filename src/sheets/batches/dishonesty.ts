// The dishonesty lists (失信名单) as a sheet: one record a row, the subject in flat columns (an
// enterprise's USCC, or a person's name, ID number, phone and county, which fill the nested
// `person` input). Each row is written by upsertDishonestyRecord's own write (validation, person
// registry, change sequence, history), all rows in the sheet's one transaction; its problems are
// kept row by row (RowProblems), and its action (created, updated, unchanged) is the summary's.
import type { Batch } from "../batch.ts";
import type { GraphContext } from "../../context.ts";
import { upsertRecord } from "../../credit/dishonesty.mutations.ts";
import { assertOwner } from "../../writes/ownership.ts";
import { ConflictError, keyedIssue } from "../../writes/errors.ts";
import { RowProblems } from "../row-problems.ts";

type RecordRow = Parameters<typeof upsertRecord>[2];

/** A write issue's path (["input", "person", "idNumber"]) as the row's column field ("person.idNumber"). */
const fieldOf = (path: readonly (string | number)[]) => path.filter((p): p is string => typeof p === "string" && p !== "input").join(".") || "documentNo";

export const dishonestyBatch: Batch<RecordRow> = {
  name: "dishonesty",
  title: { zh: "失信名单", en: "Dishonesty lists" },
  inputType: "DishonestyRecordInput",
  columns: [
    { field: "documentNo", zh: "决定文书号" },
    { field: "list", zh: "失信名单类别" },
    { field: "enterprise", zh: "统一社会信用代码" },
    { field: "person.name", zh: "姓名" },
    { field: "person.idNumber", zh: "身份证号码" },
    { field: "person.phone", zh: "手机号码" },
    { field: "person.county", zh: "户籍所在县区" },
    { field: "sourceAgency", zh: "信息提供单位" },
    { field: "decidedBy", zh: "认定单位" },
    { field: "reason", zh: "认定事由" },
    { field: "listedOn", zh: "列入日期" },
    { field: "expiresOn", zh: "移出日期" },
    { field: "expectedVersion", zh: "版本号" },
  ],
  // Each row is the mutation's own write (some eight statements): a file is a month's decisions, not a registry.
  maxRows: 5_000,
  operation: "upsertDishonestyRecord",
  authorize: (ctx) => assertOwner(ctx, ["DEVELOPMENT_REFORM"], { key: "records.dishonestyRecords" }),
  async write(ctx: GraphContext, tx, rows) {
    const problems = new RowProblems();
    const first = new Map<string, number>();
    for (const [i, row] of rows.entries()) {
      // Two rows of one decision document would silently overwrite each other.
      const seen = first.get(row.documentNo);
      if (seen !== undefined) {
        problems.issues.push(keyedIssue([i, "documentNo"], "unique", "unique.documentInFile", { row: { key: "at.row", params: { n: seen } } }));
        continue;
      }
      first.set(row.documentNo, i);
      // The mutation's checks all throw before it writes, so the other rows are still checked.
      await problems.attempt(
        async () => [await upsertRecord(ctx, tx, row)],
        (path) => [[i, fieldOf(path)]],
        () => [[i, row.expectedVersion != null ? "expectedVersion" : "documentNo"]],
        (error) => (error instanceof ConflictError ? "conflict" : "exists"),
      );
    }
    return problems.done();
  },
};
