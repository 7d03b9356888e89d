import { builder } from "../builder.ts";

export const GuaranteeKindEnum = builder.enumType("GuaranteeKind", {
  description: "Kind of guarantee (担保方式).",
  values: {
    SURETY: { description: "Surety 保证: the guarantor answers for the debt with all its assets." },
    MORTGAGE: { description: "Mortgage 抵押: secured on the guarantor's property, which stays with it." },
    PLEDGE: { description: "Pledge 质押: secured on movables or rights handed to the creditor." },
  } as const,
});
