// Writes to bond on-lendings (转贷, owner: FISCAL), keyed by reference number.
import { z } from "zod";
import { builder } from "../builder.ts";
import type { GraphContext } from "../context.ts";
import { assertOwner } from "../writes/ownership.ts";
import { runWrite, type Tx } from "../writes/write.ts";
import { upsertByKey, type Delegate, type VersionedRow } from "../writes/records.ts";
import { IssueCollector, date, money, text } from "../writes/rules.ts";
import { BondOnLendingNode } from "./bond-on-lending.type.ts";
import { GovernmentDebtClassEnum } from "./government-debt.enums.ts";
import { writeResult } from "./graph-docs.ts";
import { countyInputDoc, countyOf } from "../writes/county.ts";

const BondOnLendingInput = builder.inputType("BondOnLendingInput", {
  description: "An on-lending of provincial bond proceeds, keyed by its reference number (created if new, else updated). Amounts in yuan.",
  fields: (t) => ({
    referenceNo: t.string({ required: true, description: "On-lending reference number (转贷协议编号)." }),
    county: t.string({ required: true, description: countyInputDoc("Government level receiving it", true) }),
    provincialBondCode: t.string({ required: true, description: "The provincial bond on-lent, e.g. 2019广东专项债12." }),
    debtClass: t.field({ type: GovernmentDebtClassEnum, required: true, description: "GENERAL or SPECIAL: bonds fund direct debt only." }),
    amount: t.field({ type: "Decimal", required: true, description: "Amount on-lent; more than zero." }),
    lentOn: t.field({ type: "Date", required: true, description: "Date on-lent." }),
    maturityDate: t.field({ type: "Date", required: true, description: "Maturity; after the on-lending date." }),
    purpose: t.string({ required: true, description: "What the proceeds fund (资金用途)." }),
    expectedVersion: t.int({ description: "The version you read; a different stored version is a conflict." }),
  }),
});

const onLendingSchema = z
  .object({
    referenceNo: text(40),
    county: z.string(),
    provincialBondCode: text(40),
    // A refinement, not z.enum: an enum mismatch would stop zod before the cross-field checks below.
    debtClass: z.string().refine((c) => c === "GENERAL" || c === "SPECIAL", { message: "must be GENERAL or SPECIAL: government bonds fund direct debt", params: { rule: "oneOf", key: "oneOf.onLendingDebtClass" } }),
    amount: money.refine((d) => d.gt(0), { message: "must be more than zero", params: { rule: "positive" } }),
    lentOn: date,
    maturityDate: date,
    purpose: text(500),
    expectedVersion: z.number().int().min(1).nullish(),
  })
  .superRefine((o, c) => {
    if (o.lentOn instanceof Date && o.maturityDate instanceof Date && o.maturityDate <= o.lentOn) {
      c.addIssue({ code: "custom", path: ["maturityDate"], message: "must be after lentOn", params: { rule: "dateOrder", key: "dateOrder.after", earlier: "lentOn" } });
    }
  });

const onLendings = (tx: Tx) => tx.bondOnLending as unknown as Delegate<VersionedRow>;

async function upsertOnLending(ctx: GraphContext, tx: Tx, input: typeof BondOnLendingInput.$inferInput) {
  const issues = new IssueCollector();
  const data = issues.parse(onLendingSchema, input, ["input"]);
  const county = await countyOf(tx, input.county, ["input", "county"], issues, { city: true });
  issues.throwIfAny();
  const { expectedVersion, county: _given, ...fields } = data!;
  const countyCode = county!.code;
  const { row } = await upsertByKey(tx, ctx, {
    delegate: onLendings(tx),
    entityType: "BondOnLending",
    key: fields.referenceNo,
    where: { referenceNo: fields.referenceNo },
    expectedVersion,
    data: { ...fields, countyCode },
  });
  return row;
}

builder.mutationFields((t) => ({
  upsertBondOnLending: t.prismaField({
    type: BondOnLendingNode,
    description: "Records an on-lending of provincial bond proceeds or updates it (owner: FISCAL 市财政局).",
    errors: writeResult("the on-lending"),
    args: {
      input: t.arg({ type: BondOnLendingInput, required: true, description: "The on-lending, keyed by its reference number." }),
      idempotencyKey: t.arg.string({ description: "Retrying with the same key returns the first result instead of writing again (kept 24 h)." }),
    },
    resolve: async (_query, _root, args, ctx) => {
      assertOwner(ctx, ["FISCAL"], { key: "records.bondOnLendings" });
      return runWrite(ctx, { operation: "upsertBondOnLending", input: args.input, idempotencyKey: args.idempotencyKey }, (tx) => upsertOnLending(ctx, tx, args.input)) as never;
    },
  }),
}));
