import { builder } from "../builder.ts";

export const VenueKindEnum = builder.enumType("VenueKind", {
  description: "Kind of trading venue (交易场所类型).",
  values: {
    EQUITY_EXCHANGE: { description: "Regional equity exchange centre 区域性股权交易中心" },
    FINANCIAL_ASSET_EXCHANGE: { description: "Financial-asset exchange 金融资产交易中心" },
    PROPERTY_RIGHTS_EXCHANGE: { description: "Property-rights exchange 产权交易所" },
    BULK_COMMODITY_MARKET: { description: "Bulk-commodity market 大宗商品交易市场" },
  } as const,
});

export const VenueStatusEnum = builder.enumType("VenueStatus", {
  description: "Whether a trading venue operates (经营状态).",
  values: {
    OPERATING: { description: "Operating 正常经营" },
    SUSPENDED: { description: "Suspended pending rectification 暂停业务" },
    CLOSED: { description: "Closed 已关闭" },
  } as const,
});

export const ViolationKindEnum = builder.enumType("ViolationKind", {
  description: "Kind of violation found at a trading venue (违规类型).",
  values: {
    ILLEGAL_FINANCIAL_BUSINESS: { description: "Illegal financial business 违规开展金融业务" },
    SPLIT_OR_POOLED_TRADING: { description: "Splitting rights or pooled trading 违规集合交易、拆分权益" },
    DISCLOSURE: { description: "Disclosure violation 信息披露违规" },
    INVESTOR_SUITABILITY: { description: "Investor-suitability violation 投资者适当性管理违规" },
    OTHER: { description: "Other violations 其他违规" },
  } as const,
});

export const RectificationStatusEnum = builder.enumType("RectificationStatus", {
  description: "Where a rectification order stands (整改状态).",
  values: {
    OPEN: { description: "Issued, not started 已下达" },
    IN_PROGRESS: { description: "Being rectified 整改中" },
    COMPLETED: { description: "Rectified 已整改" },
    OVERDUE: { description: "Declared overdue by the bureau 逾期未整改" },
  } as const,
});
