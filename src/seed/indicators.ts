// Institution indicators for the thirteen quarter-ends 2015Q4 … 2018Q4, reported only by the
// legal persons in the city (see INDICATORS_BY_KIND), including the few breaches of a watch line
// the plan worries about, and the classification ratings of local financial organizations.
// A local bank's NPL ratio and single-customer concentration at AS_OF are not drawn: they are
// computed from its own loan book (loans.ts), so the indicator and the book agree.
import type { IndicatorKind } from "../generated/prisma/client.ts";
import type { DemoData } from "./types.ts";
import type { Random } from "./random.ts";
import { INDICATOR_QUARTERS, addDays, addYears, beijing, day, notAfterSnapshot } from "./calendar.ts";
import { ratio } from "./numbers.ts";
import { INDICATORS_BY_KIND } from "../institutions/indicator-rules.ts";
import { INSTITUTIONS, LOCAL_FINANCIAL_KINDS, type InstitutionSpec, institutionOwner } from "./institutions.ts";
import type { LoanSet } from "./loans.ts";
import { provenance } from "./provenance.ts";

export { INDICATORS_BY_KIND };

/** The sound range an institution of this kind moves in: [low, high] of its base level. */
function soundRange(spec: InstitutionSpec, indicator: IndicatorKind): [number, number] {
  switch (indicator) {
    case "LEVERAGE_RATIO":
      return [0.05, 0.068];
    case "NPL_RATIO":
      return [0.011, 0.016];
    case "CAPITAL_ADEQUACY_RATIO":
      return [0.118, 0.135];
    case "LIQUIDITY_RATIO":
      return spec.breach === "LEVERAGE" ? [0.27, 0.31] : [0.38, 0.6];
    case "LIQUIDITY_MATCHING_RATIO":
      return spec.breach === "LEVERAGE" ? [0.93, 0.98] : [1.05, 1.35];
    case "LOAN_TO_DEPOSIT_RATIO":
      return [0.55, 0.78];
    case "SINGLE_CUSTOMER_CONCENTRATION":
      return [0.04, 0.085];
    case "NET_CAPITAL_TO_RISK_RESERVES":
      return [1.9, 3.8];
    case "NET_CAPITAL_TO_NET_ASSETS":
      return [0.55, 0.9];
    case "COMPREHENSIVE_SOLVENCY":
      return [1.6, 2.6];
    case "CORE_SOLVENCY":
      return [1.15, 1.9];
    case "BANK_FUNDING_TO_NET_CAPITAL":
      return [0.12, 0.42];
    case "GUARANTEE_LIABILITY_MULTIPLE":
      return [2.5, 7.5];
    case "RISK_ASSET_MULTIPLE":
      return [3, 7.8];
    case "ENTERPRISE_ASSET_LIABILITY_RATIO":
      throw new Error("enterprise ratios come from their statements, not from institution reports");
  }
}

/**
 * The path of a breaching indicator over the thirteen quarters 2015Q4 … 2018Q4: into the red and
 * (mostly) back out. The weakest coop misses the plan's 4% leverage at end-2016 (3.93%) and meets
 * it from 2017Q2; the NPL path's last value is replaced by the bank's book at AS_OF.
 */
const BREACH_PATHS: Partial<Record<IndicatorKind, { breach: InstitutionSpec["breach"]; path: readonly number[] }>> = {
  LEVERAGE_RATIO: { breach: "LEVERAGE", path: [0.0352, 0.0358, 0.0366, 0.0379, 0.0393, 0.0397, 0.0406, 0.0411, 0.0415, 0.0419, 0.0422, 0.0426, 0.043] },
  NPL_RATIO: { breach: "NPL", path: [0.0196, 0.0205, 0.0218, 0.0229, 0.0236, 0.0241, 0.0238, 0.0232, 0.0226, 0.0221, 0.0218, 0.0215, 0.0213] },
  BANK_FUNDING_TO_NET_CAPITAL: { breach: "BANK_FUNDING", path: [0.38, 0.41, 0.46, 0.53, 0.62, 0.58, 0.51, 0.47, 0.44, 0.43, 0.41, 0.4, 0.39] },
  GUARANTEE_LIABILITY_MULTIPLE: { breach: "GUARANTEE_MULTIPLE", path: [8.1, 8.6, 9.4, 10.2, 11.5, 11.1, 10.4, 9.7, 9.2, 8.9, 8.7, 8.6, 8.4] },
};

export function generateIndicators(rng: Random, loans: Pick<LoanSet, "books">): DemoData["indicatorValue"] {
  const rows: DemoData["indicatorValue"] = [];
  const last = INDICATOR_QUARTERS.length - 1;
  INSTITUTIONS.forEach((spec, index) => {
    const institutionId = index + 1;
    const owner = institutionOwner(spec.kind);
    const book = loans.books.get(institutionId);
    // What the bank's own book says at AS_OF, where the indicator is computed rather than drawn.
    const fromBook: Partial<Record<IndicatorKind, number>> = {};
    if (book && book.balance > 0) fromBook.NPL_RATIO = book.npl / book.balance;
    if (book && spec.netCapital) fromBook.SINGLE_CUSTOMER_CONCENTRATION = book.largestBorrower / spec.netCapital;
    for (const indicator of INDICATORS_BY_KIND[spec.kind]) {
      const breach = BREACH_PATHS[indicator];
      const [lo, hi] = soundRange(spec, indicator);
      const end = fromBook[indicator];
      const base = rng.real(lo, hi);
      const trend = rng.real(-0.02, 0.02) * base;
      INDICATOR_QUARTERS.forEach((periodEnd, q) => {
        let value: number;
        if (breach && spec.breach === breach.breach) {
          value = breach.path[q]! * rng.real(0.99, 1.01);
        } else if (end !== undefined) {
          // earlier quarters wander towards the book's figure
          value = end * (1 + ((last - q) / last) * (trend / base) * 4) + end * 0.02 * rng.normal() * (q === last ? 0 : 1);
        } else {
          value = base + (trend * q) / last + base * 0.02 * rng.normal();
        }
        // The weakest coop's capital follows its leverage up.
        if (indicator === "CAPITAL_ADEQUACY_RATIO" && spec.breach === "LEVERAGE") value = rng.real(0.094, 0.1) + q * 0.0015;
        if (q === last && end !== undefined) value = end;
        rows.push({
          id: rows.length + 1,
          institutionId,
          periodEnd,
          indicator,
          value: ratio(value),
          // Quarter reports reach the regulator about twenty days on; AS_OF's is reported at once.
          ...provenance(owner, notAfterSnapshot(beijing(addDays(periodEnd, 20), 17))),
        });
      });
    }
  });
  return rows;
}

const RATING_BODY = "阳江市金融工作局";

/** 分类监管评级 for 2016 and 2017 (each rated the next spring); the breaching organizations rate C or D. */
export function generateRatings(rng: Random): DemoData["institutionRating"] {
  const rows: DemoData["institutionRating"] = [];
  INSTITUTIONS.forEach((spec, index) => {
    if (!LOCAL_FINANCIAL_KINDS.includes(spec.kind)) return;
    for (const year of [2016, 2017]) {
      const rating = spec.breach
        ? year === 2016 ? "C" : rng.choose([["C", 2], ["D", 1]] as const)
        : rng.choose([["A", 3], ["B", 5], ["C", 1]] as const);
      rows.push({
        id: rows.length + 1,
        institutionId: index + 1,
        year,
        rating,
        ratedBy: RATING_BODY,
        ...provenance("FINANCE_BUREAU", notAfterSnapshot(beijing(addYears(day(year, 3, 31), 1), 10))),
      });
    }
  });
  return rows;
}
