// The disputes one raised, must answer (as the record's owner) or, for FINANCE_BUREAU, all.
import { builder } from "../builder.ts";
import { MAX_PAGE_SIZE, pageSizeArgument } from "../graph/page-size.ts";
import { DisputeStatusEnum, RecordDisputeType } from "./dispute.type.ts";
import { disputesVisibleTo } from "./dispute-access.ts";
import { chinaDay } from "../credit/calendar-day.ts";

builder.queryFields((t) => ({
  disputes: t.field({
    type: [RecordDisputeType],
    description: "Disputes (校核异议) newest first: those your agency raised and those on your agency's records; FINANCE_BUREAU sees all.",
    args: {
      status: t.arg({ type: [DisputeStatusEnum], description: "Only disputes in these states." }),
      overdue: t.arg.boolean({ description: "true: only open ones past their deadline (business date)." }),
      first: t.arg.int({ defaultValue: 50, description: "How many (at most 500).", extensions: pageSizeArgument(0, MAX_PAGE_SIZE) }),
    },
    resolve: (_r, args, ctx) =>
      ctx.prisma.recordDispute.findMany({
        where: {
          AND: [
            disputesVisibleTo(ctx.principal),
            args.status?.length ? { status: { in: args.status } } : {},
            args.overdue ? { status: "OPEN", dueOn: { lt: chinaDay(ctx.businessNow) } } : {},
          ],
        },
        orderBy: { id: "desc" },
        take: args.first ?? 50,
      }),
  }),
}));
