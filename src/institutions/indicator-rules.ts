// Which indicators each kind of institution reports, which agency reports them (DOMAIN.md §5),
// and the sane range of a reported value. Shared by the writes and the watch-line checks.
import type { Agency, IndicatorKind, InstitutionKind } from "../generated/prisma/client.ts";

export const BANK_KINDS: readonly InstitutionKind[] = ["COMMERCIAL_BANK_BRANCH", "LOCAL_LEGAL_PERSON_BANK", "RURAL_CREDIT_COOP"];
/** Local financial organizations (地方金融组织), supervised and rated by the finance bureau. */
export const LOCAL_FINANCIAL_KINDS: readonly InstitutionKind[] = ["SMALL_LOAN", "FINANCING_GUARANTEE", "FINANCING_LEASING"];

/** Banks that are legal persons in the city: they, not branches, report capital and liquidity. */
export const LOCAL_BANK_KINDS: readonly InstitutionKind[] = ["LOCAL_LEGAL_PERSON_BANK", "RURAL_CREDIT_COOP"];

const LOCAL_BANK_INDICATORS: readonly IndicatorKind[] = [
  "LEVERAGE_RATIO",
  "NPL_RATIO",
  "CAPITAL_ADEQUACY_RATIO",
  "LIQUIDITY_RATIO",
  "LIQUIDITY_MATCHING_RATIO",
  "LOAN_TO_DEPOSIT_RATIO",
  "SINGLE_CUSTOMER_CONCENTRATION",
];

/**
 * Regulatory indicators are reported by the legal person that holds the capital. Branches of
 * national banks (分行) and the securities and futures branch offices (营业部) in the city report
 * none: their leverage, capital, liquidity and net-capital ratios are the head office's, reported
 * in Beijing or Shenzhen. Their loans are still in the city's book.
 */
export const INDICATORS_BY_KIND: Record<InstitutionKind, readonly IndicatorKind[]> = {
  COMMERCIAL_BANK_BRANCH: [],
  LOCAL_LEGAL_PERSON_BANK: LOCAL_BANK_INDICATORS,
  RURAL_CREDIT_COOP: LOCAL_BANK_INDICATORS,
  SECURITIES: [],
  FUTURES: [],
  INSURER: ["COMPREHENSIVE_SOLVENCY", "CORE_SOLVENCY"],
  SMALL_LOAN: ["BANK_FUNDING_TO_NET_CAPITAL"],
  FINANCING_GUARANTEE: ["GUARANTEE_LIABILITY_MULTIPLE"],
  FINANCING_LEASING: ["RISK_ASSET_MULTIPLE"],
};

/** Indicators that are multiples (10 = 10×) rather than fractions. */
export const MULTIPLE_INDICATORS: readonly IndicatorKind[] = ["GUARANTEE_LIABILITY_MULTIPLE", "RISK_ASSET_MULTIPLE"];

/** The sane range of a value: fractions 0–10 (solvency ratios exceed 1), multiples 0–100. */
export const valueRange = (indicator: IndicatorKind): [number, number] => (MULTIPLE_INDICATORS.includes(indicator) ? [0, 100] : [0, 10]);

/** The agency that reports (and owns) an institution's indicators. */
export function reporterOf(kind: InstitutionKind): Agency {
  if (BANK_KINDS.includes(kind)) return "CBRC";
  if (kind === "INSURER") return "INSURANCE_ASSOC";
  return "FINANCE_BUREAU";
}

export const appliesTo = (indicator: IndicatorKind, kind: InstitutionKind): boolean => INDICATORS_BY_KIND[kind].includes(indicator);

/** True for the last day of March, June, September or December. */
export function isQuarterEnd(d: Date): boolean {
  const next = new Date(d.getTime() + 86_400_000);
  return next.getUTCDate() === 1 && d.getUTCMonth() % 3 === 2;
}
