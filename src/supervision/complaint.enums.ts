import { builder } from "../builder.ts";

export const ComplaintChannelEnum = builder.enumType("ComplaintChannel", {
  description: "How a complaint arrived (受理渠道).",
  values: {
    HOTLINE: { description: "Hotline 热线电话 (12363, 12378…)" },
    LETTER: { description: "Letter 信函" },
    VISIT: { description: "In person 来访" },
    ONLINE: { description: "Online 网络平台" },
    REFERRAL: { description: "Referred by another body 转办" },
  } as const,
});

export const ComplaintCategoryEnum = builder.enumType("ComplaintCategory", {
  description: "What a complaint is about (投诉类别).",
  values: {
    MIS_SELLING: { description: "Mis-selling of products 违规销售" },
    FEES: { description: "Charges 乱收费" },
    ILLEGAL_FUNDRAISING: { description: "Suspected illegal fundraising 涉嫌非法集资" },
    DEBT_COLLECTION: { description: "Debt collection 催收" },
    SERVICE: { description: "Service 服务质量" },
    OTHER: { description: "Other 其他" },
  } as const,
});

export const ComplaintStatusEnum = builder.enumType("ComplaintStatus", {
  description: "Where a complaint stands (办理状态).",
  values: {
    RECEIVED: { description: "Received 已受理" },
    IN_PROGRESS: { description: "Being handled 办理中" },
    HANDLED: { description: "Handled 已办结" },
    UNFOUNDED: { description: "Found unfounded 不予支持" },
  } as const,
});
