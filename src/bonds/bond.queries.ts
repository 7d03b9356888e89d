// Entry points to bonds: one by code, and the filtered, ordered list.
import { builder } from "../builder.ts";
import { readFirst, readMany } from "../db/json-query/json-queries.ts";
import { scoped } from "../access/row-scope.ts";
import { BondFilter, BondOrder, bondOrderBy, bondWhere } from "./bond.filters.ts";

builder.queryFields((t) => ({
  bond: t.prismaField({
    type: "Bond",
    nullable: true,
    description: "One bond by its code (债券代码); null when there is none (or it is outside the caller's jurisdiction).",
    args: { code: t.arg.string({ required: true, description: "The bond code, e.g. 102280123." }) },
    resolve: (query, _root, args, ctx) => {
      const find = { ...query, where: scoped(ctx, "Bond", { code: args.code }) };
      return readFirst(ctx, "Bond", find, () => ctx.prisma.bond.findFirst(find));
    },
  }),
  bonds: t.prismaConnection({
    type: "Bond",
    cursor: "id",
    description: "Bonds, in registration order unless ordered otherwise; retired ones only when asked.",
    args: {
      filter: t.arg({ type: BondFilter, description: "Conditions the bonds must meet." }),
      orderBy: t.arg({ type: [BondOrder], description: "Sort keys, first one first." }),
    },
    resolve: async (query, _root, args, ctx) => {
      const find = { ...query, where: scoped(ctx, "Bond", await bondWhere(args.filter, ctx)), orderBy: bondOrderBy(args.orderBy) };
      return readMany(ctx, "Bond", find, () => ctx.prisma.bond.findMany(find));
    },
    totalCount: async (_root, args, ctx) => ctx.prisma.bond.count({ where: scoped(ctx, "Bond", await bondWhere(args.filter, ctx)) }),
  }),
}));
