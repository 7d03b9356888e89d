// Factories for early-warning tests: a risk rule and its alerts written straight into the test
// database (as the evaluator would write them), so the graph's rules of visibility, masking and
// workflow can be tested on exactly the rows a case needs.
import type { Agency, AlertSeverity, AlertStatus, PrismaClient } from "../../src/generated/prisma/client.ts";

let counter = 0;
const tag = () => `${process.pid % 10000}${String(++counter).padStart(4, "0")}`;

export interface TestRuleSpec {
  code?: string;
  resources: string[];
  responsibleAgencies?: Agency[];
  subjectType?: string;
  parameters?: Record<string, unknown>;
  severity?: AlertSeverity;
}

/** A rule with the given resources (a fresh code unless one is given; an existing code is reused). */
export async function testRule(db: PrismaClient, spec: TestRuleSpec) {
  const code = spec.code ?? `TEST_RULE_${tag()}`;
  const data = {
    nameZh: `测试规则${code}`,
    nameEn: `Test rule ${code}`,
    clause: "二(二)1",
    legalSource: "测试",
    severity: spec.severity ?? ("HIGH" as const),
    parameters: (spec.parameters ?? { threshold: 0.7, days: 30 }) as object,
    responsibleAgencies: spec.responsibleAgencies ?? (["FINANCE_BUREAU", "CBRC"] as Agency[]),
    resources: spec.resources,
    subjectType: spec.subjectType ?? "Enterprise",
    triggers: ["WRITE" as const],
    ackWorkingDays: 2,
    disposeWorkingDays: 10,
  };
  return db.riskRule.upsert({ where: { code }, create: { code, ...data }, update: {} });
}

export interface TestAlertSpec {
  ruleId: number;
  subjectType?: string;
  subjectId: number;
  subjectKey: string;
  subjectName: string;
  countyCode: string | null;
  period?: string;
  status?: AlertStatus;
  evidence?: { field: string; value: unknown; recordType: string; recordId: number }[];
  assignedAgencies?: Agency[];
  raisedOn?: string;
  ackDueOn?: string;
  disposeDueOn?: string;
}

/** An alert as the evaluator raises it, with its RAISED event (whose outbox event the trigger writes). */
export async function testAlert(db: PrismaClient, spec: TestAlertSpec) {
  const live = !spec.status || ["OPEN", "ACKNOWLEDGED", "IN_DISPOSAL"].includes(spec.status);
  const rule = await db.riskRule.findUniqueOrThrow({ where: { id: spec.ruleId } });
  const alert = await db.alert.create({
    data: {
      ruleId: spec.ruleId,
      subjectType: spec.subjectType ?? rule.subjectType,
      subjectId: spec.subjectId,
      subjectKey: spec.subjectKey,
      subjectName: spec.subjectName,
      countyCode: spec.countyCode,
      period: spec.period ?? `T${tag()}`,
      status: spec.status ?? "OPEN",
      severity: rule.severity,
      evidence: (spec.evidence ?? []) as object,
      live: live ? true : null,
      assignedAgencies: spec.assignedAgencies ?? rule.responsibleAgencies,
      // By default in time on the demo's date (2018-12-31) and up to mid-January 2019.
      raisedOn: new Date(`${spec.raisedOn ?? "2018-12-28"}T00:00:00Z`),
      ackDueOn: new Date(`${spec.ackDueOn ?? "2019-01-15"}T00:00:00Z`),
      disposeDueOn: new Date(`${spec.disposeDueOn ?? "2019-01-31"}T00:00:00Z`),
    },
  });
  await db.alertEvent.create({ data: { alertId: alert.id, kind: "RAISED", toStatus: alert.status } });
  return alert;
}

/** An enterprise of the seeded data in a county, as an alert subject. */
export async function seededEnterprise(db: PrismaClient, county = "441704", skip = 0) {
  return db.enterprise.findFirstOrThrow({ where: { countyCode: county, retiredAt: null }, orderBy: { id: "asc" }, skip });
}

/** An alert on a seeded enterprise of a rule reading `resources`. */
export async function enterpriseAlert(db: PrismaClient, resources: string[], options: { county?: string; agencies?: Agency[]; evidence?: TestAlertSpec["evidence"]; status?: AlertStatus; dueDates?: Pick<TestAlertSpec, "raisedOn" | "ackDueOn" | "disposeDueOn"> } = {}) {
  const rule = await testRule(db, { resources, ...(options.agencies ? { responsibleAgencies: options.agencies } : {}) });
  const e = await seededEnterprise(db, options.county ?? "441704");
  const alert = await testAlert(db, {
    ruleId: rule.id,
    subjectId: e.id,
    subjectKey: e.uscc,
    subjectName: e.name,
    countyCode: e.countyCode,
    evidence: options.evidence ?? [{ field: "Enterprise.name", value: e.name, recordType: "Enterprise", recordId: e.id }],
    ...(options.status ? { status: options.status } : {}),
    ...options.dueDates,
  });
  return { rule, enterprise: e, alert };
}
