// PLACEHOLDER until branch h12-rules is merged: the engine's contract (notes/contracts.md), so that
// the runner compiles and runs (evaluating nothing). Merging h12-rules replaces this file.
import type { Prisma, RiskRule } from "../generated/prisma/client.ts";

export interface EvaluationSummary {
  byRule: { code: string; raised: number; changed: number; resolved: number; ms: number }[];
}

export async function evaluateRules(
  _tx: Prisma.TransactionClient,
  options: { rules: RiskRule[]; businessDate: string; subjects?: Map<string, number[]> },
): Promise<EvaluationSummary> {
  return { byRule: options.rules.map((r) => ({ code: r.code, raised: 0, changed: 0, resolved: 0, ms: 0 })) };
}

export async function subjectsOfDirty(_tx: Prisma.TransactionClient, _rows: { tableName: string; rowId: number }[]): Promise<Map<string, number[]>> {
  return new Map();
}
