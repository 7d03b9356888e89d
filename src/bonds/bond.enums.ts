import { builder } from "../builder.ts";
import type { Agency, BondKind } from "../generated/prisma/client.ts";

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

export const BondFlowKindEnum = builder.enumType("BondFlowKind", {
  description: "What a scheduled payment pays (兑付类型).",
  values: {
    COUPON: { description: "Interest 付息" },
    PRINCIPAL: { description: "Principal 还本" },
  } as const,
});

export const PaymentOutcomeEnum = builder.enumType("PaymentOutcome", {
  description: "How a scheduled payment went (兑付结果).",
  values: {
    ON_TIME: { description: "Paid in full on or before the due date 按期足额兑付" },
    LATE: { description: "Paid after the due date 延迟兑付" },
    DEFAULT: { description: "Not paid in full: a default 违约 (未能按期足额偿付)" },
    EXTENDED: { description: "Due date extended by the holders' meeting 展期" },
  } as const,
});

export const InspectionFindingKindEnum = builder.enumType("InspectionFindingKind", {
  description: "Kind of problem a bond inspection (定期稽察) found.",
  values: {
    PROCEEDS_MISUSE: { description: "Proceeds used against their stated purpose 擅自改变募集资金用途" },
    UNDISCLOSED_RESTRUCTURING: { description: "Major restructuring not disclosed 重大资产重组未及时披露" },
    LATE_DISCLOSURE: { description: "Late disclosure 信息披露不及时" },
    REPAYMENT_SAFEGUARD: { description: "Repayment safeguards not in place 偿债保障措施不落实" },
    OTHER: { description: "Other problems 其他问题" },
  } as const,
});

/**
 * Who owns (writes) a bond of each kind: interbank instruments are registered with the PBOC,
 * exchange bonds (enterprise and corporate bonds) go through development and reform.
 */
export const BOND_OWNER: Record<BondKind, Agency> = {
  ENTERPRISE_BOND: "DEVELOPMENT_REFORM",
  CORPORATE_BOND: "DEVELOPMENT_REFORM",
  MTN: "PBOC",
  CP: "PBOC",
  SCP: "PBOC",
  ABN: "PBOC",
  COLLECTIVE_NOTE: "PBOC",
  IP_ABS: "PBOC",
};

/** Every agency that owns some kind of bond. */
export const BOND_OWNERS: Agency[] = [...new Set(Object.values(BOND_OWNER))];
