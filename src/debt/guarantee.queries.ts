// Guarantee look-ups and the guarantee list (owner: CBRC).
import { builder } from "../builder.ts";
import { readFirst, readMany } from "../db/json-query/json-queries.ts";
import { scoped } from "../access/row-scope.ts";
import { GuaranteeFilter, GuaranteeOrder, guaranteeOrderBy, guaranteeWhere } from "./guarantee.filters.ts";
import { connectionDocs } from "./graph-docs.ts";

builder.queryFields((t) => ({
  guarantee: t.prismaField({
    type: "Guarantee",
    nullable: true,
    description: "One guarantee by its contract number (担保合同编号); null when there is none (or it is outside the caller's jurisdiction).",
    args: { contractNo: t.arg.string({ required: true, description: "The guarantee contract number." }) },
    resolve: (query, _root, args, ctx) => {
      const find = { ...query, where: scoped(ctx, "Guarantee", { contractNo: args.contractNo }) };
      return readFirst(ctx, "Guarantee", find, () => ctx.prisma.guarantee.findFirst(find));
    },
  }),
  guarantees: t.prismaConnection({
    type: "Guarantee",
    cursor: "id",
    description: "Guarantees between enterprises (企业间担保), in the order they were recorded unless ordered otherwise; retired ones only when asked.",
    args: {
      filter: t.arg({ type: GuaranteeFilter, description: "Conditions the guarantees must meet." }),
      orderBy: t.arg({ type: [GuaranteeOrder], description: "Sort keys, first one first." }),
    },
    resolve: async (query, _root, args, ctx) => {
      const find = { ...query, where: scoped(ctx, "Guarantee", await guaranteeWhere(ctx, args.filter)), orderBy: guaranteeOrderBy(args.orderBy) };
      return readMany(ctx, "Guarantee", find, () => ctx.prisma.guarantee.findMany(find));
    },
    totalCount: async (_root, args, ctx) => ctx.prisma.guarantee.count({ where: scoped(ctx, "Guarantee", await guaranteeWhere(ctx, args.filter)) }),
  }, ...connectionDocs("guarantees")),
}));
