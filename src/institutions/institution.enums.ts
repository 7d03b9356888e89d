import { builder } from "../builder.ts";

export const InstitutionKindEnum = builder.enumType("InstitutionKind", {
  description: "Kind of financial institution (金融机构类型).",
  values: {
    COMMERCIAL_BANK_BRANCH: { description: "Branch of a national commercial bank (全国性商业银行分支机构)" },
    LOCAL_LEGAL_PERSON_BANK: { description: "Local legal-person bank (地方法人银行)" },
    RURAL_CREDIT_COOP: { description: "Rural credit cooperative (农村信用社)" },
    SECURITIES: { description: "Securities firm (证券机构)" },
    FUTURES: { description: "Futures firm (期货机构)" },
    INSURER: { description: "Insurer (保险公司)" },
    SMALL_LOAN: { description: "Small-loan company (小额贷款公司)" },
    FINANCING_GUARANTEE: { description: "Financing-guarantee company (融资担保公司)" },
    FINANCING_LEASING: { description: "Financing-leasing company (融资租赁公司)" },
  } as const,
});
