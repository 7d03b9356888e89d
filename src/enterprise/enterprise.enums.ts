import { builder } from "../builder.ts";

export const ListingStatusEnum = builder.enumType("ListingStatus", {
  description: "Where an enterprise's shares are listed (上市挂牌情况).",
  values: {
    A_SHARE: { description: "Listed on an A-share exchange (A股上市)" },
    NEEQ: { description: "Quoted on the National Equities Exchange and Quotations (新三板挂牌)" },
    REGIONAL_EQUITY: { description: "Listed on the regional equity centre (区域股权交易中心挂牌)" },
    NONE: { description: "Not listed (未上市挂牌)" },
  } as const,
});

export const KeyIndustryEnum = builder.enumType("KeyIndustry", {
  description: "The city's key emerging industries named by the plan (市属重点新兴产业).",
  values: {
    NICKEL_ALLOY: { description: "Nickel alloy 镍合金" },
    YACHT: { description: "Yacht manufacturing 游艇制造" },
    NEW_BUILDING_MATERIALS: { description: "New building materials 新型建材" },
    MARINE_EQUIPMENT: { description: "Marine equipment 海洋装备" },
    POWER_ENERGY: { description: "Power and energy 电力能源" },
  } as const,
});
