// The shipped risk rules (issue 12 item 1) as data: each becomes a risk_rule row the first time a
// database starts (or is seeded) without it. An existing row is never overwritten: FINANCE_BUREAU
// may have edited its numbers, agencies or switch, and those edits are the record.
import type { Prisma } from "../../generated/prisma/client.ts";
import type { DbClient } from "../../db/database.ts";
import type { RuleDefinition } from "./rule.ts";
import {
  BANK_CAR_BELOW_MIN,
  BANK_LEVERAGE_BELOW_MIN,
  BANK_NPL_ABOVE_NATIONAL_AVERAGE,
  INSURER_SOLVENCY_BELOW_LINE,
  LOCAL_ORG_LEVERAGE_ABOVE_LINE,
  SECURITIES_NET_CAPITAL_BELOW_LINE,
} from "./institutions.rules.ts";
import { ENTERPRISE_HIGH_LEVERAGE_COMBINED, LARGE_SINGLE_EXPOSURE, MULTI_BANK_BORROWING, TOP10_CREDIT_RISK_NEW_ENTRY } from "./enterprise.rules.ts";
import { BOND_PAYMENT_DUE_NO_NOTICE, BOND_PAYMENT_LATE_OR_FAILED, BOND_PROCEEDS_MISUSE } from "./bonds.rules.ts";
import { DEBT_EVASION_WITH_LOANS, FUNDRAISING_CLUE_ABOVE_THRESHOLD, PROGRESS_REPORT_MISSING, VENUE_RECTIFICATION_OVERDUE } from "./supervision.rules.ts";

export type { RuleDefinition } from "./rule.ts";

export const SHIPPED_RULES: readonly RuleDefinition[] = [
  BANK_LEVERAGE_BELOW_MIN,
  BANK_CAR_BELOW_MIN,
  SECURITIES_NET_CAPITAL_BELOW_LINE,
  INSURER_SOLVENCY_BELOW_LINE,
  LOCAL_ORG_LEVERAGE_ABOVE_LINE,
  BANK_NPL_ABOVE_NATIONAL_AVERAGE,
  ENTERPRISE_HIGH_LEVERAGE_COMBINED,
  MULTI_BANK_BORROWING,
  LARGE_SINGLE_EXPOSURE,
  TOP10_CREDIT_RISK_NEW_ENTRY,
  BOND_PAYMENT_DUE_NO_NOTICE,
  BOND_PAYMENT_LATE_OR_FAILED,
  BOND_PROCEEDS_MISUSE,
  VENUE_RECTIFICATION_OVERDUE,
  DEBT_EVASION_WITH_LOANS,
  FUNDRAISING_CLUE_ABOVE_THRESHOLD,
  PROGRESS_REPORT_MISSING,
] as RuleDefinition[];

const BY_CODE = new Map(SHIPPED_RULES.map((r) => [r.code, r]));

/** The shipped definition (its SQL) of a rule code, or undefined. */
export const ruleDefinition = (code: string): RuleDefinition | undefined => BY_CODE.get(code);

/** Every table any rule reads (h12-runner puts a trigger into alert_dirty on each), sorted. */
export function watchedTables(): string[] {
  return [...new Set(SHIPPED_RULES.flatMap((r) => r.watches))].sort();
}

/** The risk_rule row of a shipped rule. */
export function ruleRow(def: RuleDefinition): Prisma.RiskRuleCreateManyInput {
  return {
    code: def.code,
    nameZh: def.nameZh,
    nameEn: def.nameEn,
    clause: def.clause,
    legalSource: def.legalSource,
    severity: def.severity,
    parameters: def.parameters as Prisma.InputJsonValue,
    responsibleAgencies: def.responsibleAgencies,
    resources: def.resources,
    subjectType: def.subjectType,
    triggers: def.triggers,
    ackWorkingDays: def.ackWorkingDays,
    disposeWorkingDays: def.disposeWorkingDays,
  };
}

/** Inserts the shipped rules missing by code; never touches an existing row. Returns the codes inserted. */
export async function ensureShippedRules(prisma: DbClient): Promise<string[]> {
  const existing = new Set((await prisma.riskRule.findMany({ select: { code: true } })).map((r) => r.code));
  const missing = SHIPPED_RULES.filter((r) => !existing.has(r.code));
  if (missing.length === 0) return [];
  // skipDuplicates: another process starting at the same moment inserted some first
  await prisma.riskRule.createMany({ data: missing.map(ruleRow), skipDuplicates: true });
  return missing.map((r) => r.code);
}
