// Recording a replacement of stock debt by a government bond (存量债务置换, owner: FISCAL). The
// replacement and the lower balance of the debt item are written in one transaction, each with
// its history entry.
import { z } from "zod";
import { builder } from "../builder.ts";
import type { GraphContext } from "../context.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { assertOwner } from "../writes/ownership.ts";
import { runWrite, type Tx } from "../writes/write.ts";
import { upsertByKey, type Delegate, type VersionedRow } from "../writes/records.ts";
import { ConflictError, NotFoundError } from "../writes/errors.ts";
import { IssueCollector, date, money, text } from "../writes/rules.ts";
import { DebtReplacementNode } from "./debt-replacement.type.ts";
import { debts } from "./government-debt.mutations.ts";
import { todayInChina } from "./calendar.ts";
import { writeResult } from "./graph-docs.ts";

interface ReplacementArgs {
  debtNo: string;
  replacedOn: Date;
  amount: Prisma.Decimal;
  replacementBondCode: string;
  expectedVersion?: number | null;
}

const replacementSchema = (today: Date) =>
  z.object({
    debtNo: z.string(),
    replacedOn: date.refine((d) => d <= today, { message: "must not be in the future", params: { rule: "notFuture" } }),
    amount: money.refine((d) => d.gt(0), { message: "must be more than zero", params: { rule: "positive" } }),
    replacementBondCode: text(40),
    expectedVersion: z.number().int().min(1).nullish(),
  });

const replacements = (tx: Tx) => tx.debtReplacement as unknown as Delegate<VersionedRow>;

async function recordReplacement(ctx: GraphContext, tx: Tx, input: ReplacementArgs) {
  const debt = await tx.governmentDebt.findUnique({ where: { debtNo: input.debtNo } });
  if (!debt) throw new NotFoundError("GovernmentDebt", input.debtNo);
  if (debt.retiredAt) throw new ConflictError({ key: "conflict.retired", params: { entity: "GovernmentDebt", key: input.debtNo } }, debt.version);
  // The same bond replacing the same debt on the same day is the same replacement: a retry, not a new one.
  const duplicate = await tx.debtReplacement.findFirst({ where: { governmentDebtId: debt.id, replacementBondCode: input.replacementBondCode.trim(), replacedOn: input.replacedOn } });
  if (duplicate) throw new ConflictError({ key: "conflict.debtReplacement.recorded", params: { debt: debt.debtNo, bond: input.replacementBondCode } }, duplicate.version);
  const issues = new IssueCollector();
  const data = issues.parse(replacementSchema(todayInChina(ctx.businessNow)), input, []);
  if (input.amount.gt(debt.balance)) issues.add(["amount"], "notMoreThanBalance", "notMoreThanBalance", { balance: debt.balance.toFixed(2) });
  if (input.replacedOn < debt.startDate) issues.add(["replacedOn"], "dateOrder", "dateOrder.debtStartDate");
  issues.throwIfAny();
  const d = data!;
  const day = d.replacedOn.toISOString().slice(0, 10);
  const key = `${debt.debtNo}/${d.replacementBondCode}/${day}`;
  // where { id: 0 } finds nothing: a replacement is always a new row, with a CREATE history entry.
  const { row } = await upsertByKey(tx, ctx, {
    delegate: replacements(tx),
    entityType: "DebtReplacement",
    key,
    where: { id: 0 },
    data: { governmentDebtId: debt.id, replacedOn: d.replacedOn, amount: d.amount, replacementBondCode: d.replacementBondCode },
  });
  // The version check makes a concurrent change to the debt a conflict rather than a lost update.
  await upsertByKey(tx, ctx, {
    delegate: debts(tx),
    entityType: "GovernmentDebt",
    key: debt.debtNo,
    where: { debtNo: debt.debtNo },
    expectedVersion: d.expectedVersion ?? debt.version,
    data: { balance: debt.balance.sub(d.amount) },
  });
  return row;
}

builder.mutationFields((t) => ({
  recordDebtReplacement: t.prismaField({
    type: DebtReplacementNode,
    description: "Records that (part of) a debt item was replaced by a government bond and lowers its balance by the amount, in one transaction (owner: FISCAL 市财政局).",
    errors: writeResult("the replacement recorded"),
    args: {
      debtNo: t.arg.string({ required: true, description: "The debt item replaced (债务编号)." }),
      replacedOn: t.arg({ type: "Date", required: true, description: "Date of the replacement; not before the debt's start, not in the future." }),
      amount: t.arg({ type: "Decimal", required: true, description: "Amount replaced (yuan); more than zero and not more than the debt's balance." }),
      replacementBondCode: t.arg.string({ required: true, description: "The replacement bond (置换债券), e.g. 2016广东债05." }),
      expectedVersion: t.arg.int({ description: "The debt item's version you read; a different stored version is a conflict." }),
      idempotencyKey: t.arg.string({ description: "Retrying with the same key returns the first result instead of writing again (kept 24 h)." }),
    },
    resolve: async (_query, _root, args, ctx) => {
      assertOwner(ctx, ["FISCAL"], { key: "records.debtReplacements" });
      return runWrite(ctx, { operation: "recordDebtReplacement", input: args, idempotencyKey: args.idempotencyKey }, (tx) => recordReplacement(ctx, tx, args)) as never;
    },
  }),
}));
