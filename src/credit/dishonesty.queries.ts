import { builder } from "../builder.ts";
import { scoped } from "../access/row-scope.ts";
import { DishonestyRecordNode } from "./dishonesty.type.ts";
import { DishonestyRecordFilter, DishonestyRecordOrder, dishonestyOrderBy, dishonestyWhere } from "./dishonesty.filters.ts";

builder.queryFields((t) => ({
  dishonestyRecord: t.prismaField({
    type: DishonestyRecordNode,
    nullable: true,
    description: "One dishonesty record by its decision document number; null when there is none (or it was deleted).",
    args: { documentNo: t.arg.string({ required: true, description: "The decision document number (决定文书号)." }) },
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.dishonestyRecord.findFirst({ ...query, where: scoped(ctx, "DishonestyRecord", { documentNo: args.documentNo, deletedAt: null }) }),
  }),
  dishonestyRecords: t.prismaConnection({
    type: DishonestyRecordNode,
    cursor: "id",
    description: "Dishonesty records (失信记录), in record order unless ordered otherwise; deleted records never appear.",
    args: {
      filter: t.arg({ type: DishonestyRecordFilter, description: "Conditions the records must meet." }),
      orderBy: t.arg({ type: [DishonestyRecordOrder], description: "Sort keys, first one first." }),
    },
    resolve: async (query, _root, args, ctx) =>
      ctx.prisma.dishonestyRecord.findMany({
        ...query,
        where: scoped(ctx, "DishonestyRecord", await dishonestyWhere(args.filter, ctx)),
        orderBy: dishonestyOrderBy(args.orderBy),
      }),
    totalCount: async (_root, args, ctx) => ctx.prisma.dishonestyRecord.count({ where: scoped(ctx, "DishonestyRecord", await dishonestyWhere(args.filter, ctx)) }),
  }),
}));
