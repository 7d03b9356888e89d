// Filters of the financing-platform, PPP and on-lending lists.
import { builder } from "../builder.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { GraphContext } from "../context.ts";
import { DateRange, dateRangeWhere } from "../graph/ranges.ts";
import { resolveCountyCode } from "../reference/places.ts";
import { GovernmentDebtClassEnum, PppStatusEnum, TransformationStatusEnum } from "./government-debt.enums.ts";

export const FinancingPlatformFilter = builder.inputType("FinancingPlatformFilter", {
  description: "Narrows a list of financing platforms; all given conditions must hold.",
  fields: (t) => ({
    county: t.string({ description: "Government level as a division code (441700, 441704) or name (阳江市, 阳东区)." }),
    statuses: t.field({ type: [TransformationStatusEnum], description: "Any of these transformation statuses (转型进展)." }),
    includeRetired: t.boolean({ defaultValue: false, description: "Include records the owner retired (default false)." }),
  }),
});

export async function platformWhere(filter: typeof FinancingPlatformFilter.$inferInput | null | undefined, ctx: GraphContext): Promise<Prisma.FinancingPlatformWhereInput> {
  const where: Prisma.FinancingPlatformWhereInput = {};
  if (!filter?.includeRetired) where.retiredAt = null;
  if (filter?.county) where.countyCode = await resolveCountyCode(ctx, filter.county, "filter.county");
  if (filter?.statuses?.length) where.transformationStatus = { in: filter.statuses };
  return where;
}

export const PppProjectFilter = builder.inputType("PppProjectFilter", {
  description: "Narrows a list of PPP projects; all given conditions must hold.",
  fields: (t) => ({
    county: t.string({ description: "Government level as a division code (441700, 441704) or name (阳江市, 阳东区)." }),
    statuses: t.field({ type: [PppStatusEnum], description: "Any of these stages (项目阶段)." }),
    partner: t.string({ description: "Only projects whose private partner has this unified social credit code." }),
    startDate: t.field({ type: DateRange, description: "Term starting within this date range." }),
    includeRetired: t.boolean({ defaultValue: false, description: "Include records the owner retired (default false)." }),
  }),
});

export async function pppWhere(filter: typeof PppProjectFilter.$inferInput | null | undefined, ctx: GraphContext): Promise<Prisma.PppProjectWhereInput> {
  const where: Prisma.PppProjectWhereInput = {};
  if (!filter?.includeRetired) where.retiredAt = null;
  if (filter?.county) where.countyCode = await resolveCountyCode(ctx, filter.county, "filter.county");
  if (filter?.statuses?.length) where.status = { in: filter.statuses };
  if (filter?.partner) where.partner = { uscc: filter.partner };
  if (filter?.startDate) where.startDate = dateRangeWhere(filter.startDate, "filter.startDate");
  return where;
}

export const BondOnLendingFilter = builder.inputType("BondOnLendingFilter", {
  description: "Narrows a list of bond on-lendings; all given conditions must hold.",
  fields: (t) => ({
    county: t.string({ description: "Government level as a division code (441700, 441704) or name (阳江市, 阳东区)." }),
    classes: t.field({ type: [GovernmentDebtClassEnum], description: "General and/or special (一般/专项)." }),
    lentOn: t.field({ type: DateRange, description: "On-lent within this date range." }),
  }),
});

export async function onLendingWhere(filter: typeof BondOnLendingFilter.$inferInput | null | undefined, ctx: GraphContext): Promise<Prisma.BondOnLendingWhereInput> {
  const where: Prisma.BondOnLendingWhereInput = {};
  if (filter?.county) where.countyCode = await resolveCountyCode(ctx, filter.county, "filter.county");
  if (filter?.classes?.length) where.debtClass = { in: filter.classes };
  if (filter?.lentOn) where.lentOn = dateRangeWhere(filter.lentOn, "filter.lentOn");
  return where;
}
