// What the debt domain adds to Institution: the bank's loans and its monthly top-10 lists.
import { builder } from "../builder.ts";
import { scoped } from "../access/row-scope.ts";
import { LoanFilter, LoanOrder, loanOrderBy, loanWhere } from "./loan.filters.ts";
import { TopListKindEnum, monthStart } from "./top-list.type.ts";
import { connectionDocs } from "./graph-docs.ts";

builder.prismaObjectFields("Institution", (t) => ({
  loans: t.relatedConnection("loans", {
    cursor: "id",
    description: "Loans this bank granted (发放的贷款), in the order recorded unless ordered otherwise; retired ones only when asked.",
    args: {
      // The `lender` condition is redundant here (the bank is the parent) but kept so the filter is the one of `loans`.
      filter: t.arg({ type: LoanFilter, description: "Conditions the loans must meet (as for `loans`); an unknown county name matches nothing." }),
      orderBy: t.arg({ type: [LoanOrder], description: "Sort keys, first one first." }),
    },
    query: (args, ctx) => ({ where: scoped(ctx, "Loan", loanWhere(args.filter)), orderBy: loanOrderBy(args.orderBy) }),
  }, ...connectionDocs("a bank's loans")),
  topListEntries: t.relatedConnection("topListEntries", {
    cursor: "id",
    description: "Entries of this bank's monthly top-10 lists (前十大), latest month first, then by kind and rank.",
    args: {
      kind: t.arg({ type: TopListKindEnum, description: "Only lists of this kind." }),
      month: t.arg({ type: "Date", description: "Only the list of this month (any day of it)." }),
    },
    query: (args, ctx) => ({
      where: scoped(ctx, "TopListEntry", { ...(args.kind ? { kind: args.kind } : {}), ...(args.month ? { month: monthStart(args.month) } : {}) }),
      orderBy: [{ month: "desc" }, { kind: "asc" }, { rank: "asc" }, { id: "asc" }],
    }),
  }, ...connectionDocs("a bank's top-10 list entries")),
}));
