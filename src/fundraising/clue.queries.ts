import { builder } from "../builder.ts";
import { scoped } from "../access/row-scope.ts";
import { FundraisingClueNode } from "./clue.type.ts";
import { FundraisingClueFilter, FundraisingClueOrder, clueOrderBy, clueWhere } from "./clue.filters.ts";

builder.queryFields((t) => ({
  fundraisingClue: t.prismaField({
    type: FundraisingClueNode,
    nullable: true,
    description: "One illegal-fundraising clue by its clue number; null when there is none.",
    args: { clueNo: t.arg.string({ required: true, description: "The clue number (线索编号)." }) },
    resolve: (query, _root, args, ctx) => ctx.prisma.fundraisingClue.findFirst({ ...query, where: scoped(ctx, "FundraisingClue", { clueNo: args.clueNo }) }),
  }),
  fundraisingClues: t.prismaConnection({
    type: FundraisingClueNode,
    cursor: "id",
    description: "Illegal-fundraising clues (非法集资线索), in order of receipt unless ordered otherwise; retired ones only when asked.",
    args: {
      filter: t.arg({ type: FundraisingClueFilter, description: "Conditions the clues must meet." }),
      orderBy: t.arg({ type: [FundraisingClueOrder], description: "Sort keys, first one first." }),
    },
    resolve: async (query, _root, args, ctx) =>
      ctx.prisma.fundraisingClue.findMany({ ...query, where: scoped(ctx, "FundraisingClue", await clueWhere(args.filter, ctx)), orderBy: clueOrderBy(args.orderBy) }),
    totalCount: async (_root, args, ctx) => ctx.prisma.fundraisingClue.count({ where: scoped(ctx, "FundraisingClue", await clueWhere(args.filter, ctx)) }),
  }),
}));
