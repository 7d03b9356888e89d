// Each bank's monthly top-10 lists (贷款前十大企业, 前十大信贷风险企业) for the twelve months to
// AS_OF, ranked from the loans' balances at each month end.
import type { DemoData } from "./types.ts";
import { TOP_LIST_MONTHS, beijing, monthEnd, notAfterSnapshot } from "./calendar.ts";
import { yuan } from "./numbers.ts";
import { type EnterpriseProfile, latestLeverage } from "./enterprises.ts";
import { type LoanFact, balanceAt, severity } from "./loans.ts";
import { LENDERS } from "./institutions.ts";
import { provenance } from "./provenance.ts";

interface Exposure {
  enterpriseId: number;
  amount: number;
  /** worst classification among the borrower's loans at this bank */
  worst: number;
}

export function generateTopLists(profiles: readonly EnterpriseProfile[], loans: readonly LoanFact[]): DemoData["topListEntry"] {
  const rows: DemoData["topListEntry"] = [];
  const byLender = new Map<number, LoanFact[]>();
  for (const l of loans) {
    const list = byLender.get(l.lenderId);
    if (list) list.push(l);
    else byLender.set(l.lenderId, [l]);
  }
  for (const lender of LENDERS) {
    const book = byLender.get(lender.id) ?? [];
    for (const month of TOP_LIST_MONTHS) {
      const asOf = monthEnd(month);
      const exposures = new Map<number, Exposure>();
      for (const loan of book) {
        const b = balanceAt(loan, asOf);
        if (b <= 0) continue;
        const e = exposures.get(loan.borrowerId) ?? { enterpriseId: loan.borrowerId, amount: 0, worst: 0 };
        e.amount += b;
        e.worst = Math.max(e.worst, severity(loan.classification));
        exposures.set(loan.borrowerId, e);
      }
      const all = [...exposures.values()];
      const byAmount = all.slice().sort((a, b) => b.amount - a.amount || a.enterpriseId - b.enterpriseId);
      // Credit risk: worst classification first, then the most leveraged, then the largest exposure.
      const byRisk = all
        .slice()
        .sort(
          (a, b) =>
            b.worst - a.worst ||
            latestLeverage(profiles[b.enterpriseId - 1]!) - latestLeverage(profiles[a.enterpriseId - 1]!) ||
            b.amount - a.amount ||
            a.enterpriseId - b.enterpriseId,
        );
      const reportedAt = notAfterSnapshot(beijing(asOf, 18));
      for (const [kind, ranked] of [["TOP_BORROWERS", byAmount], ["TOP_CREDIT_RISK", byRisk]] as const) {
        ranked.slice(0, 10).forEach((e, i) => {
          rows.push({
            id: rows.length + 1,
            institutionId: lender.id,
            month,
            kind,
            rank: i + 1,
            enterpriseId: e.enterpriseId,
            exposure: yuan(e.amount),
            ...provenance("CBRC", reportedAt),
          });
        });
      }
    }
  }
  return rows;
}
