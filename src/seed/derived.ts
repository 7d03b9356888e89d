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
