// 政银保 pilot loans: a filtered, ordered list (a county government sees its own county's rows).
import { builder } from "../builder.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { GraphContext } from "../context.ts";
import { scoped } from "../access/row-scope.ts";
import { orderInput, toOrderBy } from "../graph/ordering.ts";
import { resolveCountyCode } from "../reference/places.ts";

const PilotLoanFilter = builder.inputType("PilotLoanFilter", {
  description: "Narrows a list of 政银保 pilot loans; all given conditions must hold.",
  fields: (t) => ({
    county: t.string({ description: "The pilot county, as a division code (441704) or name (阳东区)." }),
    yearFrom: t.int({ description: "From this year on." }),
    yearTo: t.int({ description: "Up to this year." }),
    bank: t.string({ description: "The lending bank's institution code." }),
    includeRetired: t.boolean({ defaultValue: false, description: "Include rows the owner retired (default false)." }),
  }),
});

async function pilotWhere(filter: typeof PilotLoanFilter.$inferInput | null | undefined, ctx: GraphContext): Promise<Prisma.PilotLoanWhereInput> {
  const where: Prisma.PilotLoanWhereInput = {};
  if (!filter?.includeRetired) where.retiredAt = null;
  if (filter?.county) where.countyCode = await resolveCountyCode(ctx, filter.county, "filter.county");
  if (filter?.yearFrom != null || filter?.yearTo != null) where.year = { ...(filter.yearFrom != null ? { gte: filter.yearFrom } : {}), ...(filter.yearTo != null ? { lte: filter.yearTo } : {}) };
  if (filter?.bank) where.bank = { code: filter.bank };
  return where;
}

const PilotLoanOrderField = builder.enumType("PilotLoanOrderField", {
  description: "Columns pilot-loan lists can be ordered by.",
  values: { YEAR: { description: "Year (年度)." }, AMOUNT: { description: "Amount lent (贷款金额)." }, NON_PERFORMING_AMOUNT: { description: "Non-performing amount (不良贷款)." } } as const,
});
const PilotLoanOrder = orderInput("PilotLoanOrder", PilotLoanOrderField, "An ordering of pilot loans; ties are broken by the order they were recorded.");

const orderBy = (order: ReadonlyArray<typeof PilotLoanOrder.$inferInput> | null | undefined) =>
  toOrderBy(order ?? [{ field: "YEAR", direction: "ASC" }], {
    YEAR: (d) => ({ year: d }),
    AMOUNT: (d) => ({ amount: d }),
    NON_PERFORMING_AMOUNT: (d) => ({ nonPerformingAmount: d }),
  }) as Prisma.PilotLoanOrderByWithRelationInput[];

builder.queryFields((t) => ({
  pilotLoans: t.prismaConnection({
    type: "PilotLoan",
    cursor: "id",
    description: "政银保 pilot agricultural loans by county, year and bank (plan 二(四)4), earliest year first unless ordered otherwise.",
    args: {
      filter: t.arg({ type: PilotLoanFilter, description: "Conditions the rows must meet." }),
      orderBy: t.arg({ type: [PilotLoanOrder], description: "Sort order; the default is by year." }),
    },
    resolve: async (query, _root, args, ctx) => ctx.prisma.pilotLoan.findMany({ ...query, where: scoped(ctx, "PilotLoan", await pilotWhere(args.filter, ctx)), orderBy: orderBy(args.orderBy) }),
    totalCount: async (_root, args, ctx) => ctx.prisma.pilotLoan.count({ where: scoped(ctx, "PilotLoan", await pilotWhere(args.filter, ctx)) }),
  }),
}));
