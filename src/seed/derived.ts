// Facts about the generated rows that several post-pass generators need.
import type { DemoData } from "./types.ts";

const NON_PERFORMING = new Set(["SUBSTANDARD", "DOUBTFUL", "LOSS"]);

/** Ids of the enterprises with at least one live non-performing loan, in id order. */
export function nonPerformingBorrowers(data: Pick<DemoData, "loan">): number[] {
  const ids = new Set<number>();
  for (const l of data.loan) if (NON_PERFORMING.has(l.classification) && !l.retiredAt) ids.add(l.borrowerId);
  return [...ids].sort((a, b) => a - b);
}

export const isNonPerforming = (classification: string): boolean => NON_PERFORMING.has(classification);

/** Each enterprise's total assets in its latest annual statement, in yuan. */
export function latestAnnualAssets(data: Pick<DemoData, "financialStatement">): Map<number, number> {
  const latest = new Map<number, { end: number; assets: number }>();
  for (const s of data.financialStatement) {
    if (s.periodType !== "ANNUAL" || s.retiredAt) continue;
    const seen = latest.get(s.enterpriseId);
    if (!seen || s.periodEnd.getTime() > seen.end) latest.set(s.enterpriseId, { end: s.periodEnd.getTime(), assets: Number(s.totalAssets) });
  }
  return new Map([...latest].map(([id, v]) => [id, v.assets]));
}
