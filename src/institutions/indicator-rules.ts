// Which indicators each kind of institution reports, which agency reports them (DOMAIN.md §5),
// and the sane range of a reported value. Shared by the writes and the watch-line checks.
import type { Agency, IndicatorKind, InstitutionKind } from "../generated/prisma/client.ts";

export const BANK_KINDS: readonly InstitutionKind[] = ["COMMERCIAL_BANK_BRANCH", "LOCAL_LEGAL_PERSON_BANK", "RURAL_CREDIT_COOP"];
/** Local financial organizations (地方金融组织), supervised and rated by the finance bureau. */
export const LOCAL_FINANCIAL_KINDS: readonly InstitutionKind[] = ["SMALL_LOAN", "FINANCING_GUARANTEE", "FINANCING_LEASING"];

export const INDICATORS_BY_KIND: Record<InstitutionKind, readonly IndicatorKind[]> = {
  COMMERCIAL_BANK_BRANCH: ["LEVERAGE_RATIO", "NPL_RATIO", "CAPITAL_ADEQUACY_RATIO"],
  LOCAL_LEGAL_PERSON_BANK: ["LEVERAGE_RATIO", "NPL_RATIO", "CAPITAL_ADEQUACY_RATIO"],
  RURAL_CREDIT_COOP: ["LEVERAGE_RATIO", "NPL_RATIO", "CAPITAL_ADEQUACY_RATIO"],
  SECURITIES: ["NET_CAPITAL_TO_RISK_RESERVES", "NET_CAPITAL_TO_NET_ASSETS"],
  FUTURES: ["NET_CAPITAL_TO_RISK_RESERVES", "NET_CAPITAL_TO_NET_ASSETS"],
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
