import { builder } from "../builder.ts";

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
