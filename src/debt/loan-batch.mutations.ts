// upsertLoans: a bank's monthly loan file, all or nothing (owner: CBRC).
import { builder } from "../builder.ts";
import { scoped } from "../access/row-scope.ts";
import { assertOwner } from "../writes/ownership.ts";
import { runWrite } from "../writes/write.ts";
import { LoanInput } from "./loan.validation.ts";
import { MAX_FILE_ROWS, upsertLoanFile, type LoanFileResult } from "./loan-batch.write.ts";
import { writeErrors } from "./graph-docs.ts";
import { rereadQuery } from "../writes/reread.ts";

const LoanFileInput = builder.inputType("LoanFileInput", {
  description: `A bank's monthly loan file (贷款月报): up to ${MAX_FILE_ROWS} loans, each keyed by contract number.`,
  fields: (t) => ({
    rows: t.field({ type: [LoanInput], required: true, description: `The loans, at most ${MAX_FILE_ROWS}; a contract number may appear once.` }),
  }),
});

const LoanFileActionEnum = builder.enumType("LoanFileAction", {
  description: "What a loan file did to one loan.",
  values: {
    CREATED: { description: "A new loan was recorded (新增)." },
    UPDATED: { description: "An existing loan changed (变更)." },
    UNCHANGED: { description: "The loan was already recorded exactly so (无变化)." },
  } as const,
});

const LoanFileRowType = builder.objectRef<LoanFileResult["rows"][number]>("LoanFileRow").implement({
  description: "The outcome for one row of a loan file.",
  fields: (t) => ({
    index: t.exposeInt("index", { nullable: false, description: "The row's position in the file, from 0." }),
    contractNo: t.exposeString("contractNo", { nullable: false, description: "The row's loan contract number." }),
    action: t.field({ type: LoanFileActionEnum, nullable: false, description: "Created, updated or unchanged.", resolve: (r) => r.action }),
  }),
});

const LoanFileResultType = builder.objectRef<LoanFileResult>("LoanFileResult").implement({
  description: "The outcome of a loan file: how many loans were created, updated and left unchanged.",
  fields: (t) => ({
    created: t.exposeInt("created", { nullable: false, description: "Loans recorded for the first time." }),
    updated: t.exposeInt("updated", { nullable: false, description: "Loans whose data changed." }),
    unchanged: t.exposeInt("unchanged", { nullable: false, description: "Loans already recorded exactly so (nothing written)." }),
    rows: t.field({ type: [LoanFileRowType], nullable: false, description: "Each row's outcome, in file order.", resolve: (r) => r.rows }),
    loans: t.prismaField({
      type: ["Loan"],
      nullable: false,
      description: "The file's loans as now stored, in file order (read in one query).",
      resolve: async (query, result, _args, ctx) => {
        const loans = await ctx.prisma.loan.findMany({ ...rereadQuery(query), where: scoped(ctx, "Loan", { id: { in: result.loanIds } }) });
        const byId = new Map(loans.map((l) => [l.id, l]));
        return result.loanIds.flatMap((id) => byId.get(id) ?? []);
      },
    }),
  }),
});

builder.mutationFields((t) => ({
  upsertLoans: t.field({
    type: LoanFileResultType,
    description: `Records a bank's loan file of up to ${MAX_FILE_ROWS} loans, all or nothing: every row is validated and every problem reported (paths like input.rows[17].amount) before anything is written (owner: CBRC).`,
    errors: writeErrors("the counts and rows of the loan file"),
    args: {
      input: t.arg({ type: LoanFileInput, required: true, description: "The file." }),
      idempotencyKey: t.arg.string({ description: "Retrying with the same key returns the first result instead of writing again (kept 24 h)." }),
    },
    resolve: async (_root, args, ctx) => {
      assertOwner(ctx, ["CBRC"], { key: "records.loans" });
      return runWrite(ctx, { operation: "upsertLoans", input: args.input, idempotencyKey: args.idempotencyKey }, (tx) => upsertLoanFile(ctx, tx, args.input));
    },
  }),
}));
