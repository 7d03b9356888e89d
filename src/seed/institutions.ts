// The financial institutions of Yangjiang: the lending banks and the regulated non-banks. Fixed
// (not scaled): a city has the institutions it has. Each carries the indicator profile the
// indicator generator follows, including the few that breach a watch line.
import type { Agency, InstitutionKind } from "../generated/prisma/client.ts";
import type { DemoData } from "./types.ts";
import { beijing, day } from "./calendar.ts";
import { JIANGCHENG, YANGCHUN, YANGDONG, YANGXI } from "./places.ts";
import { provenance } from "./provenance.ts";

export interface InstitutionSpec {
  name: string;
  kind: InstitutionKind;
  code: string;
  countyCode: string;
  /** latin abbreviation, used in loan and guarantee contract numbers */
  abbr?: string;
  /** relative share of the city's loans (banks only) */
  lendingWeight?: number;
  /** a watch-line breach this institution shows in some quarters */
  breach?: "LEVERAGE" | "NPL" | "BANK_FUNDING" | "GUARANTEE_MULTIPLE";
  /**
   * 资本净额 of a local legal-person bank, yuan (a rural bank of this size holds a few billion).
   * Not in the schema: the loan generator keeps every borrower within 10% of it (商业银行法 第三十九条)
   * and the bank's reported single-customer concentration is computed from it. It does not scale:
   * a bank has the capital it has, whatever the size of the demo.
   */
  netCapital?: number;
  /** the NPL ratio of the bank's loan book at AS_OF the loan generator aims for */
  nplTarget?: [number, number];
}

const bank = (name: string, abbr: string, hq: string, lendingWeight: number, countyCode = JIANGCHENG): InstitutionSpec => ({
  name,
  kind: "COMMERCIAL_BANK_BRANCH",
  // 金融许可证机构编码 style: institution type B, head-office code, branch type H, region.
  code: `B${hq}H244170001`,
  countyCode,
  abbr,
  lendingWeight,
});

export const INSTITUTIONS: readonly InstitutionSpec[] = [
  bank("中国工商银行股份有限公司阳江分行", "ICBC", "0001", 12),
  bank("中国农业银行股份有限公司阳江分行", "ABC", "0002", 12),
  bank("中国银行股份有限公司阳江分行", "BOC", "0003", 10),
  bank("中国建设银行股份有限公司阳江市分行", "CCB", "0004", 12),
  bank("交通银行股份有限公司阳江分行", "BOCOM", "0005", 5),
  bank("中国邮政储蓄银行股份有限公司阳江市分行", "PSBC", "0018", 6),
  bank("招商银行股份有限公司阳江分行", "CMB", "0011", 4),
  bank("中信银行股份有限公司阳江分行", "CITIC", "0006", 3),
  bank("广发银行股份有限公司阳江分行", "CGB", "0014", 3),
  bank("兴业银行股份有限公司阳江分行", "CIB", "0013", 3),
  bank("中国光大银行股份有限公司阳江分行", "CEB", "0007", 3),
  { name: "广东阳江农村商业银行股份有限公司", kind: "LOCAL_LEGAL_PERSON_BANK", code: "B1218H244170001", countyCode: JIANGCHENG, abbr: "YJRCB", lendingWeight: 10, breach: "NPL", netCapital: 3.6e9, nplTarget: [0.0205, 0.0225] },
  { name: "广东阳春农村商业银行股份有限公司", kind: "LOCAL_LEGAL_PERSON_BANK", code: "B1219H244178101", countyCode: YANGCHUN, abbr: "YCRCB", lendingWeight: 5, netCapital: 1.9e9, nplTarget: [0.013, 0.016] },
  { name: "阳西县农村信用合作联社", kind: "RURAL_CREDIT_COOP", code: "D1127U244172101", countyCode: YANGXI, abbr: "YXRCC", lendingWeight: 3, breach: "LEVERAGE", netCapital: 0.75e9, nplTarget: [0.015, 0.017] },
  { name: "阳江市阳东区农村信用合作联社", kind: "RURAL_CREDIT_COOP", code: "D1128U244170401", countyCode: YANGDONG, abbr: "YDRCC", lendingWeight: 3, netCapital: 0.9e9, nplTarget: [0.012, 0.015] },
  { name: "广发证券股份有限公司阳江东风三路证券营业部", kind: "SECURITIES", code: "Z11044170001", countyCode: JIANGCHENG },
  { name: "招商证券股份有限公司阳江漠阳路证券营业部", kind: "SECURITIES", code: "Z11344170002", countyCode: JIANGCHENG },
  { name: "广发期货有限公司阳江营业部", kind: "FUTURES", code: "Q10244170001", countyCode: JIANGCHENG },
  { name: "金瑞期货股份有限公司阳江营业部", kind: "FUTURES", code: "Q10944170002", countyCode: JIANGCHENG },
  { name: "中国人民财产保险股份有限公司阳江市分公司", kind: "INSURER", code: "000002441700", countyCode: JIANGCHENG },
  { name: "中国人寿保险股份有限公司阳江分公司", kind: "INSURER", code: "000005441700", countyCode: JIANGCHENG },
  { name: "中国平安财产保险股份有限公司阳江中心支公司", kind: "INSURER", code: "000011441700", countyCode: JIANGCHENG },
  { name: "中国太平洋人寿保险股份有限公司阳江中心支公司", kind: "INSURER", code: "000013441700", countyCode: JIANGCHENG },
  { name: "新华人寿保险股份有限公司阳江中心支公司", kind: "INSURER", code: "000016441700", countyCode: JIANGCHENG },
  { name: "中华联合财产保险股份有限公司阳江中心支公司", kind: "INSURER", code: "000026441700", countyCode: JIANGCHENG },
  { name: "阳江市江城区汇通小额贷款有限公司", kind: "SMALL_LOAN", code: "XD441702001", countyCode: JIANGCHENG, breach: "BANK_FUNDING" },
  { name: "阳江市江城区恒信小额贷款股份有限公司", kind: "SMALL_LOAN", code: "XD441702002", countyCode: JIANGCHENG },
  { name: "阳江市阳东区广信小额贷款有限公司", kind: "SMALL_LOAN", code: "XD441704001", countyCode: YANGDONG },
  { name: "阳江市阳东区金鼎小额贷款有限公司", kind: "SMALL_LOAN", code: "XD441704002", countyCode: YANGDONG },
  { name: "阳西县汇丰源小额贷款有限公司", kind: "SMALL_LOAN", code: "XD441721001", countyCode: YANGXI },
  { name: "阳西县海丰小额贷款有限公司", kind: "SMALL_LOAN", code: "XD441721002", countyCode: YANGXI },
  { name: "阳春市春城小额贷款有限公司", kind: "SMALL_LOAN", code: "XD441781001", countyCode: YANGCHUN },
  { name: "阳春市联创小额贷款有限公司", kind: "SMALL_LOAN", code: "XD441781002", countyCode: YANGCHUN },
  { name: "阳江市融资担保有限公司", kind: "FINANCING_GUARANTEE", code: "RD441700001", countyCode: JIANGCHENG },
  { name: "阳江市中小企业融资担保有限公司", kind: "FINANCING_GUARANTEE", code: "RD441700002", countyCode: JIANGCHENG, breach: "GUARANTEE_MULTIPLE" },
  { name: "阳东区信达融资担保有限公司", kind: "FINANCING_GUARANTEE", code: "RD441704001", countyCode: YANGDONG },
  { name: "阳西县中小企业融资担保有限公司", kind: "FINANCING_GUARANTEE", code: "RD441721001", countyCode: YANGXI },
  { name: "阳春市农业融资担保有限公司", kind: "FINANCING_GUARANTEE", code: "RD441781001", countyCode: YANGCHUN },
  { name: "阳江市海丝融资租赁有限公司", kind: "FINANCING_LEASING", code: "ZL441700001", countyCode: JIANGCHENG },
  { name: "广东阳江港航融资租赁有限公司", kind: "FINANCING_LEASING", code: "ZL441700002", countyCode: JIANGCHENG },
  { name: "阳江市恒富融资租赁有限公司", kind: "FINANCING_LEASING", code: "ZL441704001", countyCode: YANGDONG },
];

export { BANK_KINDS, LOCAL_FINANCIAL_KINDS, LOCAL_BANK_KINDS } from "../institutions/indicator-rules.ts";
import { BANK_KINDS } from "../institutions/indicator-rules.ts";

/**
 * The smallest head-office 资本净额 among the national banks with a Yangjiang branch, yuan: every
 * one of them held more than ¥2,000亿 at end-2018 (annual reports). Their 10% single-borrower
 * limit applies at head office, where a Yangjiang borrower is far from it; seed:check proves it.
 */
export const NATIONAL_BANK_NET_CAPITAL_FLOOR = 2e11;
/** the NPL ratio aimed for in a national bank branch's Yangjiang book */
export const BRANCH_NPL_TARGET: [number, number] = [0.009, 0.016];
/** a local bank's largest borrower stays below this share of its net capital (the limit is 10%) */
export const SINGLE_BORROWER_CAP = 0.095;

export const isBank = (kind: InstitutionKind): boolean => BANK_KINDS.includes(kind);

/** Which agency reports and owns an institution's data (see DOMAIN.md §5). */
export function institutionOwner(kind: InstitutionKind): Agency {
  if (isBank(kind)) return "CBRC";
  if (kind === "INSURER") return "INSURANCE_ASSOC";
  return "FINANCE_BUREAU";
}

/** Ids are positions in INSTITUTIONS (1-based), so banks are 1–15 at every scale. */
export function institutionRows(): DemoData["institution"] {
  const reportedAt = beijing(day(2016, 3, 31), 10);
  return INSTITUTIONS.map((spec, i) => ({
    id: i + 1,
    code: spec.code,
    name: spec.name,
    kind: spec.kind,
    countyCode: spec.countyCode,
    retiredAt: null,
    ...provenance(institutionOwner(spec.kind), reportedAt),
  }));
}

export interface Lender {
  id: number;
  spec: InstitutionSpec;
}

export const LENDERS: readonly Lender[] = INSTITUTIONS.map((spec, i) => ({ id: i + 1, spec })).filter((l) => isBank(l.spec.kind));
