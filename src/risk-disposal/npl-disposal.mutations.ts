// Recording and correcting NPL disposals, keyed by report number (owner: CBRC).
import { z } from "zod";
import { builder } from "../builder.ts";
import type { GraphContext } from "../context.ts";
import { assertOwner } from "../writes/ownership.ts";
import { runWrite, type Tx } from "../writes/write.ts";
import { retireByKey, upsertByKey, type Delegate, type VersionedRow } from "../writes/records.ts";
import { WRITE_ERRORS } from "../writes/errors.ts";
import { IssueCollector, date, money, text } from "../writes/rules.ts";
import { today } from "../bonds/calendar.ts";
import { NplDisposalMethodEnum } from "./risk-disposal.enums.ts";
import { NplDisposalNode } from "./npl-disposal.type.ts";
import { enterpriseByUscc, institutionByCode } from "./references.ts";
import { isQuarterEnd } from "./quarter.ts";

const NplDisposalInput = builder.inputType("NplDisposalInput", {
  description: "NPLs a bank disposed of in a quarter by one method, keyed by report number (created if new, else updated).",
  fields: (t) => ({
    disposalNo: t.string({ required: true, description: "Report number: 4–40 capital letters, digits or hyphens." }),
    bank: t.string({ required: true, description: "The bank's institution code; must be a bank." }),
    periodEnd: t.field({ type: "Date", required: true, description: "The quarter's last day (03-31, 06-30, 09-30, 12-31); not in the future." }),
    method: t.field({ type: NplDisposalMethodEnum, required: true, description: "How they were disposed of." }),
    amount: t.field({ type: "Decimal", required: true, description: "Principal disposed of, yuan; more than zero." }),
    borrowerUscc: t.string({ description: "The borrower's unified social credit code, where the disposal concerns one." }),
    counterparty: t.string({ description: "Who took the assets; required for BATCH_TRANSFER and SECURITISATION." }),
    expectedVersion: t.int({ description: "The version you read; when given, a different stored version is a conflict and nothing is written." }),
  }),
});

const schema = z.object({
  disposalNo: z.string().regex(/^[A-Z0-9-]{4,40}$/, { message: "must be 4–40 capital letters, digits or hyphens" }),
  bank: z.string(),
  periodEnd: date,
  method: z.enum(["WRITE_OFF", "BATCH_TRANSFER", "SECURITISATION", "RESTRUCTURING", "COLLECTION"]),
  amount: money.refine((d) => d.gt(0), { message: "must be more than zero", params: { rule: "positive" } }),
  borrowerUscc: z.string().nullish(),
  counterparty: text(200).nullish(),
  expectedVersion: z.number().int().min(1, { message: "must be 1 or more" }).nullish(),
});

const disposals = (tx: Tx) => tx.nplDisposal as unknown as Delegate<VersionedRow>;

async function upsertDisposal(ctx: GraphContext, tx: Tx, input: typeof NplDisposalInput.$inferInput) {
  const issues = new IssueCollector();
  const data = issues.parse(schema, input, ["input"]);
  const bank = await institutionByCode(tx, input.bank, ["input", "bank"], issues);
  const borrower = await enterpriseByUscc(tx, input.borrowerUscc, ["input", "borrowerUscc"], issues);
  if (!isQuarterEnd(input.periodEnd)) issues.add(["input", "periodEnd"], "quarterEnd", "quarterEnd");
  if (input.periodEnd > today(ctx)) issues.add(["input", "periodEnd"], "notFuture", "must not be in the future");
  // A transfer or a securitisation has a buyer; the AMC or trust is part of the record.
  if ((input.method === "BATCH_TRANSFER" || input.method === "SECURITISATION") && !input.counterparty?.trim()) {
    issues.add(["input", "counterparty"], "required", "required.whenMethod", { method: input.method });
  }
  issues.throwIfAny();
  const { expectedVersion, bank: _b, borrowerUscc: _u, ...fields } = data!;
  const { row } = await upsertByKey(tx, ctx, {
    delegate: disposals(tx),
    entityType: "NplDisposal",
    key: fields.disposalNo,
    where: { disposalNo: fields.disposalNo },
    expectedVersion,
    data: { ...fields, counterparty: fields.counterparty ?? null, bankId: bank!.id, borrowerId: borrower?.id ?? null },
  });
  return row;
}

builder.mutationFields((t) => ({
  upsertNplDisposal: t.prismaField({
    type: NplDisposalNode,
    description: "Records a bank's NPL disposal for a quarter, or corrects one (owner: CBRC 阳江银监分局).",
    errors: { types: WRITE_ERRORS },
    args: {
      input: t.arg({ type: NplDisposalInput, required: true, description: "The disposal." }),
      idempotencyKey: t.arg.string({ description: "Retrying with the same key returns the first result instead of writing again (kept 24 h)." }),
    },
    resolve: async (_query, _root, args, ctx) => {
      assertOwner(ctx, ["CBRC"], { key: "records.nplDisposals" });
      return runWrite(ctx, { operation: "upsertNplDisposal", input: args.input, idempotencyKey: args.idempotencyKey }, (tx) => upsertDisposal(ctx, tx, args.input)) as never;
    },
  }),
  retireNplDisposal: t.prismaField({
    type: NplDisposalNode,
    description: "Retires a disposal recorded in error (撤回); it stays readable with retiredAt set (owner: CBRC).",
    errors: { types: WRITE_ERRORS },
    args: {
      disposalNo: t.arg.string({ required: true, description: "The report number." }),
      expectedVersion: t.arg.int({ description: "The version you read; a different stored version is a conflict." }),
      idempotencyKey: t.arg.string({ description: "Retrying with the same key returns the first result instead of writing again." }),
    },
    resolve: async (_query, _root, args, ctx) => {
      assertOwner(ctx, ["CBRC"], { key: "records.nplDisposals" });
      return runWrite(ctx, { operation: "retireNplDisposal", input: args, idempotencyKey: args.idempotencyKey }, (tx) =>
        retireByKey(tx, ctx, { delegate: disposals(tx), entityType: "NplDisposal", key: args.disposalNo, where: { disposalNo: args.disposalNo }, expectedVersion: args.expectedVersion }),
      ) as never;
    },
  }),
}));
