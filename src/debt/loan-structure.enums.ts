// The credit-structure enums of plan 二(七): a loan's collateral and its borrower's size.
import { builder } from "../builder.ts";

export const CollateralTypeEnum = builder.enumType("CollateralType", {
  description: "How a loan is secured (担保方式); 二(七)4 asks for IP and receivables pledges in particular.",
  values: {
    CREDIT: { description: "Unsecured 信用" },
    GUARANTEE: { description: "Third-party guarantee 保证" },
    REAL_ESTATE_MORTGAGE: { description: "Real-estate mortgage 房地产抵押" },
    EQUIPMENT_MORTGAGE: { description: "Mortgage of equipment and other movables 动产抵押" },
    IP_PLEDGE: { description: "Intellectual-property pledge 知识产权质押" },
    RECEIVABLES_PLEDGE: { description: "Receivables pledge 应收账款质押" },
    INVENTORY_PLEDGE: { description: "Inventory or warehouse-receipt pledge 存货、仓单质押" },
    EQUITY_PLEDGE: { description: "Equity pledge 股权质押" },
  } as const,
});

export const EnterpriseSizeEnum = builder.enumType("EnterpriseSize", {
  description: "Enterprise size (企业规模) per 工信部联企业〔2011〕300号 《中小企业划型标准规定》.",
  values: {
    MICRO: { description: "Micro 微型" },
    SMALL: { description: "Small 小型" },
    MEDIUM: { description: "Medium 中型" },
    LARGE: { description: "Large 大型" },
  } as const,
});

export const COLLATERAL_TYPES = ["CREDIT", "GUARANTEE", "REAL_ESTATE_MORTGAGE", "EQUIPMENT_MORTGAGE", "IP_PLEDGE", "RECEIVABLES_PLEDGE", "INVENTORY_PLEDGE", "EQUITY_PLEDGE"] as const;
