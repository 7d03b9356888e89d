// Recording payments against a bond's schedule and the advance notices before each due date.
// A DEFAULT marks the bond DEFAULTED, and paying off the last amount owed marks it REPAID, in the
// same transaction and with history.
import { z } from "zod";
import { builder } from "../builder.ts";
import type { Bond } from "../generated/prisma/client.ts";
import type { GraphContext } from "../context.ts";
import { runWrite, type Tx } from "../writes/write.ts";
import { recordChanges } from "../writes/history.ts";
import { upsertByKey, type Delegate, type VersionedRow } from "../writes/records.ts";
import { ConflictError, NotFoundError, WRITE_ERRORS } from "../writes/errors.ts";
import { IssueCollector, date, money, text } from "../writes/rules.ts";
import { BondFlowKindEnum, PaymentOutcomeEnum } from "./bond.enums.ts";
import { BondPaymentNode, BondScheduleItemNode } from "./schedule.type.ts";
import { assertBondWriter, itemKey, ownedBond } from "./bond-access.ts";
import { cstDate, today } from "./calendar.ts";
import { amountPaid, amountUnpaid } from "./repayment.ts";
import { checkPayment } from "./payment-rules.ts";
import { rereadQuery } from "../writes/reread.ts";

const BondPaymentInput = builder.inputType("BondPaymentInput", {
  description: "A payment (or a failure to pay) against one scheduled due date.",
  fields: (t) => ({
    bondCode: t.string({ required: true, description: "The bond code." }),
    dueDate: t.field({ type: "Date", required: true, description: "The scheduled due date paid against." }),
    kind: t.field({ type: BondFlowKindEnum, required: true, description: "Coupon or principal." }),
    paidOn: t.field({ type: "Date", description: "When the money was paid; required for ON_TIME and LATE." }),
    amountPaid: t.field({ type: "Decimal", required: true, description: "Amount paid in yuan; 0 when nothing was paid." }),
    outcome: t.field({ type: PaymentOutcomeEnum, required: true, description: "ON_TIME (full, by the due date), LATE (after it), DEFAULT (short) or EXTENDED." }),
    note: t.string({ description: "Explanation; required for EXTENDED (the new terms)." }),
  }),
});

const paymentSchema = z.object({ paidOn: date.nullish(), amountPaid: money, outcome: z.enum(["ON_TIME", "LATE", "DEFAULT", "EXTENDED"]), note: text(1000).nullish() });

const bonds = (tx: Tx) => tx.bond as unknown as Delegate<VersionedRow>;
const items = (tx: Tx) => tx.bondScheduleItem as unknown as Delegate<VersionedRow>;

/** The bond's status after a payment: DEFAULTED on a default, REPAID once nothing is owed any more. */
async function followStatus(ctx: GraphContext, tx: Tx, bond: Bond, outcome: string): Promise<void> {
  let status = bond.status;
  if (outcome === "DEFAULT") status = "DEFAULTED";
  else if (bond.status === "OUTSTANDING" && (outcome === "ON_TIME" || outcome === "LATE")) {
    const schedule = await tx.bondScheduleItem.findMany({ where: { bondId: bond.id }, select: { dueDate: true, amountDue: true, payments: { select: { amountPaid: true, outcome: true } } } });
    if (schedule.every((i) => amountUnpaid(i).eq(0))) status = "REPAID";
  }
  if (status !== bond.status) await upsertByKey(tx, ctx, { delegate: bonds(tx), entityType: "Bond", key: bond.code, where: { id: bond.id }, expectedVersion: bond.version, data: { status } });
}

async function recordPayment(ctx: GraphContext, tx: Tx, input: typeof BondPaymentInput.$inferInput) {
  const bond = await ownedBond(tx, ctx, input.bondCode);
  const item = await tx.bondScheduleItem.findUnique({
    where: { bondId_dueDate_kind: { bondId: bond.id, dueDate: input.dueDate, kind: input.kind } },
    include: { payments: true },
  });
  const issues = new IssueCollector();
  const data = issues.parse(paymentSchema, input, ["input"]);
  if (!item) issues.add(["input", "dueDate"], "exists", "exists.bondPayment", { code: bond.code, kind: input.kind, date: input.dueDate.toISOString().slice(0, 10) });
  if (item && data) checkPayment(issues, data, { dueDate: item.dueDate, remaining: amountUnpaid(item) }, today(ctx));
  issues.throwIfAny();
  const key = itemKey(bond.code, item!.dueDate, item!.kind);
  const same = item!.payments.find((p) => p.outcome === data!.outcome && p.amountPaid.eq(data!.amountPaid) && (p.paidOn?.getTime() ?? null) === (data!.paidOn?.getTime() ?? null));
  if (same) throw new ConflictError({ key: "conflict.bond.paymentRecorded", params: { item: key, paid: amountPaid(item!.payments).toFixed(2) } }, same.version);

  const payment = await tx.bondPayment.create({
    data: { scheduleItemId: item!.id, paidOn: data!.paidOn ?? null, amountPaid: data!.amountPaid, outcome: data!.outcome, note: data!.note ?? null, ownerAgency: bond.ownerAgency, reportedAt: ctx.now },
  });
  await recordChanges(tx, ctx, [{ entityType: "BondPayment", entityId: payment.id, entityKey: `${key}#${payment.id}`, action: "CREATE", before: null, after: payment }]);
  await followStatus(ctx, tx, bond, data!.outcome);
  return payment;
}

async function recordNotice(ctx: GraphContext, tx: Tx, args: { bondCode: string; dueDate: Date; kind: "COUPON" | "PRINCIPAL"; sentAt: Date; expectedVersion?: number | null }) {
  const bond = await ownedBond(tx, ctx, args.bondCode);
  const where = { bondId_dueDate_kind: { bondId: bond.id, dueDate: args.dueDate, kind: args.kind } };
  const key = itemKey(bond.code, args.dueDate, args.kind);
  const item = await tx.bondScheduleItem.findUnique({ where });
  if (!item) throw new NotFoundError("BondScheduleItem", key);
  const issues = new IssueCollector();
  if (args.sentAt > ctx.businessNow) issues.add(["sentAt"], "notFuture", "must not be in the future");
  if (cstDate(args.sentAt) > item.dueDate) issues.add(["sentAt"], "beforeDue", "bondPayment.beforeDue");
  issues.throwIfAny();
  // Only an existing item is noticed: without expectedVersion, the current one.
  const { row } = await upsertByKey(tx, ctx, { delegate: items(tx), entityType: "BondScheduleItem", key, where, expectedVersion: args.expectedVersion ?? item.version, data: { noticeSentAt: args.sentAt } });
  return row;
}

builder.mutationFields((t) => ({
  recordBondPayment: t.prismaField({
    type: BondPaymentNode,
    description:
      "Records a payment, or a failure to pay, against a scheduled due date (兑付记录) (owner: the bond's owner agency). A DEFAULT sets the bond DEFAULTED; paying the last amount owed sets it REPAID.",
    errors: { types: WRITE_ERRORS },
    args: {
      input: t.arg({ type: BondPaymentInput, required: true, description: "The payment." }),
      idempotencyKey: t.arg.string({ description: "Retrying with the same key returns the first result instead of recording the payment twice." }),
    },
    resolve: async (_query, _root, args, ctx) => {
      assertBondWriter(ctx);
      return runWrite(ctx, { operation: "recordBondPayment", input: args.input, idempotencyKey: args.idempotencyKey }, (tx) => recordPayment(ctx, tx, args.input)) as never;
    },
  }),
  recordAdvanceNotice: t.prismaField({
    type: BondScheduleItemNode,
    description: "Records that the issuer was given advance notice of a due date (提前告知, 确保按期支付) (owner: the bond's owner agency).",
    errors: { types: WRITE_ERRORS },
    args: {
      bondCode: t.arg.string({ required: true, description: "The bond code." }),
      dueDate: t.arg({ type: "Date", required: true, description: "The scheduled due date." }),
      kind: t.arg({ type: BondFlowKindEnum, required: true, description: "Coupon or principal." }),
      sentAt: t.arg({ type: "DateTime", required: true, description: "When the notice went out; not in the future, no later than the due date." }),
      expectedVersion: t.arg.int({ description: "The schedule item's version you read; a different stored version is a conflict." }),
      idempotencyKey: t.arg.string({ description: "Retrying with the same key returns the first result instead of writing again." }),
    },
    resolve: async (query, _root, args, ctx) => {
      assertBondWriter(ctx);
      const item = await runWrite(ctx, { operation: "recordAdvanceNotice", input: args, idempotencyKey: args.idempotencyKey }, (tx) => recordNotice(ctx, tx, args));
      // Read back through the selection's query: amountPaid and amountUnpaid need the item's payments.
      return ctx.prisma.bondScheduleItem.findUniqueOrThrow({ ...rereadQuery(query), where: { id: item.id } });
    },
  }),
}));
