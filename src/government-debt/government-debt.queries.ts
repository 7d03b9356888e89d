import { builder } from "../builder.ts";
import { scoped } from "../access/row-scope.ts";
import { GovernmentDebtFilter, GovernmentDebtOrder, governmentDebtOrderBy, governmentDebtWhere } from "./government-debt.filters.ts";
import { connectionDocs } from "./graph-docs.ts";

builder.queryFields((t) => ({
  governmentDebt: t.prismaField({
    type: "GovernmentDebt",
    nullable: true,
    description: "One government debt item by its number (债务编号), retired or not; null when there is none.",
    args: { debtNo: t.arg.string({ required: true, description: "The debt item number." }) },
    resolve: (query, _root, args, ctx) => ctx.prisma.governmentDebt.findFirst({ ...query, where: scoped(ctx, "GovernmentDebt", { debtNo: args.debtNo }) }),
  }),
  governmentDebts: t.prismaConnection({
    type: "GovernmentDebt",
    cursor: "id",
    description: "Local government debt items (地方政府债务), in record order unless ordered otherwise; retired ones only when asked.",
    args: { filter: t.arg({ type: GovernmentDebtFilter, description: "Conditions the items must all meet; none lists all (unretired) items." }), orderBy: t.arg({ type: [GovernmentDebtOrder], description: "Sort keys, first one first." }) },
    resolve: async (query, _root, args, ctx) =>
      ctx.prisma.governmentDebt.findMany({
        ...query,
        where: scoped(ctx, "GovernmentDebt", await governmentDebtWhere(args.filter, ctx)),
        orderBy: governmentDebtOrderBy(args.orderBy),
      }),
    totalCount: async (_root, args, ctx) => ctx.prisma.governmentDebt.count({ where: scoped(ctx, "GovernmentDebt", await governmentDebtWhere(args.filter, ctx)) }),
  }, ...connectionDocs("government debt items")),
}));
