// The bond kinds Yangjiang issuers use: who supervises each, tenors, typical sizes, code formats
// (6-digit exchange codes, 9-digit interbank codes) and the purposes prospectuses state.
import type { Agency, BondKind } from "../generated/prisma/client.ts";

export interface BondKindSpec {
  kind: BondKind;
  weight: number;
  owner: Agency;
  /** tenor in months, or in days when below a year */
  tenors: readonly { months?: number; days?: number }[];
  /** amount range in units of 100 million yuan (亿元) */
  amount: [number, number];
  /** code prefixes; the code adds the issue year's last two digits where `yearInCode` */
  prefixes: readonly string[];
  digits: number;
  yearInCode: boolean;
  label: string;
}

export const BOND_KINDS: readonly BondKindSpec[] = [
  { kind: "ENTERPRISE_BOND", weight: 18, owner: "DEVELOPMENT_REFORM", tenors: [{ months: 60 }, { months: 72 }, { months: 84 }], amount: [3, 15], prefixes: ["127", "152", "184"], digits: 3, yearInCode: false, label: "债" },
  { kind: "CORPORATE_BOND", weight: 18, owner: "DEVELOPMENT_REFORM", tenors: [{ months: 36 }, { months: 48 }, { months: 60 }], amount: [2, 10], prefixes: ["163", "175", "188"], digits: 3, yearInCode: false, label: "" },
  { kind: "MTN", weight: 20, owner: "PBOC", tenors: [{ months: 36 }, { months: 60 }], amount: [3, 10], prefixes: ["102"], digits: 4, yearInCode: true, label: "MTN" },
  { kind: "CP", weight: 10, owner: "PBOC", tenors: [{ months: 12 }], amount: [1, 5], prefixes: ["041"], digits: 4, yearInCode: true, label: "CP" },
  { kind: "SCP", weight: 14, owner: "PBOC", tenors: [{ days: 90 }, { days: 180 }, { days: 270 }], amount: [1, 5], prefixes: ["012"], digits: 4, yearInCode: true, label: "SCP" },
  { kind: "ABN", weight: 7, owner: "PBOC", tenors: [{ months: 12 }, { months: 24 }, { months: 36 }], amount: [0.5, 5], prefixes: ["082"], digits: 4, yearInCode: true, label: "ABN" },
  { kind: "COLLECTIVE_NOTE", weight: 6, owner: "PBOC", tenors: [{ months: 24 }, { months: 36 }], amount: [0.3, 2], prefixes: ["032"], digits: 4, yearInCode: true, label: "SMECN" },
  { kind: "IP_ABS", weight: 7, owner: "PBOC", tenors: [{ months: 12 }, { months: 24 }, { months: 36 }], amount: [0.3, 3], prefixes: ["083"], digits: 4, yearInCode: true, label: "知识产权ABN" },
];

export const BOND_PURPOSES: Record<BondKind, readonly string[]> = {
  ENTERPRISE_BOND: ["阳江港海陵湾港区配套基础设施建设", "城市棚户区改造项目", "产业园区标准厂房建设", "城乡供水一体化工程", "偿还项目贷款及补充营运资金"],
  CORPORATE_BOND: ["偿还公司债务", "补充流动资金", "偿还有息债务及补充营运资金", "生产线技术改造项目"],
  MTN: ["偿还金融机构借款", "补充营运资金", "置换存量有息债务"],
  CP: ["补充流动资金", "偿还到期债务融资工具"],
  SCP: ["偿还到期债务融资工具", "补充流动资金", "偿还银行借款"],
  ABN: ["以应收账款为基础资产盘活存量资产", "以收费收益权为基础资产融资"],
  COLLECTIVE_NOTE: ["中小企业补充流动资金", "偿还银行借款"],
  IP_ABS: ["以知识产权许可使用费为基础资产，支持研发投入", "科技型中小企业研发及补充流动资金"],
};

/** Coupon levels by issue year: rates fell through 2016 and rose again with the 2017–2018 deleveraging. */
export const BASE_COUPON: Record<number, number> = { 2014: 0.065, 2015: 0.057, 2016: 0.043, 2017: 0.052, 2018: 0.058 };
