import { builder } from "../builder.ts";

export const BondKindEnum = builder.enumType("BondKind", {
  description: "Kind of debt instrument (债券品种).",
  values: {
    ENTERPRISE_BOND: { description: "Enterprise bond 企业债 (approved by development and reform)" },
    CORPORATE_BOND: { description: "Corporate bond 公司债" },
    MTN: { description: "Medium-term note 中期票据 (interbank)" },
    CP: { description: "Commercial paper 短期融资券 (interbank)" },
    SCP: { description: "Super-short commercial paper 超短期融资券 (interbank)" },
    ABN: { description: "Asset-backed note 资产支持票据 (interbank)" },
    COLLECTIVE_NOTE: { description: "Collective note or bond 集合票据/集合债券" },
    IP_ABS: { description: "Intellectual-property securitisation 知识产权证券化" },
  } as const,
});

export const BondStatusEnum = builder.enumType("BondStatus", {
  description: "Where a bond stands (债券状态).",
  values: {
    OUTSTANDING: { description: "Outstanding 存续" },
    REPAID: { description: "Fully repaid 已兑付" },
    DEFAULTED: { description: "In default 违约" },
  } as const,
});
