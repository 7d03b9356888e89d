// Writes to local government debt items (owner: FISCAL 市财政局).
import { z } from "zod";
import { builder } from "../builder.ts";
import type { GraphContext } from "../context.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { assertOwner } from "../writes/ownership.ts";
import { runWrite, type Tx } from "../writes/write.ts";
import { retireByKey, upsertByKey, type Delegate, type VersionedRow } from "../writes/records.ts";
import { IssueCollector, date, money, text } from "../writes/rules.ts";
import { GovernmentDebtNode } from "./government-debt.type.ts";
import { DebtInstrumentEnum, GovernmentDebtClassEnum } from "./government-debt.enums.ts";
import { writeResult } from "./graph-docs.ts";
import { countyInputDoc, countyOf } from "../writes/county.ts";

const GovernmentDebtInput = builder.inputType("GovernmentDebtInput", {
  description: "A government debt item, keyed by its number (created if new, else updated). Amounts in yuan.",
  fields: (t) => ({
    debtNo: t.string({ required: true, description: "Debt item number (债务编号)." }),
    county: t.string({ required: true, description: countyInputDoc("Government level owing it", true) }),
    debtClass: t.field({ type: GovernmentDebtClassEnum, required: true, description: "Class (债务类别)." }),
    instrument: t.field({ type: DebtInstrumentEnum, required: true, description: "How it was raised (举借方式)." }),
    borrowerUnit: t.string({ required: true, description: "The borrowing unit (债务单位)." }),
    platform: t.string({ description: "USCC of the financing platform that borrowed it, if one did; it must belong to the same level or the city." }),
    principal: t.field({ type: "Decimal", required: true, description: "Principal borrowed; more than zero." }),
    balance: t.field({ type: "Decimal", required: true, description: "Outstanding balance; not more than the principal." }),
    startDate: t.field({ type: "Date", required: true, description: "Date borrowed." }),
    maturityDate: t.field({ type: "Date", required: true, description: "Maturity date; after the start date." }),
    expectedVersion: t.int({ description: "The version you read; a different stored version is a conflict." }),
  }),
});

const debtSchema = z
  .object({
    debtNo: text(40),
    county: z.string(),
    debtClass: z.enum(["GENERAL", "SPECIAL", "CONTINGENT_GUARANTEE", "CONTINGENT_RESCUE"]),
    instrument: z.enum(["GOVERNMENT_BOND", "BANK_LOAN", "TRUST", "BT_PROJECT", "OTHER"]),
    borrowerUnit: text(200),
    platform: z.string().nullish(),
    principal: money.refine((d) => d.gt(0), { message: "must be more than zero", params: { rule: "positive" } }),
    balance: money,
    startDate: date,
    maturityDate: date,
    expectedVersion: z.number().int().min(1).nullish(),
  })
  .superRefine((d, c) => {
    if (Prisma.Decimal.isDecimal(d.balance) && Prisma.Decimal.isDecimal(d.principal) && d.balance.gt(d.principal)) {
      c.addIssue({ code: "custom", path: ["balance"], message: "must not exceed principal", params: { rule: "partOfWhole", whole: "principal" } });
    }
    if (d.startDate instanceof Date && d.maturityDate instanceof Date && d.maturityDate <= d.startDate) {
      c.addIssue({ code: "custom", path: ["maturityDate"], message: "must be after startDate", params: { rule: "dateOrder", key: "dateOrder.after", earlier: "startDate" } });
    }
  });

type DebtRow = VersionedRow & { debtNo: string };
export const debts = (tx: Tx) => tx.governmentDebt as unknown as Delegate<DebtRow>;

async function upsertDebt(ctx: GraphContext, tx: Tx, input: typeof GovernmentDebtInput.$inferInput) {
  const issues = new IssueCollector();
  const data = issues.parse(debtSchema, input, ["input"]);
  const [county, platform] = await Promise.all([
    countyOf(tx, input.county, ["input", "county"], issues, { city: true }),
    input.platform ? tx.financingPlatform.findFirst({ where: { enterprise: { uscc: input.platform } }, include: { county: { select: { isCity: true } } } }) : null,
  ]);
  if (input.platform && !platform) issues.add(["input", "platform"], "exists", "exists.platform", { uscc: input.platform });
  else if (platform?.retiredAt) issues.add(["input", "platform"], "retired", "retired.platform", { uscc: String(input.platform) });
  else if (platform && county && platform.countyCode !== county.code && !platform.county.isCity) {
    issues.add(["input", "platform"], "sameLevel", "sameLevel", { platform: platform.countyCode, county: county.code });
  }
  issues.throwIfAny();
  const d = data!;
  const { row } = await upsertByKey(tx, ctx, {
    delegate: debts(tx),
    entityType: "GovernmentDebt",
    key: d.debtNo,
    where: { debtNo: d.debtNo },
    expectedVersion: d.expectedVersion,
    data: {
      debtNo: d.debtNo,
      countyCode: county!.code,
      debtClass: d.debtClass,
      instrument: d.instrument,
      borrowerUnit: d.borrowerUnit,
      platformId: platform?.id ?? null,
      principal: d.principal,
      balance: d.balance,
      startDate: d.startDate,
      maturityDate: d.maturityDate,
    },
  });
  return row;
}

builder.mutationFields((t) => ({
  upsertGovernmentDebt: t.prismaField({
    type: GovernmentDebtNode,
    description: "Records a government debt item or updates it (owner: FISCAL 市财政局).",
    errors: writeResult("the debt item"),
    args: {
      input: t.arg({ type: GovernmentDebtInput, required: true, description: "The debt item, keyed by its number." }),
      idempotencyKey: t.arg.string({ description: "Retrying with the same key returns the first result instead of writing again (kept 24 h)." }),
    },
    resolve: async (_query, _root, args, ctx) => {
      assertOwner(ctx, ["FISCAL"], { key: "records.governmentDebt" });
      return runWrite(ctx, { operation: "upsertGovernmentDebt", input: args.input, idempotencyKey: args.idempotencyKey }, (tx) => upsertDebt(ctx, tx, args.input)) as never;
    },
  }),
  retireGovernmentDebt: t.prismaField({
    type: GovernmentDebtNode,
    description: "Retires a government debt item (核销/撤回): it stays readable with retiredAt set and leaves lists and totals (owner: FISCAL).",
    errors: writeResult("the retired debt item"),
    args: {
      debtNo: t.arg.string({ required: true, description: "The debt item number." }),
      expectedVersion: t.arg.int({ description: "The version you read; a different stored version is a conflict." }),
      idempotencyKey: t.arg.string({ description: "Retrying with the same key returns the first result instead of writing again (kept 24 h)." }),
    },
    resolve: async (_query, _root, args, ctx) => {
      assertOwner(ctx, ["FISCAL"], { key: "records.governmentDebt" });
      return runWrite(ctx, { operation: "retireGovernmentDebt", input: args, idempotencyKey: args.idempotencyKey }, (tx) =>
        retireByKey(tx, ctx, { delegate: debts(tx), entityType: "GovernmentDebt", key: args.debtNo, where: { debtNo: args.debtNo }, expectedVersion: args.expectedVersion }),
      ) as never;
    },
  }),
}));
