// Ratios analysts read off a financial statement, computed from its figures, never stored.
import { Prisma, type FinancialStatement } from "../generated/prisma/client.ts";
import type { GraphContext } from "../context.ts";
import { breaches, watchLineFor } from "../institutions/watch-lines.ts";

type Figures = Pick<FinancialStatement, "totalAssets" | "totalLiabilities" | "currentAssets" | "shortTermBorrowings" | "periodEnd">;

/** 资产负债率: total liabilities ÷ total assets, to six decimals; null when there are no assets. */
export function assetLiabilityRatio(s: Figures): Prisma.Decimal | null {
  if (s.totalAssets.lte(0)) return null;
  return s.totalLiabilities.div(s.totalAssets).toDecimalPlaces(6, Prisma.Decimal.ROUND_HALF_UP);
}

/**
 * 短贷长用: short-term borrowings exceed current assets, so even turning every current asset
 * into cash would not repay them: short loans are funding long-term assets.
 */
export const shortLoansUsedLong = (s: Figures): boolean => s.shortTermBorrowings.gt(s.currentAssets);

/** Whether the ratio crosses the enterprise leverage watch line (70%, seed 二(一)4) in force at the period end. */
export async function exceedsLiabilityWatchLine(ctx: GraphContext, s: Figures): Promise<boolean | null> {
  const ratio = assetLiabilityRatio(s);
  if (!ratio) return null;
  const line = await watchLineFor(ctx, "ENTERPRISE_ASSET_LIABILITY_RATIO", null, s.periodEnd);
  return line ? breaches(ratio, line.comparator, line.threshold) : null;
}
