// Writes to guarantees (owner: CBRC).
import { z } from "zod";
import { builder } from "../builder.ts";
import type { GraphContext } from "../context.ts";
import { assertOwner } from "../writes/ownership.ts";
import { runWrite, type Tx } from "../writes/write.ts";
import { retireByKey, upsertByKey, type Delegate, type VersionedRow } from "../writes/records.ts";
import { IssueCollector, date, uscc } from "../writes/rules.ts";
import { checkUscc } from "../enterprise/uscc.ts";
import { GuaranteeNode } from "./guarantee.type.ts";
import { GuaranteeKindEnum } from "./guarantee.enums.ts";
import { enterprisesByUscc } from "./references.ts";
import { documentNo, expectedVersion, positiveMoney, strictlyAfter } from "./write-rules.ts";
import { writeErrors } from "./graph-docs.ts";

const GuaranteeInput = builder.inputType("GuaranteeInput", {
  description: "A guarantee, keyed by its contract number (created if new, else updated). Amounts in yuan.",
  fields: (t) => ({
    contractNo: t.string({ required: true, description: "Guarantee contract number (担保合同编号)." }),
    guarantor: t.string({ required: true, description: "The guarantor's unified social credit code (担保人)." }),
    borrower: t.string({ required: true, description: "The guaranteed borrower's unified social credit code (被担保人); not the guarantor." }),
    loan: t.string({ description: "The guaranteed loan's contract number, if the guarantee names one; it must be a loan of the borrower." }),
    amount: t.field({ type: "Decimal", required: true, description: "Guaranteed amount (担保金额), more than zero." }),
    kind: t.field({ type: GuaranteeKindEnum, required: true, description: "Kind of guarantee (担保方式)." }),
    startDate: t.field({ type: "Date", required: true, description: "Start of the guarantee period." }),
    endDate: t.field({ type: "Date", required: true, description: "End of the guarantee period, after its start." }),
    expectedVersion: t.int({ description: "The version you read; when given, a different stored version is a conflict and nothing is written." }),
  }),
});

const guaranteeSchema = z
  .object({
    contractNo: documentNo,
    guarantor: uscc,
    borrower: uscc,
    loan: documentNo.nullish(),
    amount: positiveMoney,
    kind: z.enum(["SURETY", "MORTGAGE", "PLEDGE"]),
    startDate: date,
    endDate: date,
    expectedVersion,
  })
  .superRefine((g, ctx) => {
    if (g.guarantor === g.borrower) ctx.addIssue({ code: "custom", path: ["borrower"], message: "must not be the guarantor itself", params: { rule: "distinct", key: "distinct.guarantor" } });
  })
  .superRefine(strictlyAfter("startDate", "endDate"));

type GuaranteeRecord = VersionedRow & { contractNo: string };
const guarantees = (tx: Tx) => tx.guarantee as unknown as Delegate<GuaranteeRecord>;

async function upsertGuarantee(ctx: GraphContext, tx: Tx, input: typeof GuaranteeInput.$inferInput) {
  const issues = new IssueCollector();
  const data = issues.parse(guaranteeSchema, input, ["input"]);
  const [parties, loan] = await Promise.all([
    enterprisesByUscc(tx, [input.guarantor, input.borrower]),
    input.loan ? tx.loan.findUnique({ where: { contractNo: input.loan }, select: { id: true, borrowerId: true } }) : null,
  ]);
  for (const role of ["guarantor", "borrower"] as const) {
    if (checkUscc(input[role]) === null && !parties.has(input[role])) issues.add(["input", role], "exists", "exists.enterprise", { uscc: input[role] });
  }
  if (input.loan && !loan) issues.add(["input", "loan"], "exists", "exists.loan", { contract: input.loan });
  const borrower = parties.get(input.borrower);
  if (loan && borrower && loan.borrowerId !== borrower.id) issues.add(["input", "loan"], "loanBorrower", "loanBorrower", { loan: String(input.loan), borrower: String(input.borrower) });
  issues.throwIfAny();
  const { row } = await upsertByKey(tx, ctx, {
    delegate: guarantees(tx),
    entityType: "Guarantee",
    key: data!.contractNo,
    where: { contractNo: data!.contractNo },
    expectedVersion: data!.expectedVersion,
    data: {
      contractNo: data!.contractNo,
      guarantorId: parties.get(data!.guarantor)!.id,
      borrowerId: borrower!.id,
      loanId: loan?.id ?? null,
      amount: data!.amount,
      kind: data!.kind,
      startDate: data!.startDate,
      endDate: data!.endDate,
    },
  });
  return row;
}

builder.mutationFields((t) => ({
  upsertGuarantee: t.prismaField({
    type: GuaranteeNode,
    description: "Records a guarantee or updates it by contract number (owner: CBRC 阳江银监分局).",
    errors: writeErrors("the guarantee as stored"),
    args: {
      input: t.arg({ type: GuaranteeInput, required: true, description: "The guarantee." }),
      idempotencyKey: t.arg.string({ description: "Retrying with the same key returns the first result instead of writing again (kept 24 h)." }),
    },
    resolve: async (_query, _root, args, ctx) => {
      assertOwner(ctx, ["CBRC"], { key: "records.guarantees" });
      return runWrite(ctx, { operation: "upsertGuarantee", input: args.input, idempotencyKey: args.idempotencyKey }, (tx) => upsertGuarantee(ctx, tx, args.input)) as never;
    },
  }),
  retireGuarantee: t.prismaField({
    type: GuaranteeNode,
    description: "Retires a guarantee that was released or reported in error: it stays readable with retiredAt set and no longer counts towards circles (owner: CBRC).",
    errors: writeErrors("the retired guarantee"),
    args: {
      contractNo: t.arg.string({ required: true, description: "The guarantee contract number." }),
      expectedVersion: t.arg.int({ description: "The version you read; a different stored version is a conflict." }),
      idempotencyKey: t.arg.string({ description: "Retrying with the same key returns the first result instead of writing again." }),
    },
    resolve: async (_query, _root, args, ctx) => {
      assertOwner(ctx, ["CBRC"], { key: "records.guarantees" });
      return runWrite(ctx, { operation: "retireGuarantee", input: args, idempotencyKey: args.idempotencyKey }, (tx) =>
        retireByKey(tx, ctx, { delegate: guarantees(tx), entityType: "Guarantee", key: args.contractNo, where: { contractNo: args.contractNo }, expectedVersion: args.expectedVersion }),
      ) as never;
    },
  }),
}));
