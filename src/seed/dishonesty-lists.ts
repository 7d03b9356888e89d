// The five dishonesty lists: who puts a subject on each (court, bankers' association, fundraising
// office, tax bureau, market regulator), in what document-number format, for how long and why;
// and the joint-punishment measures agencies apply to listed subjects.
import type { Agency, DishonestyList, PunishmentMeasure, SubjectType } from "../generated/prisma/client.ts";
import type { Random } from "./random.ts";
import { CITY_PLACE, place } from "./places.ts";

export interface ListSpec {
  enterpriseWeight: number;
  personWeight: number;
  /** years until the record leaves the list; null = until the obligation is met */
  years: (rng: Random) => number | null;
  issuer: (rng: Random, county: string) => { sourceAgency: string; decidedBy: string; series: string; format: (year: number, n: number) => string };
  reasons: readonly ((rng: Random) => string)[];
}

const wan = (rng: Random, lo: number, hi: number): string => `${rng.int(lo, hi)}万元`;

export const LISTS: Record<DishonestyList, ListSpec> = {
  COURT_JUDGMENT_DEBTOR: {
    enterpriseWeight: 45,
    personWeight: 70,
    years: (rng) => (rng.chance(0.6) ? null : rng.pick([2, 3])),
    issuer: (rng, county) => {
      const court = rng.chance(0.8) ? place(county) : CITY_PLACE;
      return {
        sourceAgency: court.court,
        decidedBy: `${court.court}执行局`,
        series: court.courtCode,
        format: (year, n) => `(${year})${court.courtCode}执${n}号`,
      };
    },
    reasons: [
      (r) => `有履行能力而拒不履行生效法律文书确定的给付义务，执行标的${wan(r, 5, 3000)}`,
      () => "以隐匿、转移财产等方法规避执行",
      () => "违反财产报告制度，拒不报告财产状况",
      () => "违反限制消费令",
    ],
  },
  DEBT_EVASION: {
    enterpriseWeight: 12,
    personWeight: 8,
    years: () => 5,
    issuer: () => ({
      sourceAgency: "阳江市银行业协会",
      decidedBy: "阳江市银行业金融机构债权人委员会",
      series: "debt",
      format: (year, n) => `阳银协逃废〔${year}〕${n}号`,
    }),
    reasons: [
      (r) => `恶意逃废银行债务，逾期本息合计${wan(r, 50, 8000)}拒不偿还`,
      () => "通过关联交易转移资产逃避银行债务",
      () => "假借企业改制悬空银行债务",
    ],
  },
  ILLEGAL_FUNDRAISING: {
    enterpriseWeight: 4,
    personWeight: 7,
    years: () => 5,
    issuer: () => ({
      sourceAgency: "阳江市防范和处置非法集资工作领导小组办公室",
      decidedBy: "阳江市金融工作局",
      series: "fund",
      format: (year, n) => `阳处非认〔${year}〕${n}号`,
    }),
    reasons: [(r) => `参与非法吸收公众存款，涉案金额${wan(r, 100, 20000)}`, () => "以高额回报为诱饵向社会公众集资，经认定为非法集资"],
  },
  TAX_VIOLATION: {
    enterpriseWeight: 20,
    personWeight: 5,
    years: () => 3,
    issuer: () => ({
      sourceAgency: "国家税务总局阳江市税务局",
      decidedBy: "国家税务总局阳江市税务局稽查局",
      series: "tax",
      format: (year, n) => `阳税稽罚〔${year}〕${n}号`,
    }),
    reasons: [
      (r) => `虚开增值税专用发票，涉及税额${wan(r, 20, 2000)}`,
      (r) => `采取虚假申报手段少缴税款${wan(r, 100, 3000)}，经税务机关追缴仍不缴纳`,
      () => "骗取出口退税",
    ],
  },
  SERIOUS_VIOLATION: {
    enterpriseWeight: 19,
    personWeight: 10,
    years: () => 3,
    issuer: () => ({
      sourceAgency: "阳江市市场监督管理局",
      decidedBy: "阳江市市场监督管理局",
      series: "market",
      format: (year, n) => `阳市监严违〔${year}〕${n}号`,
    }),
    reasons: [
      () => "被列入经营异常名录届满3年仍未履行相关义务",
      () => "提交虚假材料取得公司登记，被撤销登记",
      () => "因产品质量违法行为受到较重行政处罚",
      () => "因食品安全违法行为受到较重行政处罚",
    ],
  },
};

export const LIST_KEYS = Object.keys(LISTS) as DishonestyList[];

export const MEASURES: Record<SubjectType, readonly (readonly [Agency, PunishmentMeasure])[]> = {
  ENTERPRISE: [
    ["PBOC", "RESTRICT_FINANCING"],
    ["CBRC", "RESTRICT_FINANCING"],
    ["DEVELOPMENT_REFORM", "RESTRICT_BIDDING"],
    ["DEVELOPMENT_REFORM", "RESTRICT_FINANCING"],
    ["FISCAL", "RESTRICT_SUBSIDIES"],
    ["MARKET_REGULATION", "ENHANCED_SUPERVISION"],
    ["COMMERCE", "ENHANCED_SUPERVISION"],
  ],
  PERSON: [
    ["CBRC", "RESTRICT_FINANCING"],
    ["MARKET_REGULATION", "RESTRICT_OFFICE"],
    ["PUBLIC_SECURITY", "RESTRICT_HIGH_CONSUMPTION"],
    ["DEVELOPMENT_REFORM", "RESTRICT_HIGH_CONSUMPTION"],
    ["FISCAL", "RESTRICT_SUBSIDIES"],
  ],
};
