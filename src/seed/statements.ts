// Annual financial statements (2023–2025) that follow each enterprise's leverage path, with the
// patterns the plan asks banks to watch: liabilities above 70% of assets, short-term borrowing
// funding long-term assets (短贷长用), heavy private lending (民间借贷).
import type { DemoData } from "./types.ts";
import type { Random } from "./random.ts";
import { addMonths, beijing, day, notAfterSnapshot } from "./calendar.ts";
import { yuan } from "./numbers.ts";
import type { EnterpriseProfile } from "./enterprises.ts";
import { provenance } from "./provenance.ts";

export const STATEMENT_YEARS = [2023, 2024, 2025] as const;

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

export function generateStatements(rng: Random, profiles: readonly EnterpriseProfile[]): DemoData["financialStatement"] {
  const rows: DemoData["financialStatement"] = [];
  for (const p of profiles) {
    const turn = turnover(rng, p);
    STATEMENT_YEARS.forEach((year, i) => {
      const leverage = p.leverage[i]!;
      const A = (p.assets / Math.pow(p.growth, 2025 - year)) * rng.real(0.97, 1.03);
      const L = A * leverage;
      let CA: number;
      let CL: number;
      let STB: number;
      if (p.mismatch) {
        CL = L * rng.real(0.7, 0.9);
        STB = CL * rng.real(0.55, 0.8);
        CA = STB / rng.real(1.15, 1.8);
      } else {
        CA = A * rng.real(0.35, 0.7);
        CL = L * rng.real(0.45, 0.8);
        STB = Math.min(CL * rng.real(0.15, 0.5), CA * 0.9);
      }
      const nonCurrent = L - CL;
      const LTB = nonCurrent * rng.real(0.3, 0.85);
      // Private lending sits in other payables, inside current liabilities beside bank loans.
      const PL = Math.min(L * p.privateLendingShare, (CL - STB) * 0.95);
      const revenue = A * turn * rng.real(0.9, 1.1);
      const periodEnd = day(year, 12, 31);
      const reportedAt = notAfterSnapshot(beijing(addMonths(periodEnd, 4), 16));
      rows.push({
        id: rows.length + 1,
        enterpriseId: p.id,
        periodEnd,
        periodType: "ANNUAL",
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
      });
    });
  }
  return rows;
}
