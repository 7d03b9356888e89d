// Writes to single loans (owner: CBRC, which collects the banks' loan reports).
import { builder } from "../builder.ts";
import type { GraphContext } from "../context.ts";
import { assertOwner } from "../writes/ownership.ts";
import { runWrite, type Tx } from "../writes/write.ts";
import { retireByKey, upsertByKey, type Delegate, type VersionedRow } from "../writes/records.ts";
import { LoanNode } from "./loan.type.ts";
import { LoanInput, validateLoans, type LoanInputShape } from "./loan.validation.ts";
import { writeErrors } from "./graph-docs.ts";

type LoanRecord = VersionedRow & { contractNo: string };
export const loanDelegate = (tx: Tx) => tx.loan as unknown as Delegate<LoanRecord>;

async function upsertLoan(ctx: GraphContext, tx: Tx, input: LoanInputShape) {
  const [row] = await validateLoans(tx, [input], () => ["input"]);
  const { row: saved } = await upsertByKey(tx, ctx, {
    delegate: loanDelegate(tx),
    entityType: "Loan",
    key: row!.contractNo,
    where: { contractNo: row!.contractNo },
    expectedVersion: row!.expectedVersion,
    data: row!.data,
  });
  return saved;
}

builder.mutationFields((t) => ({
  upsertLoan: t.prismaField({
    type: LoanNode,
    description: "Records a loan or updates it by contract number (owner: CBRC 阳江银监分局).",
    errors: writeErrors("the loan as stored"),
    args: {
      input: t.arg({ type: LoanInput, required: true, description: "The loan." }),
      idempotencyKey: t.arg.string({ description: "Retrying with the same key returns the first result instead of writing again (kept 24 h)." }),
    },
    resolve: async (_query, _root, args, ctx) => {
      assertOwner(ctx, ["CBRC"], { key: "records.loans" });
      return runWrite(ctx, { operation: "upsertLoan", input: args.input, idempotencyKey: args.idempotencyKey }, (tx) => upsertLoan(ctx, tx, args.input)) as never;
    },
  }),
  retireLoan: t.prismaField({
    type: LoanNode,
    description: "Retires a loan reported in error or written off (撤回): it stays readable with retiredAt set and leaves lists and totals (owner: CBRC).",
    errors: writeErrors("the retired loan"),
    args: {
      contractNo: t.arg.string({ required: true, description: "The loan contract number." }),
      expectedVersion: t.arg.int({ description: "The version you read; a different stored version is a conflict." }),
      idempotencyKey: t.arg.string({ description: "Retrying with the same key returns the first result instead of writing again." }),
    },
    resolve: async (_query, _root, args, ctx) => {
      assertOwner(ctx, ["CBRC"], { key: "records.loans" });
      return runWrite(ctx, { operation: "retireLoan", input: args, idempotencyKey: args.idempotencyKey }, (tx) =>
        retireByKey(tx, ctx, { delegate: loanDelegate(tx), entityType: "Loan", key: args.contractNo, where: { contractNo: args.contractNo }, expectedVersion: args.expectedVersion }),
      ) as never;
    },
  }),
}));
