// Enums of the loan book: the five-category classification and what loan totals group by.
import { builder } from "../builder.ts";
import type { LoanClassification } from "../generated/prisma/client.ts";

export const LoanClassificationEnum = builder.enumType("LoanClassification", {
  description: "Five-category loan classification (贷款五级分类). SUBSTANDARD, DOUBTFUL and LOSS are non-performing (不良).",
  values: {
    NORMAL: { description: "Normal 正常" },
    SPECIAL_MENTION: { description: "Special mention 关注" },
    SUBSTANDARD: { description: "Substandard 次级 (non-performing)" },
    DOUBTFUL: { description: "Doubtful 可疑 (non-performing)" },
    LOSS: { description: "Loss 损失 (non-performing)" },
  } as const,
});

/** The three classes that make a loan non-performing (不良贷款). */
export const NON_PERFORMING: readonly LoanClassification[] = ["SUBSTANDARD", "DOUBTFUL", "LOSS"];
export const isNonPerforming = (c: LoanClassification): boolean => NON_PERFORMING.includes(c);

export const LoanGroupKeyEnum = builder.enumType("LoanGroupKey", {
  description: "What loan totals (贷款余额汇总) can be grouped by.",
  values: {
    COUNTY: { description: "The borrower's county/district (借款企业所属县区)." },
    INDUSTRY: { description: "The borrower's GB/T 4754 industry division (借款企业行业)." },
    LENDER: { description: "The lending bank (贷款银行)." },
    CLASSIFICATION: { description: "The five-category classification (五级分类)." },
  } as const,
});

export type LoanGroupKey = "COUNTY" | "INDUSTRY" | "LENDER" | "CLASSIFICATION";
