// A bond's payment schedule (兑付安排) and the payment records against it.
import { scopedNode } from "../access/row-scope.ts";
import { builder } from "../builder.ts";
import { provenanceFields } from "../reference/provenance.ts";
import { historyField } from "../writes/history.type.ts";
import { BondFlowKindEnum, PaymentOutcomeEnum } from "./bond.enums.ts";
import { today } from "./calendar.ts";
import { amountPaid, amountUnpaid, isOverdue, noticeDue } from "./repayment.ts";
import { paymentFacts, paymentsQuery } from "./relation-queries.ts";

export const BondPaymentNode = builder.prismaNode("BondPayment", {
  id: { field: "id" },
  ...scopedNode("BondPayment"),
  // Select mode: only the columns a query asks for are read (halves Prisma's work on big pages).
  select: { id: true, ownerAgency: true },
  description: "A payment record against a scheduled coupon or principal (兑付记录). Owned by the bond's owner agency.",
  fields: (t) => ({
    scheduleItem: t.relation("scheduleItem", { description: "The scheduled payment this record is for." }),
    paidOn: t.expose("paidOn", { type: "Date", nullable: true, description: "When the money was paid (实际兑付日); empty when nothing was paid." }),
    amountPaid: t.expose("amountPaid", { type: "Decimal", description: "Amount paid in yuan (实际兑付金额)." }),
    outcome: t.expose("outcome", { type: PaymentOutcomeEnum, description: "How the payment went (兑付结果)." }),
    note: t.exposeString("note", { nullable: true, description: "Explanation, e.g. the terms of an extension (说明)." }),
    history: historyField(t, "BondPayment"),
    ...provenanceFields(t),
  }),
});

export const BondScheduleItemNode = builder.prismaNode("BondScheduleItem", {
  id: { field: "id" },
  ...scopedNode("BondScheduleItem"),
  // Select mode: only the columns a query asks for are read (halves Prisma's work on big pages).
  select: { id: true, ownerAgency: true },
  description: "One due date of a bond's payment schedule (兑付安排): a coupon or the principal. Owned by the bond's owner agency.",
  fields: (t) => ({
    bond: t.relation("bond", { description: "The bond this payment is due on." }),
    dueDate: t.expose("dueDate", { type: "Date", description: "Due date (应兑付日)." }),
    kind: t.expose("kind", { type: BondFlowKindEnum, description: "Coupon (付息) or principal (还本)." }),
    amountDue: t.expose("amountDue", { type: "Decimal", description: "Amount due in yuan (应兑付金额)." }),
    noticeSentAt: t.expose("noticeSentAt", {
      type: "DateTime",
      nullable: true,
      description: "When the issuer was given advance notice of this due date (提前告知, 确保按期支付); empty if not yet.",
    }),
    payments: t.relation("payments", {
      description: "Payment records against this due date, earliest payment first (兑付记录).",
      query: (_args, ctx) => paymentsQuery(ctx),
    }),
    amountPaid: t.field({
      type: "Decimal",
      description: "Total paid against this due date so far, in yuan (已兑付金额); computed.",
      select: (_args, ctx) => ({ payments: paymentFacts(ctx) }),
      resolve: (item) => amountPaid(item.payments),
    }),
    amountUnpaid: t.field({
      type: "Decimal",
      description: "Amount due less everything paid, never below zero (未兑付金额); computed.",
      select: (_args, ctx) => ({ dueDate: true, amountDue: true, payments: paymentFacts(ctx) }),
      resolve: (item) => amountUnpaid(item),
    }),
    isOverdue: t.boolean({
      description: "Overdue (逾期): due before today and not paid in full (no payment record, a default or a partial payment), unless extended; computed.",
      select: (_args, ctx) => ({ dueDate: true, amountDue: true, payments: paymentFacts(ctx) }),
      resolve: (item, _args, ctx) => isOverdue(item, today(ctx)),
    }),
    noticeDue: t.boolean({
      description: "Advance notice is due (应提前告知): the date falls within the next 30 days and no notice has been sent; computed.",
      select: { dueDate: true, noticeSentAt: true },
      resolve: (item, _args, ctx) => noticeDue(item, today(ctx)),
    }),
    history: historyField(t, "BondScheduleItem"),
    ...provenanceFields(t),
  }),
});
