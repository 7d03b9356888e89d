// Illegal-fundraising clues (非法集资线索): reports with a rewarded informant, monitoring and
// advertising checks, referrals; the older ones have become criminal cases.
import type { ClueSource, ClueStatus } from "../generated/prisma/client.ts";
import type { DemoData } from "./types.ts";
import { type Random, WeightedIndex } from "./random.ts";
import { AS_OF, addDays, beijing, dateBetween, day, daysBetween, maxDate, notAfterSnapshot, yearOf } from "./calendar.ts";
import { DocumentCounter } from "./ids.ts";
import { clamp, roundYuan, scaled } from "./numbers.ts";
import type { EnterpriseProfile } from "./enterprises.ts";
import { brand, personName } from "./names.ts";
import type { PersonBook } from "./persons.ts";
import { COUNTY_CODES, COUNTY_WEIGHTS } from "./places.ts";
import { provenance } from "./provenance.ts";

const SCHEMES = [
  "以高额回报为诱饵，通过微信群、熟人介绍向社会不特定公众吸收资金",
  "以投资养老公寓、预售床位为名，承诺还本付息吸收老年人资金",
  "以虚拟货币挖矿、区块链项目为名，发展下线收取“入会费”",
  "以农民专业合作社入股分红为名，向社员以外人员吸收资金",
  "以私募股权基金为名，承诺保本保息并向不合格投资者公开募集",
  "以消费返利、购物返现为名，诱导公众充值投资",
  "以刀剪产业链项目融资为名，向员工及亲友借款并承诺月息2分",
  "以海水养殖合作经营为名，承诺固定收益吸收资金",
];

const FRONTS = ["投资咨询工作室", "财富管理中心", "养老服务合作社", "农业专业合作社", "互联网金融信息服务平台", "区块链科技工作室"];

export function generateFundraising(rng: Random, scale: number, profiles: readonly EnterpriseProfile[], persons: PersonBook): DemoData["fundraisingClue"] {
  const suspectPicker = new WeightedIndex(
    profiles.map((p) => (p.platform !== null ? 0 : 0.2 + (p.privateLendingShare > 0.1 ? 5 : 0) + (p.zombie ? 2 : 0) + (p.industryCode === "L72" ? 2 : 0))),
  );
  const numbers = new DocumentCounter(rng);
  const drafts = Array.from({ length: scaled(100, scale, 8) }, () => ({
    receivedOn: dateBetween(rng, day(2015, 1, 5), addDays(AS_OF, -2)),
    source: rng.choose([["REPORT", 60], ["MONITORING", 20], ["ADVERTISING_CHECK", 10], ["REFERRAL", 10]] as const) as ClueSource,
  }));
  drafts.sort((a, b) => a.receivedOn.getTime() - b.receivedOn.getTime());

  return drafts.map(({ receivedOn, source }, i) => {
    let suspectName: string;
    let suspectEnterpriseId: number | null = null;
    let countyCode: string;
    if (rng.chance(0.4)) {
      const p = profiles[suspectPicker.draw(rng)]!;
      suspectName = p.name;
      suspectEnterpriseId = p.id;
      countyCode = p.countyCode;
    } else {
      countyCode = rng.weighted(COUNTY_CODES, COUNTY_CODES.map((c) => COUNTY_WEIGHTS[c]!));
      suspectName = rng.chance(0.5) ? `${brand(rng)}${rng.pick(FRONTS)}（未登记）` : `${personName(rng, rng.chance(0.3)).slice(0, 1)}某某等人`;
    }
    // the older the clue, the further it has gone
    const age = daysBetween(receivedOn, AS_OF);
    let status: ClueStatus =
      age > 720
        ? rng.choose([["DISPOSED", 55], ["CASE_FILED", 30], ["INVESTIGATING", 5], ["CLUE", 10]] as const)
        : age > 180
          ? rng.choose([["DISPOSED", 10], ["CASE_FILED", 35], ["INVESTIGATING", 30], ["CLUE", 25]] as const)
          : rng.choose([["CASE_FILED", 10], ["INVESTIGATING", 35], ["CLUE", 55]] as const);
    let caseFiledOn: Date | null = null;
    if (status === "CASE_FILED" || status === "DISPOSED") {
      caseFiledOn = addDays(receivedOn, rng.int(20, Math.min(200, Math.max(20, age - 1))));
      if (caseFiledOn.getTime() > AS_OF.getTime()) {
        caseFiledOn = null;
        status = "INVESTIGATING";
      }
    }
    const amount = rng.logNormal(8e6, 1.1, 3e5, 5e8);
    const caseNo = caseFiledOn ? `阳公（经）立字〔${yearOf(caseFiledOn)}〕${numbers.next("case", yearOf(caseFiledOn), 9)}号` : null;
    const informantId =
      source === "REPORT"
        ? persons.add({ countyCode, owner: "FINANCE_BUREAU", reportedAt: beijing(receivedOn, 9), bornFrom: 1950, bornTo: 2000 })
        : null;
    const filed = status === "CASE_FILED" || status === "DISPOSED";
    const reportedAt = notAfterSnapshot(beijing(addDays(receivedOn, 1), 10));
    return {
      id: i + 1,
      clueNo: `阳处非线〔${yearOf(receivedOn)}〕${numbers.next("clue", yearOf(receivedOn), 4)}号`,
      source,
      receivedOn,
      suspectName,
      suspectEnterpriseId,
      countyCode,
      description: `${rng.pick(SCHEMES)}，涉嫌非法吸收公众存款。`,
      amountInvolved: roundYuan(amount, 1_000),
      peopleAffected: clamp(Math.round(amount / rng.logNormal(6e4, 0.6)), 3, 8000),
      status,
      informantId,
      rewardAmount: source === "REPORT" ? roundYuan(filed ? clamp(amount * 0.001, 2_000, 100_000) : rng.int(2, 10) * 100, 100) : null,
      caseNo,
      caseFiledOn,
      retiredAt: null,
      ...provenance("FINANCE_BUREAU", reportedAt),
      updatedAt: caseFiledOn ? maxDate(reportedAt, notAfterSnapshot(beijing(caseFiledOn, 16))) : reportedAt,
    };
  });
}
