// loanBalances: loan counts, amounts and balances grouped by county, industry, lender and/or
// classification (贷款余额分组汇总), computed in SQL over the filtered, row-scoped loan book.
import { builder } from "../builder.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { badInput } from "../reference/places.ts";
import { LoanFilter, normalizeLoanFilter } from "./loan.filters.ts";
import { LoanClassificationEnum, LoanGroupKeyEnum } from "./loan.enums.ts";
import { loanBalancesSql, type LoanBalanceRow } from "./loan-balances.sql.ts";
import { suppressSmallGroups } from "../access/min-group.ts";

const LoanBalanceType = builder.objectRef<LoanBalanceRow>("LoanBalance").implement({
  description: "Loan totals of one group (贷款余额汇总); key fields not grouped by are null.",
  fields: (t) => ({
    countyCode: t.exposeString("county_code", { nullable: true, description: "The borrowers' county code, when grouped by COUNTY." }),
    countyName: t.exposeString("county_name", { nullable: true, description: "The borrowers' county name (县区), when grouped by COUNTY." }),
    industryCode: t.exposeString("industry_code", { nullable: true, description: "The borrowers' GB/T 4754 division, when grouped by INDUSTRY." }),
    industryName: t.exposeString("industry_name", { nullable: true, description: "The division's Chinese name (行业名称), when grouped by INDUSTRY." }),
    lenderCode: t.exposeString("lender_code", { nullable: true, description: "The lending bank's institution code, when grouped by LENDER." }),
    lenderName: t.exposeString("lender_name", { nullable: true, description: "The lending bank's name (贷款银行), when grouped by LENDER." }),
    classification: t.field({
      type: LoanClassificationEnum,
      nullable: true,
      description: "The five-category class, when grouped by CLASSIFICATION.",
      resolve: (row) => row.classification as typeof LoanClassificationEnum.$inferType | null,
    }),
    loanCount: t.exposeInt("loan_count", { description: "Number of loans (笔数)." }),
    borrowerCount: t.exposeInt("borrower_count", { description: "Number of distinct borrowers (借款企业数); under a grant, groups of fewer than the minimum group size are left out." }),
    totalAmount: t.field({ type: "Decimal", description: "Sum of contract amounts in yuan (贷款金额合计).", resolve: (row) => row.total_amount }),
    totalBalance: t.field({ type: "Decimal", description: "Sum of outstanding balances in yuan (贷款余额合计).", resolve: (row) => row.total_balance }),
    nonPerformingBalance: t.field({
      type: "Decimal",
      description: "Balance of non-performing loans in yuan (不良贷款余额: substandard, doubtful, loss).",
      resolve: (row) => row.npl_balance,
    }),
    nonPerformingRatio: t.field({
      type: "Decimal",
      nullable: true,
      description: "Non-performing balance ÷ total balance (不良贷款率), a fraction to six decimals; null when the balance is zero.",
      resolve: (row) => {
        const total = new Prisma.Decimal(row.total_balance);
        return total.isZero() ? null : new Prisma.Decimal(row.npl_balance).div(total).toDecimalPlaces(6, Prisma.Decimal.ROUND_HALF_UP);
      },
    }),
  }),
});

builder.queryFields((t) => ({
  loanBalances: t.field({
    type: [LoanBalanceType],
    description: "Loan counts, amounts and balances grouped by the given keys (贷款余额汇总), summed in SQL over the loans the filter selects.",
    args: {
      groupBy: t.arg({ type: [LoanGroupKeyEnum], required: true, description: "One or more grouping keys." }),
      filter: t.arg({ type: LoanFilter, description: "Conditions the loans must meet (as for `loans`)." }),
    },
    resolve: async (_root, args, ctx, info) => {
      if (!args.groupBy.length) throw badInput({ key: "argument.groupByEmpty" }, "groupBy", "minItems");
      const filter = await normalizeLoanFilter(ctx, args.filter);
      const rows = await ctx.prisma.$queryRaw<LoanBalanceRow[]>(loanBalancesSql(ctx, args.groupBy, filter));
      // Under a grant, a group of fewer borrowers than the minimum is left out (access/min-group.ts).
      return suppressSmallGroups(ctx, info, "debt.loans", rows, (r) => r.borrower_count);
    },
  }),
}));
