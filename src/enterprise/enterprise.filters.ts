// Filtering and ordering of enterprise lists.
import { builder } from "../builder.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { GraphContext } from "../context.ts";
import { orderInput, toOrderBy } from "../graph/ordering.ts";
import { resolveCountyCode } from "../reference/places.ts";
import { DecimalRange, DateRange, decimalRangeWhere, dateRangeWhere } from "../graph/ranges.ts";
import { KeyIndustryEnum, ListingStatusEnum } from "./enterprise.enums.ts";
import { containsText } from "../graph/text-filter.ts";

export const EnterpriseFilter = builder.inputType("EnterpriseFilter", {
  description: "Narrows a list of enterprises; all given conditions must hold.",
  fields: (t) => ({
    county: t.string({ description: "County as a division code (441704) or name (阳东区)." }),
    industry: t.string({ description: "GB/T 4754 division code, e.g. C33." }),
    listingStatus: t.field({ type: [ListingStatusEnum], description: "Any of these listing statuses." }),
    keyIndustry: t.field({ type: KeyIndustryEnum, description: "Tagged with this key industry." }),
    isZombie: t.boolean({ description: "On (true) or off (false) the zombie registry." }),
    isHighTech: t.boolean({ description: "High-tech (true) or not (false)." }),
    nameContains: t.string({ description: "Name contains this text." }),
    registeredCapital: t.field({ type: DecimalRange, description: "Registered capital within this range (yuan)." }),
    establishedOn: t.field({ type: DateRange, description: "Established within this date range." }),
    includeRetired: t.boolean({ defaultValue: false, description: "Include records the owner retired (default false)." }),
  }),
});

export type EnterpriseFilterShape = typeof EnterpriseFilter.$inferInput;

export async function enterpriseWhere(filter: EnterpriseFilterShape | null | undefined, ctx: GraphContext): Promise<Prisma.EnterpriseWhereInput> {
  const where: Prisma.EnterpriseWhereInput = {};
  if (!filter?.includeRetired) where.retiredAt = null;
  if (!filter) return where;
  if (filter.county) where.countyCode = await resolveCountyCode(ctx, filter.county, "filter.county");
  if (filter.industry) where.industryCode = filter.industry;
  if (filter.listingStatus?.length) where.listingStatus = { in: filter.listingStatus };
  if (filter.keyIndustry) where.keyIndustries = { has: filter.keyIndustry };
  if (filter.isZombie != null) where.isZombie = filter.isZombie;
  if (filter.isHighTech != null) where.isHighTech = filter.isHighTech;
  if (filter.nameContains) where.name = containsText(filter.nameContains);
  if (filter.registeredCapital) where.registeredCapital = decimalRangeWhere(filter.registeredCapital, "filter.registeredCapital");
  if (filter.establishedOn) where.establishedOn = dateRangeWhere(filter.establishedOn, "filter.establishedOn");
  return where;
}

const EnterpriseOrderField = builder.enumType("EnterpriseOrderField", {
  description: "Columns enterprise lists can be ordered by.",
  values: {
    NAME: { description: "Registered name." },
    USCC: { description: "Unified social credit code." },
    ESTABLISHED_ON: { description: "Date of establishment." },
    REGISTERED_CAPITAL: { description: "Registered capital." },
    UPDATED_AT: { description: "Last change on the platform." },
  } as const,
});

export const EnterpriseOrder = orderInput("EnterpriseOrder", EnterpriseOrderField, "An ordering of enterprises; ties are broken by registration order.");

export const enterpriseOrderBy = (order: ReadonlyArray<typeof EnterpriseOrder.$inferInput> | null | undefined) =>
  toOrderBy(order, {
    NAME: (d) => ({ name: d }),
    USCC: (d) => ({ uscc: d }),
    ESTABLISHED_ON: (d) => ({ establishedOn: d }),
    REGISTERED_CAPITAL: (d) => ({ registeredCapital: d }),
    UPDATED_AT: (d) => ({ updatedAt: d }),
  }) as Prisma.EnterpriseOrderByWithRelationInput[];
