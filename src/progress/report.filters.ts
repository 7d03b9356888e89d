// Filtering and ordering of progress-report lists.
import { builder } from "../builder.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { GraphContext } from "../context.ts";
import { orderInput, toOrderBy } from "../graph/ordering.ts";
import { DateRange, dateRangeWhere } from "../graph/ranges.ts";
import { resolveCountyCode } from "../reference/places.ts";
import { AgencyEnum } from "../reference/agency.enum.ts";

export const ProgressReportFilter = builder.inputType("ProgressReportFilter", {
  description: "Narrows a list of progress reports; all given conditions must hold.",
  fields: (t) => ({
    agency: t.field({ type: [AgencyEnum], description: "From any of these agencies (COUNTY for county governments)." }),
    quarterEnd: t.field({ type: DateRange, description: "For quarters ending within this date range." }),
    county: t.string({ description: "Filed under this division code or name: 441700 (阳江市) for city-level agencies, or a county." }),
  }),
});

export async function reportWhere(filter: typeof ProgressReportFilter.$inferInput | null | undefined, ctx: GraphContext): Promise<Prisma.ProgressReportWhereInput> {
  const where: Prisma.ProgressReportWhereInput = {};
  if (!filter) return where;
  if (filter.agency?.length) where.agency = { in: filter.agency };
  if (filter.quarterEnd) where.quarterEnd = dateRangeWhere(filter.quarterEnd, "filter.quarterEnd");
  if (filter.county) where.countyCode = await resolveCountyCode(ctx, filter.county, "filter.county");
  return where;
}

const ProgressReportOrderField = builder.enumType("ProgressReportOrderField", {
  description: "Columns progress-report lists can be ordered by.",
  values: {
    QUARTER_END: { description: "The quarter reported on." },
    AGENCY: { description: "The reporting agency." },
    SUBMITTED_AT: { description: "When it was submitted." },
  } as const,
});

export const ProgressReportOrder = orderInput("ProgressReportOrder", ProgressReportOrderField, "An ordering of progress reports; ties are broken by record order.");

export const reportOrderBy = (order: ReadonlyArray<typeof ProgressReportOrder.$inferInput> | null | undefined) =>
  toOrderBy(order, {
    QUARTER_END: (d) => ({ quarterEnd: d }),
    AGENCY: (d) => ({ agency: d }),
    SUBMITTED_AT: (d) => ({ submittedAt: d }),
  }) as Prisma.ProgressReportOrderByWithRelationInput[];
