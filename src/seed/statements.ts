// Financial statements over the plan period that follow each enterprise's leverage path: annual
// ones at the year-ends 2015–2018 and quarterly ones for the quarters in between (2016Q1 …
// 2018Q3), with the patterns the plan asks banks to watch: liabilities above 70% of assets,
// short-term borrowing funding long-term assets (短贷长用), heavy private lending (民间借贷).
// The bank borrowings a firm reports at the dataset date bound what the loan generator lends it.
import type { DemoData } from "./types.ts";
import type { Random } from "./random.ts";
import { AS_OF, INDICATOR_QUARTERS, STATEMENT_YEARS, addMonths, beijing, notAfterSnapshot } from "./calendar.ts";
import { yuan } from "./numbers.ts";
import type { EnterpriseProfile } from "./enterprises.ts";
import { provenance } from "./provenance.ts";

export { STATEMENT_YEARS };

/** Revenue per yuan of assets by industry: property and platforms turn over slowly, traders fast. */
function turnover(rng: Random, p: EnterpriseProfile): number {
  if (p.platform !== null) return rng.real(0.04, 0.12);
  if (p.industryCode === "K70") return rng.real(0.15, 0.4);
  if (p.industryCode === "D44") return rng.real(0.2, 0.45);
  if (p.industryCode.startsWith("F")) return rng.real(1.0, 2.2);
  return rng.real(0.45, 1.3);
}

function margin(rng: Random, p: EnterpriseProfile, leverage: number): number {
  if (p.zombie) return rng.real(-0.25, -0.04);
  if (leverage > 0.7) return rng.real(-0.08, 0.05);
  return rng.real(-0.03, 0.12);
}

export interface StatementSet {
  rows: DemoData["financialStatement"];
  /** short- plus long-term bank borrowings each enterprise reports at AS_OF, by enterprise id */
  bankBorrowingsAtAsOf: Map<number, number>;
}

/** Leverage at a quarter-end, moving straight between the year-end values (2015 … 2018). */
function leverageAt(p: EnterpriseProfile, q: Date): number {
  const y = q.getUTCFullYear();
  const i = y - STATEMENT_YEARS[0];
  const end = p.leverage[i]!;
  if (q.getUTCMonth() === 11 || i === 0) return end;
  const f = (q.getUTCMonth() + 1) / 12;
  return p.leverage[i - 1]! + (end - p.leverage[i - 1]!) * f;
}

export function generateStatements(rng: Random, profiles: readonly EnterpriseProfile[]): StatementSet {
  const rows: DemoData["financialStatement"] = [];
  const bankBorrowingsAtAsOf = new Map<number, number>();
  for (const p of profiles) {
    const turn = turnover(rng, p);
    // The firm's way of financing itself stays put from quarter to quarter; only sizes move.
    const shape = p.mismatch
      ? { cl: rng.real(0.7, 0.9), stb: rng.real(0.55, 0.8), ca: rng.real(1.15, 1.8) }
      : { cl: rng.real(0.45, 0.8), stb: rng.real(0.15, 0.5), ca: rng.real(0.35, 0.7) };
    const ltbShare = rng.real(0.3, 0.85);
    for (const periodEnd of INDICATOR_QUARTERS) {
      const annual = periodEnd.getUTCMonth() === 11;
      const yearsBack = (AS_OF.getTime() - periodEnd.getTime()) / (365.25 * 86_400_000);
      const leverage = leverageAt(p, periodEnd);
      const A = (p.assets / Math.pow(p.growth, yearsBack)) * rng.real(0.98, 1.02);
      const L = A * leverage;
      let CA: number;
      let CL: number;
      let STB: number;
      if (p.mismatch) {
        CL = L * shape.cl * rng.real(0.98, 1.02);
        STB = CL * shape.stb;
        CA = STB / shape.ca;
      } else {
        CA = A * shape.ca * rng.real(0.98, 1.02);
        CL = L * shape.cl;
        STB = Math.min(CL * shape.stb, CA * 0.9);
      }
      const nonCurrent = L - CL;
      const LTB = nonCurrent * ltbShare;
      // Private lending sits in other payables, inside current liabilities beside bank loans.
      const PL = Math.min(L * p.privateLendingShare, (CL - STB) * 0.95);
      // Revenue and profit are for the period: a year, or the quarter.
      const revenue = A * turn * rng.real(0.9, 1.1) * (annual ? 1 : 0.25);
      // Annual accounts are filed four months after the year, quarterly ones within a month.
      const reportedAt = notAfterSnapshot(beijing(addMonths(periodEnd, annual ? 4 : 1), 16));
      const row = {
        id: rows.length + 1,
        enterpriseId: p.id,
        periodEnd,
        periodType: annual ? ("ANNUAL" as const) : ("QUARTERLY" as const),
        totalAssets: yuan(A),
        currentAssets: yuan(CA),
        totalLiabilities: yuan(L),
        currentLiabilities: yuan(CL),
        shortTermBorrowings: yuan(STB),
        longTermBorrowings: yuan(LTB),
        privateLending: yuan(PL),
        revenue: yuan(revenue),
        netProfit: yuan(revenue * margin(rng, p, leverage)),
        retiredAt: null,
        ...provenance("PBOC", reportedAt),
      };
      rows.push(row);
      // The stored (rounded) figures, so the loan cap agrees with what seed:check reads back.
      if (periodEnd.getTime() === AS_OF.getTime()) bankBorrowingsAtAsOf.set(p.id, Number(row.shortTermBorrowings) + Number(row.longTermBorrowings));
    }
  }
  return { rows, bankBorrowingsAtAsOf };
}
