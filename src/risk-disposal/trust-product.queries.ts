// Trust products with repayment problems: one by code, and a filtered, ordered list.
import { builder } from "../builder.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { scoped } from "../access/row-scope.ts";
import { orderInput, toOrderBy } from "../graph/ordering.ts";
import { DateRange, DecimalRange, dateRangeWhere, decimalRangeWhere } from "../graph/ranges.ts";
import { TrustProductKindEnum, TrustProductStatusEnum } from "./risk-disposal.enums.ts";

const TrustProductFilter = builder.inputType("TrustProductFilter", {
  description: "Narrows a list of trust products; all given conditions must hold.",
  fields: (t) => ({
    kind: t.field({ type: [TrustProductKindEnum], description: "Any of these kinds." }),
    status: t.field({ type: [TrustProductStatusEnum], description: "Any of these statuses." }),
    manager: t.string({ description: "Managed by this trust company or asset manager (exact name)." }),
    borrower: t.string({ description: "The underlying borrower's unified social credit code." }),
    dueDate: t.field({ type: DateRange, description: "Due within this date range." }),
    amountOverdue: t.field({ type: DecimalRange, description: "Amount overdue within this range (yuan)." }),
    includeRetired: t.boolean({ defaultValue: false, description: "Include products the owner retired (default false)." }),
  }),
});

function trustProductWhere(filter: typeof TrustProductFilter.$inferInput | null | undefined): Prisma.TrustProductWhereInput {
  const where: Prisma.TrustProductWhereInput = {};
  if (!filter?.includeRetired) where.retiredAt = null;
  if (filter?.kind?.length) where.kind = { in: filter.kind };
  if (filter?.status?.length) where.status = { in: filter.status };
  if (filter?.manager) where.manager = filter.manager;
  if (filter?.borrower) where.borrower = { uscc: filter.borrower };
  if (filter?.dueDate) where.dueDate = dateRangeWhere(filter.dueDate, "filter.dueDate");
  if (filter?.amountOverdue) where.amountOverdue = decimalRangeWhere(filter.amountOverdue, "filter.amountOverdue");
  return where;
}

const TrustProductOrderField = builder.enumType("TrustProductOrderField", {
  description: "Columns trust-product lists can be ordered by.",
  values: {
    DUE_DATE: { description: "Due date (到期日)." },
    AMOUNT: { description: "Amount raised (产品规模)." },
    AMOUNT_OVERDUE: { description: "Amount overdue (逾期金额)." },
  } as const,
});
const TrustProductOrder = orderInput("TrustProductOrder", TrustProductOrderField, "An ordering of trust products; ties are broken by the order they were recorded.");

const orderBy = (order: ReadonlyArray<typeof TrustProductOrder.$inferInput> | null | undefined) =>
  toOrderBy(order ?? [{ field: "DUE_DATE", direction: "ASC" }], {
    DUE_DATE: (d) => ({ dueDate: d }),
    AMOUNT: (d) => ({ amount: d }),
    AMOUNT_OVERDUE: (d) => ({ amountOverdue: d }),
  }) as Prisma.TrustProductOrderByWithRelationInput[];

builder.queryFields((t) => ({
  trustProduct: t.prismaField({
    type: "TrustProduct",
    nullable: true,
    description: "One trust or asset-management product by its code; null when there is none.",
    args: { productCode: t.arg.string({ required: true, description: "The product code." }) },
    resolve: (query, _root, args, ctx) => ctx.prisma.trustProduct.findFirst({ ...query, where: scoped(ctx, "TrustProduct", { productCode: args.productCode }) }),
  }),
  trustProducts: t.prismaConnection({
    type: "TrustProduct",
    cursor: "id",
    description: "Trust and private asset-management products with repayment problems (plan 二(四)1), earliest due first unless ordered otherwise.",
    args: {
      filter: t.arg({ type: TrustProductFilter, description: "Conditions the products must meet." }),
      orderBy: t.arg({ type: [TrustProductOrder], description: "Sort order; the default is by due date." }),
    },
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.trustProduct.findMany({ ...query, where: scoped(ctx, "TrustProduct", trustProductWhere(args.filter)), orderBy: orderBy(args.orderBy) }),
    totalCount: (_root, args, ctx) => ctx.prisma.trustProduct.count({ where: scoped(ctx, "TrustProduct", trustProductWhere(args.filter)) }),
  }),
}));
