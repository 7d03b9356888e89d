// The relation queries of a bond's schedule and of an item's payments, shared by the relation
// fields and the derived fields that read them: the same arguments let the Prisma plugin load
// both with one query instead of two.
import type { GraphContext } from "../context.ts";
import { rowScope } from "../access/row-scope.ts";

/** Schedule order: by due date, a coupon before the principal of the same day. */
export const scheduleQuery = (ctx: GraphContext) => ({
  where: rowScope(ctx, "BondScheduleItem"),
  orderBy: [{ dueDate: "asc" as const }, { kind: "asc" as const }, { id: "asc" as const }],
});

export const paymentsQuery = (ctx: GraphContext) => ({
  where: rowScope(ctx, "BondPayment"),
  orderBy: [{ paidOn: { sort: "asc" as const, nulls: "last" as const } }, { id: "asc" as const }],
});

/** The payment columns the repayment rules read. */
export const paymentFacts = (ctx: GraphContext) => ({ ...paymentsQuery(ctx), select: { amountPaid: true, outcome: true } });

/** The schedule columns the repayment rules read, with each item's payments. */
export const scheduleFacts = (ctx: GraphContext) => ({
  ...scheduleQuery(ctx),
  select: { id: true, dueDate: true, amountDue: true, payments: paymentFacts(ctx) },
});
