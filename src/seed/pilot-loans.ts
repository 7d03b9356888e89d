// 政银保 pilot agricultural loans (plan 二(四)4): 阳东区 from 2016, one more county each year
// (阳西县, then 阳春市, then 江城区), each county's own rural bank plus the agricultural bank lending
// under the city's risk-sharing scheme with PICC. Small loans to farmers and cooperatives, a
// few per cent of them non-performing, part of that compensated.
import type { DemoData } from "./types.ts";
import type { Random } from "./random.ts";
import { AS_OF, PLAN_QUARTERS, day, minDate, notAfterSnapshot, yearOf } from "./calendar.ts";
import { roundYuan } from "./numbers.ts";
import { provenance } from "./provenance.ts";
import { JIANGCHENG, YANGCHUN, YANGDONG, YANGXI } from "./places.ts";

/** Counties in the order they join the pilot. */
const ORDER = [YANGDONG, YANGXI, YANGCHUN, JIANGCHENG];
const AGRICULTURAL_BANK = "中国农业银行";
const PICC = "中国人民财产保险";

export function generatePilotLoans(rng: Random, data: Pick<DemoData, "institution">): DemoData["pilotLoan"] {
  const first = yearOf(PLAN_QUARTERS[0]!);
  const last = yearOf(minDate(AS_OF, PLAN_QUARTERS.at(-1)!));
  const insurer = data.institution.find((i) => i.kind === "INSURER" && i.name.includes(PICC))!;
  const abc = data.institution.find((i) => i.name.includes(AGRICULTURAL_BANK))!;
  const rows: DemoData["pilotLoan"] = [];
  for (let year = first; year <= last; year++) {
    for (const county of ORDER.slice(0, Math.min(ORDER.length, year - first + 1))) {
      const local = data.institution.find((i) => i.countyCode === county && (i.kind === "LOCAL_LEGAL_PERSON_BANK" || i.kind === "RURAL_CREDIT_COOP"));
      for (const bank of local ? [local, abc] : [abc]) {
        const loanCount = rng.int(40, 260);
        const amount = loanCount * rng.real(8e4, 3e5);
        const npl = amount * rng.real(0.005, 0.035);
        const reportedOn = day(year + 1, 1, rng.int(10, 25));
        rows.push({
          id: rows.length + 1,
          countyCode: county,
          year,
          bankId: bank.id,
          insurerId: insurer.id,
          loanCount,
          amount: roundYuan(amount, 1e4),
          nonPerformingAmount: roundYuan(npl, 100),
          compensationPaid: roundYuan(npl * rng.real(0.3, 0.7), 100),
          ...provenance("FINANCE_BUREAU", notAfterSnapshot(reportedOn)),
          retiredAt: null,
        });
      }
    }
  }
  return rows;
}
