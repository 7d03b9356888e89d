// Filtering and ordering of bond lists.
import { builder } from "../builder.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { GraphContext } from "../context.ts";
import { orderInput, toOrderBy } from "../graph/ordering.ts";
import { DateRange, DecimalRange, dateRangeWhere, decimalRangeWhere } from "../graph/ranges.ts";
import { resolveCountyCode } from "../reference/places.ts";
import { AgencyEnum } from "../reference/agency.enum.ts";
import { BondKindEnum, BondStatusEnum } from "./bond.enums.ts";

export const BondFilter = builder.inputType("BondFilter", {
  description: "Narrows a list of bonds; all given conditions must hold.",
  fields: (t) => ({
    kind: t.field({ type: [BondKindEnum], description: "Any of these kinds of instrument (债券品种)." }),
    status: t.field({ type: [BondStatusEnum], description: "Any of these statuses (债券状态)." }),
    county: t.string({ description: "The issuer's county, as a division code (441704) or name (阳东区)." }),
    issuerUscc: t.string({ description: "The issuer's unified social credit code." }),
    ownerAgency: t.field({ type: AgencyEnum, description: "Owned by this agency (PBOC for interbank instruments, DEVELOPMENT_REFORM for enterprise and corporate bonds)." }),
    issueDate: t.field({ type: DateRange, description: "Issued within this date range (发行日期)." }),
    maturityDate: t.field({ type: DateRange, description: "Maturing within this date range (到期日期)." }),
    amount: t.field({ type: DecimalRange, description: "Issue amount within this range, in yuan (发行金额)." }),
    includeRetired: t.boolean({ defaultValue: false, description: "Include bonds the owner retired (default false)." }),
  }),
});

export type BondFilterShape = typeof BondFilter.$inferInput;

export async function bondWhere(filter: BondFilterShape | null | undefined, ctx: GraphContext): Promise<Prisma.BondWhereInput> {
  const where: Prisma.BondWhereInput = {};
  if (!filter?.includeRetired) where.retiredAt = null;
  if (!filter) return where;
  if (filter.kind?.length) where.kind = { in: filter.kind };
  if (filter.status?.length) where.status = { in: filter.status };
  const issuer: Prisma.EnterpriseWhereInput = {};
  if (filter.county) issuer.countyCode = await resolveCountyCode(ctx, filter.county, "filter.county");
  if (filter.issuerUscc) issuer.uscc = filter.issuerUscc;
  if (Object.keys(issuer).length) where.issuer = issuer;
  if (filter.ownerAgency) where.ownerAgency = filter.ownerAgency;
  if (filter.issueDate) where.issueDate = dateRangeWhere(filter.issueDate, "filter.issueDate");
  if (filter.maturityDate) where.maturityDate = dateRangeWhere(filter.maturityDate, "filter.maturityDate");
  if (filter.amount) where.amount = decimalRangeWhere(filter.amount, "filter.amount");
  return where;
}

const BondOrderField = builder.enumType("BondOrderField", {
  description: "Columns bond lists can be ordered by.",
  values: {
    ISSUE_DATE: { description: "Issue date (发行日期)." },
    MATURITY_DATE: { description: "Maturity date (到期日期)." },
    AMOUNT: { description: "Issue amount (发行金额)." },
    COUPON_RATE: { description: "Coupon rate (票面利率)." },
    CODE: { description: "Bond code (债券代码)." },
  } as const,
});

export const BondOrder = orderInput("BondOrder", BondOrderField, "An ordering of bonds; ties are broken by registration order.");

export const bondOrderBy = (order: ReadonlyArray<typeof BondOrder.$inferInput> | null | undefined) =>
  toOrderBy(order, {
    ISSUE_DATE: (d) => ({ issueDate: d }),
    MATURITY_DATE: (d) => ({ maturityDate: d }),
    AMOUNT: (d) => ({ amount: d }),
    COUPON_RATE: (d) => ({ couponRate: d }),
    CODE: (d) => ({ code: d }),
  }) as Prisma.BondOrderByWithRelationInput[];
