// Bonds' payment schedules (兑付安排) as a sheet: one due date a row (债券代码, 应付日期, 类别,
// 应付金额, 版本号). The rows of one bond are that bond's whole new schedule, written by
// setBondSchedule's own write (term and uniqueness rules, paid items kept, history, the bond's
// version) in the file's one transaction, under that mutation's audit entry. A bond missing from
// the file is left as it is; to empty a bond's schedule, use the mutation.
//
// The row is the mutation's arguments (code, items, expectedVersion): `items.*` columns fill the
// row's one item, and the rows of a bond are grouped, in file order, into one call.
import type { Batch } from "../batch.ts";
import { setSchedule } from "../../bonds/schedule.mutations.ts";
import { assertBondWriter } from "../../bonds/bond-access.ts";
import { groupRows, RowProblems } from "../row-problems.ts";
import { ConflictError, keyedIssue } from "../../writes/errors.ts";

interface ScheduleRow {
  code: string;
  items: { dueDate: Date; kind: string; amountDue: unknown }[];
  expectedVersion?: number | null;
}

/** One call per bond: its items in file order, the rows each came from, the version the rows give. */
const group = (rows: readonly ScheduleRow[]): { code: string; items: ScheduleRow["items"]; versions: Set<number>; rows: number[] }[] =>
  groupRows(
    rows,
    (row) => row.code,
    (row) => ({ code: row.code, items: [] as ScheduleRow["items"], versions: new Set<number>() }),
    (bond, row) => {
      bond.items.push(...row.items);
      if (row.expectedVersion != null) bond.versions.add(row.expectedVersion);
    },
  ).map(({ group: bond, rows: from }) => ({ ...bond, rows: from }));

export const bondSchedulesBatch: Batch<ScheduleRow> = {
  name: "bond-schedules",
  title: { zh: "债券兑付安排", en: "Bond payment schedules" },
  inputType: "Mutation.setBondSchedule",
  columns: [
    { field: "code", zh: "债券代码" },
    { field: "items.dueDate", zh: "应付日期" },
    { field: "items.kind", zh: "类别" },
    { field: "items.amountDue", zh: "应付金额（元）" },
    { field: "expectedVersion", zh: "版本号" },
  ],
  // Every bond of the city with its whole term; a few statements of SQL per bond.
  maxRows: 20_000,
  operation: "setBondSchedule",
  authorize: (ctx) => assertBondWriter(ctx),
  async write(ctx, tx, rows) {
    const problems = new RowProblems();
    for (const bond of group(rows)) {
      // The rows of a bond give one version of it or none: two different ones are the file's mistake.
      if (bond.versions.size > 1) {
        for (const r of bond.rows) if (rows[r]!.expectedVersion != null) problems.issues.push(keyedIssue([r, "expectedVersion"], "sameVersion", "sameVersion.bondRows", { code: bond.code, versions: [...bond.versions].join(", ") }));
        continue;
      }
      const expected = [...bond.versions][0] ?? null;
      const before = await tx.bond.findUnique({ where: { code: bond.code }, select: { version: true } });
      if (!before) {
        for (const r of bond.rows) problems.issues.push(keyedIssue([r, "code"], "exists", "exists.bondRegistered", { code: bond.code }));
        continue;
      }
      await problems.attempt(
        async () => {
          const after = await setSchedule(ctx, tx, { code: bond.code, items: bond.items, expectedVersion: expected });
          return [{ action: after.version !== before.version ? ("UPDATE" as const) : ("NONE" as const) }];
        },
        // ["items", k, …] is the item of row rows[k]; ["items", k] alone (a duplicate) is its due date; anything else is every row's.
        (path) => (path[0] === "items" && typeof path[1] === "number" ? [[bond.rows[path[1]]!, "items", 0, ...(path.length > 2 ? path.slice(2) : ["dueDate"])]] : bond.rows.map((r) => [r, ...(path.length ? path : ["code"])])),
        // A stale version, or paid items removed or re-priced: every row of the bond.
        () => bond.rows.map((r) => [r, rows[r]!.expectedVersion != null ? "expectedVersion" : "code"]),
        (error) => (expected != null && error instanceof ConflictError && error.currentVersion !== expected ? "version" : "conflict"),
      );
    }
    return problems.done();
  },
};
