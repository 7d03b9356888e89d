// Loan look-ups and the loan list (owner: CBRC).
import { builder } from "../builder.ts";
import { readFirst, readMany } from "../db/json-query/json-queries.ts";
import { scoped } from "../access/row-scope.ts";
import { LoanFilter, LoanOrder, loanOrderBy, loanWhere, normalizeLoanFilter } from "./loan.filters.ts";
import { connectionDocs } from "./graph-docs.ts";

builder.queryFields((t) => ({
  loan: t.prismaField({
    type: "Loan",
    nullable: true,
    description: "One loan by its contract number (借款合同编号); null when there is none (or it is outside the caller's jurisdiction).",
    args: { contractNo: t.arg.string({ required: true, description: "The loan contract number." }) },
    resolve: (query, _root, args, ctx) => {
      const find = { ...query, where: scoped(ctx, "Loan", { contractNo: args.contractNo }) };
      return readFirst(ctx, "Loan", find, () => ctx.prisma.loan.findFirst(find));
    },
  }),
  loans: t.prismaConnection({
    type: "Loan",
    cursor: "id",
    description: "Bank loans to enterprises (企业贷款), in the order they were recorded unless ordered otherwise; retired ones only when asked.",
    args: {
      filter: t.arg({ type: LoanFilter, description: "Conditions the loans must meet." }),
      orderBy: t.arg({ type: [LoanOrder], description: "Sort keys, first one first." }),
    },
    resolve: async (query, _root, args, ctx) => {
      const find = { ...query, where: scoped(ctx, "Loan", loanWhere(await normalizeLoanFilter(ctx, args.filter))), orderBy: loanOrderBy(args.orderBy) };
      return readMany(ctx, "Loan", find, () => ctx.prisma.loan.findMany(find));
    },
    totalCount: async (_root, args, ctx) => ctx.prisma.loan.count({ where: scoped(ctx, "Loan", loanWhere(await normalizeLoanFilter(ctx, args.filter))) }),
  }, ...connectionDocs("loans")),
}));
