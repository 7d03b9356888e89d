import { builder } from "../builder.ts";
import type { Agency } from "../generated/prisma/client.ts";
import { scoped, scopedCounty } from "../access/row-scope.ts";
import { AgencyEnum } from "../reference/agency.enum.ts";
import { CountyType } from "../reference/county.type.ts";
import { badInput } from "../reference/places.ts";
import { CITY_CODE, CITY_REPORTERS, isQuarterEnd } from "./quarters.ts";
import { ProgressReportNode, countyLoader } from "./report.type.ts";
import { ProgressReportFilter, ProgressReportOrder, reportOrderBy, reportWhere } from "./report.filters.ts";

interface Missing {
  agency: Agency;
  countyCode: string;
}

const MissingProgressReportType = builder.objectRef<Missing>("MissingProgressReport").implement({
  description: "A reporter that has not sent its progress report for a quarter (未报送).",
  fields: (t) => ({
    agency: t.field({ type: AgencyEnum, description: "The agency that owes the report; COUNTY for a county government.", resolve: (m) => m.agency }),
    countyCode: t.exposeString("countyCode", { description: "441700 for a city-level agency, else the county's division code." }),
    county: t.field({ type: CountyType, nullable: true, description: "The city or the county.", resolve: (m, _args, ctx) => countyLoader(ctx).load(m.countyCode) }),
  }),
});

builder.queryFields((t) => ({
  progressReports: t.prismaConnection({
    type: ProgressReportNode,
    cursor: "id",
    description: "Quarterly progress reports (季度工作进展报告), in record order unless ordered otherwise.",
    args: {
      filter: t.arg({ type: ProgressReportFilter, description: "Conditions the reports must meet." }),
      orderBy: t.arg({ type: [ProgressReportOrder], description: "Sort keys, first one first." }),
    },
    resolve: async (query, _root, args, ctx) =>
      ctx.prisma.progressReport.findMany({ ...query, where: scoped(ctx, "ProgressReport", await reportWhere(args.filter, ctx)), orderBy: reportOrderBy(args.orderBy) }),
    totalCount: async (_root, args, ctx) => ctx.prisma.progressReport.count({ where: scoped(ctx, "ProgressReport", await reportWhere(args.filter, ctx)) }),
  }),
  missingProgressReports: t.field({
    type: [MissingProgressReportType],
    description:
      "The member agencies (at city level) and county governments that have not reported for a quarter (未按时报送). A county government sees only whether its own report is missing.",
    args: { quarterEnd: t.arg({ type: "Date", required: true, description: "The quarter, by its last day, e.g. 2018-12-31." }) },
    resolve: async (_root, args, ctx) => {
      if (!isQuarterEnd(args.quarterEnd)) throw badInput({ key: "argument.quarterEnd" }, "quarterEnd", "quarterEnd");
      const county = scopedCounty(ctx);
      const [reports, counties] = await Promise.all([
        ctx.prisma.progressReport.findMany({ where: scoped(ctx, "ProgressReport", { quarterEnd: args.quarterEnd }), select: { agency: true, countyCode: true } }),
        ctx.prisma.county.findMany({ where: scoped(ctx, "County", { isCity: false }), select: { code: true }, orderBy: { code: "asc" } }),
      ]);
      const expected: Missing[] = [
        ...(county ? [] : CITY_REPORTERS.map((agency) => ({ agency: agency as Agency, countyCode: CITY_CODE }))),
        ...counties.map((c) => ({ agency: "COUNTY" as Agency, countyCode: c.code })),
      ];
      const filed = new Set(reports.map((r) => `${r.agency}/${r.countyCode}`));
      return expected.filter((e) => !filed.has(`${e.agency}/${e.countyCode}`));
    },
  }),
}));
