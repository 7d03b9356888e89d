// Enums of the risk-disposal records (their Prisma enums, with the plan's Chinese terms).
import { builder } from "../builder.ts";

export const TrustProductKindEnum = builder.enumType("TrustProductKind", {
  description: "Kind of product (产品类型).",
  values: {
    TRUST_PLAN: { description: "Trust plan 信托计划" },
    PRIVATE_ASSET_MANAGEMENT: { description: "Private asset-management product 私募资产管理产品" },
  } as const,
});

export const TrustProductStatusEnum = builder.enumType("TrustProductStatus", {
  description: "Where a product's repayment problem stands (兑付状态).",
  values: {
    OVERDUE: { description: "Overdue, not repaid 逾期未兑付" },
    EXTENDED: { description: "Extended by agreement 展期" },
    IN_DISPOSAL: { description: "Being disposed of (一项目一对策) 处置中" },
    RESOLVED: { description: "Repaid or otherwise resolved 已化解" },
  } as const,
});

export const NplDisposalMethodEnum = builder.enumType("NplDisposalMethod", {
  description: "How non-performing loans were disposed of (不良贷款处置方式, plan 二(四)2).",
  values: {
    WRITE_OFF: { description: "Written off 核销" },
    BATCH_TRANSFER: { description: "Transferred in bulk to an asset-management company 批量转让" },
    SECURITISATION: { description: "Securitised 不良资产证券化" },
    RESTRUCTURING: { description: "Restructured 盘活重整" },
    COLLECTION: { description: "Collected 清收" },
  } as const,
});

export const ZombieAssetKindEnum = builder.enumType("ZombieAssetKind", {
  description: "What a zombie enterprise lists for transfer (资产类型).",
  values: {
    EQUITY: { description: "Equity 股权" },
    REAL_ESTATE: { description: "Real estate 房产" },
    EQUIPMENT: { description: "Equipment 设备" },
    LAND_USE_RIGHT: { description: "Land use right 土地使用权" },
  } as const,
});

export const ZombieAssetStatusEnum = builder.enumType("ZombieAssetStatus", {
  description: "Where a listing stands (挂牌状态).",
  values: {
    LISTED: { description: "Listed 挂牌中" },
    TRANSACTED: { description: "Transacted 已成交" },
    WITHDRAWN: { description: "Withdrawn 已撤牌" },
  } as const,
});
