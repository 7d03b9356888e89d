// Filtering and ordering of institution and indicator-value lists.
import { builder } from "../builder.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { GraphContext } from "../context.ts";
import { orderInput, toOrderBy } from "../graph/ordering.ts";
import { DateRange, dateRangeWhere } from "../graph/ranges.ts";
import { resolveCountyCode } from "../reference/places.ts";
import { IndicatorKindEnum, InstitutionKindEnum } from "./institution.enums.ts";
import { breachingValueIds } from "./indicator-breaches.ts";
import { containsText } from "../graph/text-filter.ts";

export const InstitutionFilter = builder.inputType("InstitutionFilter", {
  description: "Narrows a list of institutions; all given conditions must hold.",
  fields: (t) => ({
    kinds: t.field({ type: [InstitutionKindEnum], description: "Any of these kinds of institution (机构类型)." }),
    county: t.string({ description: "County as a division code (441704) or name (阳东区)." }),
    nameContains: t.string({ description: "Name contains this text." }),
    includeRetired: t.boolean({ defaultValue: false, description: "Include records the owner retired (default false)." }),
  }),
});

export async function institutionWhere(filter: typeof InstitutionFilter.$inferInput | null | undefined, ctx: GraphContext): Promise<Prisma.InstitutionWhereInput> {
  const where: Prisma.InstitutionWhereInput = {};
  if (!filter?.includeRetired) where.retiredAt = null;
  if (!filter) return where;
  if (filter.kinds?.length) where.kind = { in: filter.kinds };
  if (filter.county) where.countyCode = await resolveCountyCode(ctx, filter.county, "filter.county");
  if (filter.nameContains) where.name = containsText(filter.nameContains);
  return where;
}

const InstitutionOrderField = builder.enumType("InstitutionOrderField", {
  description: "Columns institution lists can be ordered by.",
  values: { NAME: { description: "Name (机构名称)." }, CODE: { description: "Institution code (机构编码)." } } as const,
});

export const InstitutionOrder = orderInput("InstitutionOrder", InstitutionOrderField, "An ordering of institutions; ties are broken by registration order.");

export const institutionOrderBy = (order: ReadonlyArray<typeof InstitutionOrder.$inferInput> | null | undefined) =>
  toOrderBy(order, { NAME: (d) => ({ name: d }), CODE: (d) => ({ code: d }) }) as Prisma.InstitutionOrderByWithRelationInput[];

export const IndicatorValueFilter = builder.inputType("IndicatorValueFilter", {
  description: "Narrows a list of indicator values; all given conditions must hold.",
  fields: (t) => ({
    institution: t.string({ description: "Only values of the institution with this code (机构编码)." }),
    institutionKinds: t.field({ type: [InstitutionKindEnum], description: "Only values of institutions of these kinds." }),
    indicators: t.field({ type: [IndicatorKindEnum], description: "Only these indicators." }),
    periodEnd: t.field({ type: DateRange, description: "Only quarters ending within this range (报告期)." }),
    breachesOnly: t.boolean({ defaultValue: false, description: "Only values that breach the watch line in force at their period end (突破监管红线), judged in SQL." }),
  }),
});

export async function indicatorValueWhere(filter: typeof IndicatorValueFilter.$inferInput | null | undefined, ctx: GraphContext): Promise<Prisma.IndicatorValueWhereInput> {
  const where: Prisma.IndicatorValueWhereInput = {};
  if (!filter) return where;
  const institution: Prisma.InstitutionWhereInput = {};
  if (filter.institution) institution.code = filter.institution;
  if (filter.institutionKinds?.length) institution.kind = { in: filter.institutionKinds };
  if (Object.keys(institution).length) where.institution = institution;
  if (filter.indicators?.length) where.indicator = { in: filter.indicators };
  if (filter.periodEnd) where.periodEnd = dateRangeWhere(filter.periodEnd, "filter.periodEnd");
  if (filter.breachesOnly) where.id = { in: await breachingValueIds(ctx) };
  return where;
}

/** Latest quarter first, then by institution and indicator: the order regulators read a report in. */
export const indicatorValueOrderBy: Prisma.IndicatorValueOrderByWithRelationInput[] = [{ periodEnd: "desc" }, { institutionId: "asc" }, { indicator: "asc" }, { id: "asc" }];
