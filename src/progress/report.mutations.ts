// Quarterly progress reports: every member agency reports for itself, each county government for
// its county (实施方案 三（四）: 每季度末向市金融局报送). Resubmitting replaces the summary, with history.
import { localizedError } from "../i18n/index.ts";
import { builder } from "../builder.ts";
import type { Agency } from "../generated/prisma/client.ts";
import type { GraphContext } from "../context.ts";
import { assertOwner } from "../writes/ownership.ts";
import { runWrite, type Tx } from "../writes/write.ts";
import { upsertByKey, type Delegate, type VersionedRow } from "../writes/records.ts";
import { IssueCollector, text } from "../writes/rules.ts";
import { chinaDay, isoDay } from "../credit/calendar-day.ts";
import { CITY_CODE, CITY_REPORTERS, isQuarterEnd } from "./quarters.ts";
import { ProgressReportNode } from "./report.type.ts";
import { writeResult } from "../credit/write-result.ts";

/** Plan members report; the credit platform is a machine client, not a member. */
const REPORTERS: readonly Agency[] = [...CITY_REPORTERS, "COUNTY"];
const reports = (tx: Tx) => tx.progressReport as unknown as Delegate<VersionedRow>;

async function submit(ctx: GraphContext, tx: Tx, args: { quarterEnd: Date; summary: string; expectedVersion?: number | null }) {
  const issues = new IssueCollector();
  const summary = issues.parse(text(5000), args.summary, ["summary"]);
  if (!isQuarterEnd(args.quarterEnd)) issues.add(["quarterEnd"], "quarterEnd", "quarterEnd");
  if (args.quarterEnd > chinaDay(ctx.businessNow)) issues.add(["quarterEnd"], "notFuture", "notFuture.quarter");
  if (args.expectedVersion != null && args.expectedVersion < 1) issues.add(["expectedVersion"], "min", "min.expectedVersion");
  issues.throwIfAny();
  const { agency } = ctx.principal;
  const countyCode = agency === "COUNTY" ? ctx.principal.countyCode! : CITY_CODE;
  const { row } = await upsertByKey(tx, ctx, {
    delegate: reports(tx),
    entityType: "ProgressReport",
    key: `${agency}/${countyCode}/${isoDay(args.quarterEnd)}`,
    where: { agency_countyCode_quarterEnd: { agency, countyCode, quarterEnd: args.quarterEnd } },
    expectedVersion: args.expectedVersion,
    data: { agency, countyCode, quarterEnd: args.quarterEnd, summary: summary!, submittedAt: ctx.now, ownerAgency: agency },
  });
  return row;
}

builder.mutationFields((t) => ({
  submitProgressReport: t.prismaField({
    type: ProgressReportNode,
    description:
      "Submits the caller's progress report for a quarter that has ended (any member agency for itself; a county government for its county). Submitting again for the same quarter replaces the summary; the history keeps the earlier one.",
    errors: writeResult("progress report"),
    args: {
      quarterEnd: t.arg({ type: "Date", required: true, description: "The quarter, by its last day (e.g. 2018-12-31); not in the future." }),
      summary: t.arg.string({ required: true, description: "The progress made (工作进展), up to 5000 characters." }),
      expectedVersion: t.arg.int({ description: "When resubmitting: the version you read; a different stored version is a conflict." }),
      idempotencyKey: t.arg.string({ description: "Retrying with the same key returns the first result instead of writing again (kept 24 h)." }),
    },
    resolve: async (_query, _root, args, ctx) => {
      assertOwner(ctx, REPORTERS, { key: "records.progressReports" });
      // A county key always names its county; without one there is no report to file under.
      if (ctx.principal.agency === "COUNTY" && !ctx.principal.countyCode) throw localizedError("write.countyKeyNoCounty", {}, { code: "FORBIDDEN" });
      return runWrite(ctx, { operation: "submitProgressReport", input: args, idempotencyKey: args.idempotencyKey }, (tx) => submit(ctx, tx, args)) as never;
    },
  }),
}));
