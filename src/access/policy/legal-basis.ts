// The legal basis of the cells the seed opened: where DOMAIN.md's reference table denied a unit the
// data of a clause that names it in its brackets, the cell follows the seed (at least conditional
// access; county governments only ever see their own county's rows) and cites the clause here.
// Kept apart from matrix.ts so each matrix row stays one line. docs/permissions.md shows it;
// test/responsibilities.test.ts checks that every cited clause names the unit and needs the resource,
// and that the cell is open.
import type { Column, ResourceName } from "./matrix.ts";

/** resource → column → the clause ids (responsibilities.ts) that open the cell. */
export const LEGAL_BASIS: Partial<Record<ResourceName, Partial<Record<Column, readonly string[]>>>> = {
  "enterprise.statements": { INSURANCE_ASSOC: ["二(一)4"] },
  "debt.loans": {
    FISCAL: ["二(四)3"],
    COUNTY: ["二(一)2", "二(三)1", "二(四)3", "二(七)4"],
    INSURANCE_ASSOC: ["二(一)1", "二(一)2", "二(一)4", "二(七)3"],
    COMMERCE: ["二(一)1", "二(一)2"],
    INDUSTRY_IT: ["二(四)3", "二(七)3"],
  },
  // Split from debt.loans so that county governments read their own county's lists and plans
  // without the whole loan book.
  "debt.monitoring": {
    COUNTY: ["二(一)2", "二(三)1"],
    INSURANCE_ASSOC: ["二(一)2"],
    COMMERCE: ["二(一)2"],
  },
  "debt.guarantees": { INSURANCE_ASSOC: ["二(一)4"] },
  "bonds.inspections": { COUNTY: ["二(三)4"] },
  "government.debt": { INSURANCE_ASSOC: ["二(六)3"] },
  "institutions.bankIndicators": { COUNTY: ["二(二)1", "二(三)1"], INSURANCE_ASSOC: ["二(一)3", "二(二)1", "三(二)"] },
  "institutions.localOrgIndicators": { COUNTY: ["二(二)1", "二(三)5"], INSURANCE_ASSOC: ["二(二)1", "三(二)"], COMMERCE: ["二(三)5"] },
  "institutions.marketIndicators": { COUNTY: ["二(二)1"] },
  "venues.supervision": { COMMERCE: ["二(三)5"] },
  "credit.evaluations": { COUNTY: ["二(四)5"] },
  // Every unit the monitoring and warning clauses name receives the alerts and reads the rules (issue 12).
  "alerts.rules": { PBOC: ["二(二)1", "三(二)"], CBRC: ["二(二)1", "三(二)"], INSURANCE_ASSOC: ["二(二)1", "三(二)"], COUNTY: ["二(二)1"] },
  "alerts.alerts": { PBOC: ["二(二)1", "二(二)3", "三(二)"], CBRC: ["二(二)1", "二(二)3", "三(二)"], INSURANCE_ASSOC: ["二(二)1", "二(二)3", "三(二)"], COUNTY: ["二(二)1", "二(二)3"] },
  "fundraising.clues": { INSURANCE_ASSOC: ["二(二)3"], MARKET_REGULATION: ["二(五)1", "二(五)2", "二(五)3"] },
  // Issue 10: the joint punishment of 二(四)2 is a case each named unit responds to and feeds back on;
  // the shared credit information of 二(四)5 is disputed and corrected by those who receive it.
  "feedback.punishment": { PBOC: ["二(四)2"], CBRC: ["二(四)2"], INDUSTRY_IT: ["二(四)2"], PUBLIC_SECURITY: ["二(四)2"], MARKET_REGULATION: ["二(四)2"], COUNTY: ["二(四)2"] },
  "feedback.disputes": { PBOC: ["二(四)5"], COUNTY: ["二(四)5"] },
  "feedback.notices": { PBOC: ["二(四)5"], COUNTY: ["二(四)5"] },
};
