import { builder } from "../builder.ts";

export const AgencyEnum = builder.enumType("Agency", {
  description: "An agency of the deleveraging plan (去杠杆联动工作机制成员单位): the owners and readers of the shared data.",
  values: {
    FINANCE_BUREAU: { description: "Municipal Financial Work Bureau 市金融局 (lead and coordinator)" },
    PBOC: { description: "PBOC Yangjiang Central Sub-branch 人行阳江市中心支行" },
    CBRC: { description: "Banking regulator, Yangjiang sub-bureau 阳江银监分局" },
    DEVELOPMENT_REFORM: { description: "Development and Reform Bureau 市发展改革局" },
    FISCAL: { description: "Finance (fiscal) Bureau incl. state-asset office 市财政局（国资委）" },
    INSURANCE_ASSOC: { description: "Insurance industry association 市保险行业协会" },
    COMMERCE: { description: "Commerce Bureau 市商务局" },
    INDUSTRY_IT: { description: "Economy and IT Bureau 市经济和信息化局" },
    PUBLIC_SECURITY: { description: "Public Security Bureau 市公安局" },
    MARKET_REGULATION: { description: "Market regulation (business registration) 市工商局" },
    COUNTY: { description: "A county government 县（市、区）政府; reads only its own jurisdiction" },
    CREDIT_PLATFORM: { description: "The city's public credit information system 公共信用信息管理系统 (a machine client)" },
  } as const,
});
