// The watch lines (监管红线) indicators are judged against, each with its legal source: the plan's
// own thresholds and the national rules it cites. The bank NPL line is dated: "below the
// national average" means below last year-end's published figure.
import type { Comparator, IndicatorKind, InstitutionKind } from "../generated/prisma/client.ts";
import type { DemoData } from "./types.ts";
import { beijing, day } from "./calendar.ts";
import { ratio } from "./numbers.ts";
import { LOCAL_BANK_KINDS } from "./institutions.ts";
import { provenance } from "./provenance.ts";

const SEED_PLAN = "《阳江市供给侧结构性改革去杠杆行动计划（2016-2018年）实施方案》";

// Commercial banks' NPL ratio at each year end of the plan period and the year before it, as the
// regulator published it (CBRC/CBIRC statistics, each February). A line holds for the periods of
// its year: a bank's NPL ratio at a period end is judged against the national figure of that
// year's end, which is how "below the national average at end-2018" reads.
export const NATIONAL_NPL: readonly [year: number, value: number, publisher: string, published: Date][] = [
  [2015, 0.0167, "原中国银监会", day(2016, 2, 20)],
  [2016, 0.0174, "原中国银监会", day(2017, 2, 20)],
  [2017, 0.0174, "原中国银监会", day(2018, 2, 20)],
  [2018, 0.0183, "原中国银保监会", day(2019, 2, 20)],
];

interface LineSpec {
  indicator: IndicatorKind;
  kinds: readonly InstitutionKind[];
  comparator: Comparator;
  threshold: number;
  legalSource: string;
  note?: string;
}

const FIXED_LINES: readonly LineSpec[] = [
  {
    indicator: "LEVERAGE_RATIO",
    kinds: LOCAL_BANK_KINDS,
    comparator: "AT_LEAST",
    threshold: 0.04,
    legalSource: `${SEED_PLAN}一（二）1：地方法人银行机构杠杆率达到银监会规定的4%的监管最低要求；《商业银行杠杆率管理办法（修订）》（银监会令2015年第1号）第三条`,
  },
  {
    indicator: "LIQUIDITY_RATIO",
    kinds: LOCAL_BANK_KINDS,
    comparator: "AT_LEAST",
    threshold: 0.25,
    legalSource: `${SEED_PLAN}一（二）2：防范流动性风险；《商业银行流动性风险管理办法（试行）》（银监会令2015年第9号）、《商业银行流动性风险管理办法》（银保监会令2018年第3号）：流动性比例不低于25%`,
  },
  {
    indicator: "SINGLE_CUSTOMER_CONCENTRATION",
    kinds: LOCAL_BANK_KINDS,
    comparator: "AT_MOST",
    threshold: 0.1,
    legalSource: "《中华人民共和国商业银行法》第三十九条：对同一借款人的贷款余额与商业银行资本余额的比例不得超过百分之十；《商业银行风险监管核心指标（试行）》：单一客户贷款集中度不高于10%",
  },
  {
    indicator: "NET_CAPITAL_TO_RISK_RESERVES",
    kinds: ["SECURITIES", "FUTURES"],
    comparator: "AT_LEAST",
    threshold: 1,
    legalSource: `${SEED_PLAN}一（二）1：证券、期货机构净资本/各项风险资本准备之和不低于100%；《证券公司风险控制指标管理办法》（证监会令第125号）`,
  },
  {
    indicator: "NET_CAPITAL_TO_NET_ASSETS",
    kinds: ["SECURITIES", "FUTURES"],
    comparator: "AT_LEAST",
    threshold: 0.4,
    legalSource: `${SEED_PLAN}一（二）1：证券、期货机构净资本/净资产不低于40%；《证券公司风险控制指标管理办法》（证监会令第125号）`,
  },
  {
    indicator: "COMPREHENSIVE_SOLVENCY",
    kinds: ["INSURER"],
    comparator: "AT_LEAST",
    threshold: 1,
    legalSource: `${SEED_PLAN}一（二）1：保险公司偿付能力有效提升；中国风险导向的偿付能力体系（C-ROSS，偿二代）：综合偿付能力充足率不低于100%`,
  },
  {
    indicator: "CORE_SOLVENCY",
    kinds: ["INSURER"],
    comparator: "AT_LEAST",
    threshold: 0.5,
    legalSource: `${SEED_PLAN}一（二）1：保险公司偿付能力有效提升；中国风险导向的偿付能力体系（C-ROSS，偿二代）：核心偿付能力充足率不低于50%`,
  },
  {
    indicator: "BANK_FUNDING_TO_NET_CAPITAL",
    kinds: ["SMALL_LOAN"],
    comparator: "AT_MOST",
    threshold: 0.5,
    legalSource: "《关于小额贷款公司试点的指导意见》（银监发〔2008〕23号）：从银行业金融机构获得融入资金的余额，不得超过资本净额的50%",
  },
  {
    indicator: "GUARANTEE_LIABILITY_MULTIPLE",
    kinds: ["FINANCING_GUARANTEE"],
    comparator: "AT_MOST",
    threshold: 10,
    legalSource: "《融资担保公司监督管理条例》（国务院令第683号）第十五条：融资担保责任余额不得超过其净资产的10倍",
  },
  {
    indicator: "RISK_ASSET_MULTIPLE",
    kinds: ["FINANCING_LEASING"],
    comparator: "AT_MOST",
    threshold: 10,
    legalSource: "《融资租赁企业监督管理办法》（商务部 商流通发〔2013〕337号）第二十六条：风险资产不得超过净资产总额的10倍",
  },
];

export function generateWatchLines(): DemoData["watchLine"] {
  const rows: DemoData["watchLine"] = [];
  const push = (line: LineSpec, effectiveFrom: Date, effectiveTo: Date | null, reportedAt: Date) =>
    rows.push({
      id: rows.length + 1,
      indicator: line.indicator,
      institutionKinds: [...line.kinds],
      comparator: line.comparator,
      threshold: ratio(line.threshold),
      effectiveFrom,
      effectiveTo,
      legalSource: line.legalSource,
      note: line.note ?? null,
      ...provenance("FINANCE_BUREAU", reportedAt),
    });
  const planAdopted = beijing(day(2016, 6, 30), 10);
  // the amended leverage rule (银监会令2015年第1号) is in force from 2015-04-01
  push(FIXED_LINES[0]!, day(2015, 4, 1), null, planAdopted);
  NATIONAL_NPL.forEach(([year, value, publisher, published], i) => {
    const percent = (value * 100).toFixed(2);
    push(
      {
        indicator: "NPL_RATIO",
        // the banks that report an NPL ratio; the city's whole book (branches too) is judged by the
        // same figure in seed:check and docs/demo-data.md
        kinds: LOCAL_BANK_KINDS,
        comparator: "BELOW",
        threshold: value,
        legalSource: `${SEED_PLAN}一（二）3：全市银行机构不良贷款占比保持低于全国平均水平；全国平均水平取${publisher}公布的${year}年末商业银行不良贷款率${percent}%`,
        note: `${year}年末全国商业银行不良贷款率${percent}%`,
      },
      day(year, 1, 1),
      // the latest stays open until next year's figure is added (upsertWatchLine closes it)
      i + 1 < NATIONAL_NPL.length ? day(year, 12, 31) : null,
      // The end-2018 figure was published in February 2019, after the dataset date; it is the one
      // row of the demo reported after AS_OF, kept because the plan's last check needs it.
      beijing(published, 10),
    );
  });
  for (const line of FIXED_LINES.slice(1)) push(line, day(2016, 1, 1), null, planAdopted);
  // Enterprises are not institutions: an empty kind list marks the line for enterprise statements.
  // 流动性匹配率 is binding from 2020 (monitored until then): the line is dated accordingly, so the
  // demo's values below 100% are shown but are not breaches in 2015–2018.
  push(
    {
      indicator: "LIQUIDITY_MATCHING_RATIO",
      kinds: [...LOCAL_BANK_KINDS],
      comparator: "AT_LEAST",
      threshold: 1,
      legalSource: `${SEED_PLAN}一（二）2：防范期限错配风险；《商业银行流动性风险管理办法》（银保监会令2018年第3号）：流动性匹配率不低于100%，自2020年1月1日起执行，此前为监测指标`,
      note: "2019年底前为监测指标",
    },
    day(2020, 1, 1),
    null,
    beijing(day(2018, 7, 1), 10),
  );
  push(
    {
      indicator: "ENTERPRISE_ASSET_LIABILITY_RATIO",
      kinds: [],
      comparator: "AT_MOST",
      threshold: 0.7,
      legalSource: `${SEED_PLAN}二（一）4：重点关注资产负债率超过70%、短贷长用、民间借贷额高、关联企业互保的企业`,
    },
    day(2016, 1, 1),
    null,
    planAdopted,
  );
  return rows;
}
