// Institution indicators for the eight quarter-ends, including the few breaches of a watch line
// the plan worries about, and the classification ratings of local financial organizations.
import type { IndicatorKind, InstitutionKind } from "../generated/prisma/client.ts";
import type { DemoData } from "./types.ts";
import type { Random } from "./random.ts";
import { INDICATOR_QUARTERS, addDays, addYears, beijing, day, notAfterSnapshot } from "./calendar.ts";
import { ratio } from "./numbers.ts";
import { INSTITUTIONS, LOCAL_FINANCIAL_KINDS, type InstitutionSpec, institutionOwner } from "./institutions.ts";
import { provenance } from "./provenance.ts";

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

/** The sound range an institution of this kind moves in: [low, high] of its base level. */
function soundRange(spec: InstitutionSpec, indicator: IndicatorKind): [number, number] {
  const local = spec.kind !== "COMMERCIAL_BANK_BRANCH";
  switch (indicator) {
    case "LEVERAGE_RATIO":
      return local ? [0.05, 0.068] : [0.058, 0.078];
    case "NPL_RATIO":
      return local ? [0.011, 0.0138] : [0.005, 0.0125];
    case "CAPITAL_ADEQUACY_RATIO":
      return local ? [0.118, 0.135] : [0.13, 0.165];
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

/** The path of a breaching indicator over the eight quarters: into the red and (mostly) back out. */
const BREACH_PATHS: Partial<Record<IndicatorKind, { breach: InstitutionSpec["breach"]; path: readonly number[] }>> = {
  LEVERAGE_RATIO: { breach: "LEVERAGE", path: [0.036, 0.0362, 0.0375, 0.0391, 0.0408, 0.0415, 0.0422, 0.043] },
  NPL_RATIO: { breach: "NPL", path: [0.0214, 0.0221, 0.0232, 0.0226, 0.0205, 0.0183, 0.0162, 0.0147] },
  BANK_FUNDING_TO_NET_CAPITAL: { breach: "BANK_FUNDING", path: [0.41, 0.46, 0.53, 0.62, 0.58, 0.51, 0.47, 0.44] },
  GUARANTEE_LIABILITY_MULTIPLE: { breach: "GUARANTEE_MULTIPLE", path: [8.6, 9.4, 10.2, 11.5, 11.1, 10.4, 9.7, 9.2] },
};

export function generateIndicators(rng: Random): DemoData["indicatorValue"] {
  const rows: DemoData["indicatorValue"] = [];
  INSTITUTIONS.forEach((spec, index) => {
    const institutionId = index + 1;
    const owner = institutionOwner(spec.kind);
    for (const indicator of INDICATORS_BY_KIND[spec.kind]) {
      const breach = BREACH_PATHS[indicator];
      const [lo, hi] = soundRange(spec, indicator);
      const base = rng.real(lo, hi);
      const trend = rng.real(-0.02, 0.02) * base;
      INDICATOR_QUARTERS.forEach((periodEnd, q) => {
        let value: number;
        if (breach && spec.breach === breach.breach) {
          value = breach.path[q]! * rng.real(0.99, 1.01);
        } else {
          value = base + (trend * q) / 7 + base * 0.02 * rng.normal();
        }
        // The weakest coop's capital follows its leverage down.
        if (indicator === "CAPITAL_ADEQUACY_RATIO" && spec.breach === "LEVERAGE") value = rng.real(0.096, 0.104) + q * 0.002;
        rows.push({
          id: rows.length + 1,
          institutionId,
          periodEnd,
          indicator,
          value: ratio(value),
          ...provenance(owner, notAfterSnapshot(beijing(addDays(periodEnd, 20), 17))),
        });
      });
    }
  });
  return rows;
}

const RATING_BODY = "阳江市金融工作局";

/** 分类监管评级 for 2024 and 2025; the breaching organizations rate C or D. */
export function generateRatings(rng: Random): DemoData["institutionRating"] {
  const rows: DemoData["institutionRating"] = [];
  INSTITUTIONS.forEach((spec, index) => {
    if (!LOCAL_FINANCIAL_KINDS.includes(spec.kind)) return;
    for (const year of [2024, 2025]) {
      const rating = spec.breach
        ? year === 2024 ? "C" : rng.choose([["C", 2], ["D", 1]] as const)
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
