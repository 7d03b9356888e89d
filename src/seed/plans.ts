// "One enterprise, one policy" (一企一策) deleveraging plans for the most exposed high-leverage
// borrowers, each led by the bank that lends them the most.
import type { PlanStatus } from "../generated/prisma/client.ts";
import type { DemoData } from "./types.ts";
import type { Random } from "./random.ts";
import { AS_OF, addDays, addMonths, beijing, dateBetween, day, notAfterSnapshot, yearOf } from "./calendar.ts";
import { clamp, pad, ratio, scaled } from "./numbers.ts";
import { type EnterpriseProfile, isHighLeverage, latestLeverage } from "./enterprises.ts";
import type { LoanFact } from "./loans.ts";
import { provenance } from "./provenance.ts";

const MEASURES = [
  "压降银行授信总额，不再新增对外担保",
  "处置闲置土地和厂房，回笼资金偿还到期贷款",
  "引入战略投资者增资扩股，补充资本金",
  "实施市场化债转股，降低资产负债率",
  "对符合条件的到期贷款办理展期或续贷，稳定融资",
  "逐步清退民间借贷，杜绝高息融资",
  "调整债务期限结构，以中长期贷款置换短贷长用部分",
  "剥离非主业资产，收缩投资规模",
  "成立债权银行委员会，统一协调授信，不抽贷、不断贷",
  "加强应收账款催收，压降存货占用",
];

export function generatePlans(rng: Random, scale: number, profiles: readonly EnterpriseProfile[], loans: readonly LoanFact[]): DemoData["deleveragingPlan"] {
  // exposure per borrower, and per (borrower, bank) to choose the lead bank
  const total = new Map<number, number>();
  const perBank = new Map<number, Map<number, number>>();
  for (const l of loans) {
    if (l.balance <= 0) continue;
    total.set(l.borrowerId, (total.get(l.borrowerId) ?? 0) + l.balance);
    const banks = perBank.get(l.borrowerId) ?? new Map<number, number>();
    banks.set(l.lenderId, (banks.get(l.lenderId) ?? 0) + l.balance);
    perBank.set(l.borrowerId, banks);
  }
  const candidates = profiles
    .filter((p) => isHighLeverage(p) && p.platform === null && total.has(p.id))
    .sort((a, b) => total.get(b.id)! - total.get(a.id)! || a.id - b.id)
    .slice(0, scaled(60, scale, 5));
  const rows: DemoData["deleveragingPlan"] = [];
  const seqByYear = new Map<number, number>();
  const drafts = candidates.map((p) => ({ p, adoptedOn: dateBetween(rng, day(2016, 7, 1), addDays(AS_OF, -30)) }));
  drafts.sort((a, b) => a.adoptedOn.getTime() - b.adoptedOn.getTime() || a.p.id - b.p.id);
  for (const { p, adoptedOn } of drafts) {
    const banks = [...perBank.get(p.id)!.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    const targetDate = addMonths(adoptedOn, rng.pick([24, 30, 36]));
    const recent = adoptedOn.getTime() > addMonths(AS_OF, -3).getTime();
    const status: PlanStatus = recent && rng.chance(0.5)
      ? "DRAFT"
      : p.zombie
        ? rng.choose([["ACTIVE", 6], ["ABANDONED", 4]] as const)
        : rng.choose([["ACTIVE", 8], ["COMPLETED", 1.2], ["ABANDONED", 0.5]] as const);
    const year = yearOf(adoptedOn);
    const seq = (seqByYear.get(year) ?? 0) + 1;
    seqByYear.set(year, seq);
    rows.push({
      id: rows.length + 1,
      planNo: `YQYC-${year}-${pad(seq, 3)}`,
      enterpriseId: p.id,
      leadInstitutionId: banks[0]![0],
      adoptedOn,
      targetDate,
      targetLiabilityRatio: ratio(clamp(Math.round((latestLeverage(p) - rng.real(0.06, 0.16)) * 100) / 100, 0.55, 0.68)),
      measures: rng.sample(MEASURES, rng.int(2, 4)).join("；") + "。",
      status,
      retiredAt: null,
      ...provenance("CBRC", notAfterSnapshot(beijing(adoptedOn, 15))),
    });
  }
  return rows;
}
