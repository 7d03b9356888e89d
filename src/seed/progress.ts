// The plan's end-2018 direct-financing goals and the quarterly progress reports every member
// agency and county sent the finance bureau from 2016 to 2018 (实施方案 三（四）).
import type { Agency, ListingStatus } from "../generated/prisma/client.ts";
import type { DemoData } from "./types.ts";
import type { Random } from "./random.ts";
import { PLAN_QUARTERS, SNAPSHOT, addDays, beijing, day } from "./calendar.ts";
import type { EnterpriseProfile } from "./enterprises.ts";
import { CITY, COUNTIES } from "./places.ts";
import { provenance } from "./provenance.ts";

const GOAL_SOURCE = "阳江市去杠杆实施方案 一(二)4";
const GOALS: readonly [ListingStatus, number][] = [["A_SHARE", 2], ["NEEQ", 5], ["REGIONAL_EQUITY", 15]];

export function generateGoals(): DemoData["directFinancingGoal"] {
  return GOALS.map(([board, targetCount], i) => ({
    id: i + 1,
    board,
    targetCount,
    deadline: day(2018, 12, 31),
    source: GOAL_SOURCE,
    ...provenance("FINANCE_BUREAU", beijing(day(2016, 6, 30), 10)),
  }));
}

const quarterName = (q: Date): string => `${q.getUTCFullYear()}年第${Math.floor(q.getUTCMonth() / 3) + 1}季度`;

type Summary = (rng: Random, q: Date, listed: Record<ListingStatus, number>) => string;

const CITY_AGENCIES: readonly [Agency, Summary][] = [
  ["FINANCE_BUREAU", (r, q, l) => `${quarterName(q)}，市金融局牵头召开去杠杆工作联席会议${r.int(1, 2)}次，汇总各成员单位监测数据。全市小额贷款公司、融资担保公司、融资租赁公司杠杆率保持达标；累计上市企业${l.A_SHARE}家、新三板挂牌企业${l.NEEQ}家、区域股权交易中心挂牌企业${l.REGIONAL_EQUITY}家。`],
  ["PBOC", (r, q) => `${quarterName(q)}，人行阳江市中心支行监测重点企业${r.int(180, 260)}户，其中资产负债率超过70%的${r.int(25, 48)}户，短贷长用企业${r.int(8, 20)}户；指导金融机构落实“一企一策”，推动企业发行债务融资工具${r.int(1, 6)}亿元。`],
  ["CBRC", (r, q) => `${quarterName(q)}，阳江银监分局对辖内银行业机构贷款前十大企业和前十大信贷风险企业按月监测；地方法人银行机构杠杆率${(r.real(4.3, 6.2)).toFixed(2)}%，不良贷款率${(r.real(1.2, 1.7)).toFixed(2)}%，个别农信社资本补充方案正在推进。`],
  ["DEVELOPMENT_REFORM", (r, q) => `${quarterName(q)}，市发展改革局开展企业债券存续期稽察${r.int(1, 4)}次，督促发行人按期兑付本息；更新失信联合惩戒名单${r.int(20, 90)}条，推送至公共信用信息管理系统。`],
  ["FISCAL", (r, q) => `${quarterName(q)}，市财政局将政府债务余额控制在限额以内，完成存量债务置换${r.int(3, 18)}亿元，推进${r.int(1, 4)}家融资平台公司市场化转型。`],
  ["INSURANCE_ASSOC", (r, q) => `${quarterName(q)}，辖内保险机构综合偿付能力充足率均高于100%，保险资金运用未发现高杠杆投资，开展风险排查${r.int(1, 3)}次。`],
  ["COMMERCE", (r, q) => `${quarterName(q)}，市商务局对融资租赁、商业保理企业开展风险排查，覆盖企业${r.int(3, 8)}家，未发现风险资产超过净资产10倍的情形。`],
  ["INDUSTRY_IT", (r, q) => `${quarterName(q)}，市经济和信息化局更新僵尸企业名录，本季度完成处置${r.int(1, 6)}户，推动兼并重组${r.int(0, 3)}户。`],
  ["PUBLIC_SECURITY", (r, q) => `${quarterName(q)}，市公安局立案侦办涉嫌非法集资案件${r.int(1, 5)}宗，追赃挽损${r.int(50, 900)}万元。`],
  ["MARKET_REGULATION", (r, q) => `${quarterName(q)}，市工商局排查涉嫌非法集资广告${r.int(20, 120)}条，责令整改${r.int(2, 15)}条，移送线索${r.int(0, 4)}条。`],
];

function listedBy(profiles: readonly EnterpriseProfile[], q: Date): Record<ListingStatus, number> {
  const counts: Record<ListingStatus, number> = { A_SHARE: 0, NEEQ: 0, REGIONAL_EQUITY: 0, NONE: 0 };
  for (const p of profiles) if (p.listedOn && p.listedOn.getTime() <= q.getTime()) counts[p.listing]++;
  return counts;
}

export function generateProgressReports(rng: Random, profiles: readonly EnterpriseProfile[]): DemoData["progressReport"] {
  const rows: DemoData["progressReport"] = [];
  for (const q of PLAN_QUARTERS) {
    const listed = listedBy(profiles, q);
    const submit = (agency: Agency, countyCode: string, summary: string) => {
      const submittedAt = beijing(addDays(q, rng.int(4, 12)), rng.int(9, 17));
      // The last quarter's reports are due in January, after the dataset date.
      if (submittedAt.getTime() > SNAPSHOT.getTime()) return;
      rows.push({ id: rows.length + 1, agency, countyCode, quarterEnd: q, summary, submittedAt, ...provenance(agency, submittedAt) });
    };
    for (const [agency, summary] of CITY_AGENCIES) submit(agency, CITY, summary(rng, q, listed));
    for (const county of COUNTIES) {
      submit(
        "COUNTY",
        county.code,
        `${quarterName(q)}，${county.name}落实属地管理责任，排查辖内重点企业${rng.int(30, 90)}户，协调化解信贷风险企业${rng.int(1, 5)}户，处置非法集资风险点${rng.int(0, 4)}个。`,
      );
    }
  }
  return rows;
}
