// NPL disposals: one by report number, and a filtered, ordered list.
import { builder } from "../builder.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { scoped } from "../access/row-scope.ts";
import { orderInput, toOrderBy } from "../graph/ordering.ts";
import { DateRange, dateRangeWhere } from "../graph/ranges.ts";
import { NplDisposalMethodEnum } from "./risk-disposal.enums.ts";

const NplDisposalFilter = builder.inputType("NplDisposalFilter", {
  description: "Narrows a list of NPL disposals; all given conditions must hold.",
  fields: (t) => ({
    bank: t.string({ description: "The bank's institution code (机构编码)." }),
    method: t.field({ type: [NplDisposalMethodEnum], description: "Any of these methods." }),
    periodEnd: t.field({ type: DateRange, description: "Quarters ending within this date range." }),
    borrower: t.string({ description: "The borrower's unified social credit code." }),
    includeRetired: t.boolean({ defaultValue: false, description: "Include disposals the owner retired (default false)." }),
  }),
});

function disposalWhere(filter: typeof NplDisposalFilter.$inferInput | null | undefined): Prisma.NplDisposalWhereInput {
  const where: Prisma.NplDisposalWhereInput = {};
  if (!filter?.includeRetired) where.retiredAt = null;
  if (filter?.bank) where.bank = { code: filter.bank };
  if (filter?.method?.length) where.method = { in: filter.method };
  if (filter?.periodEnd) where.periodEnd = dateRangeWhere(filter.periodEnd, "filter.periodEnd");
  if (filter?.borrower) where.borrower = { uscc: filter.borrower };
  return where;
}

const NplDisposalOrderField = builder.enumType("NplDisposalOrderField", {
  description: "Columns NPL-disposal lists can be ordered by.",
  values: { PERIOD_END: { description: "Quarter (报告期)." }, AMOUNT: { description: "Amount disposed of (处置金额)." } } as const,
});
const NplDisposalOrder = orderInput("NplDisposalOrder", NplDisposalOrderField, "An ordering of NPL disposals; ties are broken by the order they were recorded.");

const orderBy = (order: ReadonlyArray<typeof NplDisposalOrder.$inferInput> | null | undefined) =>
  toOrderBy(order ?? [{ field: "PERIOD_END", direction: "DESC" }], {
    PERIOD_END: (d) => ({ periodEnd: d }),
    AMOUNT: (d) => ({ amount: d }),
  }) as Prisma.NplDisposalOrderByWithRelationInput[];

builder.queryFields((t) => ({
  nplDisposal: t.prismaField({
    type: "NplDisposal",
    nullable: true,
    description: "One NPL disposal by its report number; null when there is none.",
    args: { disposalNo: t.arg.string({ required: true, description: "The report number." }) },
    resolve: (query, _root, args, ctx) => ctx.prisma.nplDisposal.findFirst({ ...query, where: scoped(ctx, "NplDisposal", { disposalNo: args.disposalNo }) }),
  }),
  nplDisposals: t.prismaConnection({
    type: "NplDisposal",
    cursor: "id",
    description: "NPL disposals (不良贷款处置: 核销, 批量转让, 证券化, 重整, 清收; plan 二(四)2), latest quarter first unless ordered otherwise.",
    args: {
      filter: t.arg({ type: NplDisposalFilter, description: "Conditions the disposals must meet." }),
      orderBy: t.arg({ type: [NplDisposalOrder], description: "Sort order; the default is latest quarter first." }),
    },
    resolve: (query, _root, args, ctx) => ctx.prisma.nplDisposal.findMany({ ...query, where: scoped(ctx, "NplDisposal", disposalWhere(args.filter)), orderBy: orderBy(args.orderBy) }),
    totalCount: (_root, args, ctx) => ctx.prisma.nplDisposal.count({ where: scoped(ctx, "NplDisposal", disposalWhere(args.filter)) }),
  }),
}));
