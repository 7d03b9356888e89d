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

export const IndicatorKindEnum = builder.enumType("IndicatorKind", {
  description: "A regulatory indicator (监管指标). Ratios are fractions (0.04 = 4%); the two multiples are plain numbers (10 = 10×).",
  values: {
    LEVERAGE_RATIO: { description: "Leverage ratio (杠杆率), banks; a fraction." },
    NPL_RATIO: { description: "Non-performing loan ratio (不良贷款率), banks; a fraction." },
    CAPITAL_ADEQUACY_RATIO: { description: "Capital adequacy ratio (资本充足率), banks; a fraction." },
    LIQUIDITY_RATIO: { description: "Liquidity ratio (流动性比例): current assets ÷ current liabilities, local banks; a fraction." },
    LIQUIDITY_MATCHING_RATIO: { description: "Liquidity matching ratio (流动性匹配率): weighted funding ÷ weighted assets, a maturity-mismatch measure, local banks; a fraction." },
    LOAN_TO_DEPOSIT_RATIO: { description: "Loan-to-deposit ratio (存贷比), local banks; a fraction, monitored only since 2015." },
    SINGLE_CUSTOMER_CONCENTRATION: { description: "Single-customer loan concentration (单一客户贷款集中度): the largest borrower's loans ÷ net capital, local banks; a fraction." },
    NET_CAPITAL_TO_RISK_RESERVES: { description: "Net capital ÷ sum of risk-capital reserves (净资本/各项风险资本准备之和), securities and futures; a fraction." },
    NET_CAPITAL_TO_NET_ASSETS: { description: "Net capital ÷ net assets (净资本/净资产), securities and futures; a fraction." },
    COMPREHENSIVE_SOLVENCY: { description: "Comprehensive solvency adequacy ratio (综合偿付能力充足率), insurers; a fraction." },
    CORE_SOLVENCY: { description: "Core solvency adequacy ratio (核心偿付能力充足率), insurers; a fraction." },
    BANK_FUNDING_TO_NET_CAPITAL: { description: "Funds borrowed from banks ÷ net capital (从银行融入资金/资本净额), small-loan companies; a fraction." },
    GUARANTEE_LIABILITY_MULTIPLE: { description: "Outstanding guarantee liabilities ÷ net assets (融资担保责任余额/净资产), financing-guarantee companies; a multiple." },
    RISK_ASSET_MULTIPLE: { description: "Risk assets ÷ net assets (风险资产/净资产), financing-leasing companies; a multiple." },
    ENTERPRISE_ASSET_LIABILITY_RATIO: {
      description: "Asset-liability ratio of an enterprise (企业资产负债率); computed from financial statements, never reported by an institution.",
    },
  } as const,
});

export const ComparatorEnum = builder.enumType("Comparator", {
  description: "How a value must stand against a watch line's threshold to be sound.",
  values: {
    AT_LEAST: { description: "Sound when the value is at least the threshold (不低于); below it is a breach." },
    AT_MOST: { description: "Sound when the value is at most the threshold (不高于/不超过); above it is a breach." },
    BELOW: { description: "Sound when the value is strictly below the threshold (低于); equal or above is a breach." },
  } as const,
});
