// Quarter ends: the reporting dates of the plan (每季度末), as UTC-midnight calendar dates.

/** True for 31 March, 30 June, 30 September and 31 December. */
export function isQuarterEnd(d: Date): boolean {
  const month = d.getUTCMonth();
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), month + 1, 0)).getUTCDate();
  return month % 3 === 2 && d.getUTCDate() === lastDay;
}

/** The member agencies that report at city level (市级成员单位); county governments report per county. */
export const CITY_REPORTERS = [
  "FINANCE_BUREAU",
  "PBOC",
  "CBRC",
  "DEVELOPMENT_REFORM",
  "FISCAL",
  "INSURANCE_ASSOC",
  "COMMERCE",
  "INDUSTRY_IT",
  "PUBLIC_SECURITY",
  "MARKET_REGULATION",
] as const;

/** The county code city-level reports are filed under. */
export const CITY_CODE = "441700";
