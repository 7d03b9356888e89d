// A risk rule (预警规则) in the graph: every column, its parameters as JSON, its change log.
import { builder } from "../builder.ts";
import { AgencyEnum } from "../reference/agency.enum.ts";
import { historyField } from "../writes/history.type.ts";
import { ruleReadable } from "./visibility.ts";
import { AlertSeverityEnum, RuleTriggerEnum } from "./alert.enums.ts";

export const RiskRuleNode = builder.prismaNode("RiskRule", {
  id: { field: "id" },
  description: "A risk rule (预警规则): a condition evaluated in SQL over the data its resources hold, raising an alert per subject and period for the agencies responsible (owner: FINANCE_BUREAU, which edits it).",
  fields: (t) => ({
    code: t.exposeString("code", { description: "Stable identifier, e.g. BANK_LEVERAGE_BELOW_MIN." }),
    nameZh: t.exposeString("nameZh", { description: "Chinese name (规则名称)." }),
    nameEn: t.exposeString("nameEn", { description: "English name." }),
    clause: t.exposeString("clause", { description: "The plan's clause it serves, e.g. 二(二)1." }),
    legalSource: t.exposeString("legalSource", { description: "The rule or document its threshold comes from (依据)." }),
    severity: t.expose("severity", { type: AlertSeverityEnum, description: "The severity of the alerts it raises." }),
    parameters: t.string({ description: 'Its thresholds and windows, as JSON, e.g. {"debtRatio": 0.7}.', resolve: (r) => JSON.stringify(r.parameters) }),
    responsibleAgencies: t.field({ type: [AgencyEnum], description: "The units in the clause's brackets: its alerts are assigned to them (责任单位).", resolve: (r) => r.responsibleAgencies }),
    resources: t.stringList({ description: "The policy resources it reads: an agency sees its alerts only when it may read every one of them.", resolve: (r) => r.resources }),
    alertsVisible: t.boolean({ description: "Whether you may see this rule's alerts (you may read every resource it reads, now).", resolve: (r, _a, ctx) => ruleReadable(ctx.principal, ctx.access.state, r.resources) }),
    subjectType: t.exposeString("subjectType", { description: "The type of its subjects, e.g. Enterprise, Institution, Bond, TradingVenue." }),
    triggers: t.field({ type: [RuleTriggerEnum], description: "When it is evaluated.", resolve: (r) => r.triggers }),
    enabled: t.exposeBoolean("enabled", { description: "Whether it is evaluated." }),
    ackWorkingDays: t.exposeInt("ackWorkingDays", { description: "Working days to acknowledge one of its alerts before it escalates (签收时限)." }),
    disposeWorkingDays: t.exposeInt("disposeWorkingDays", { description: "Working days to dispose of one of its alerts before it escalates (处置时限)." }),
    ownerAgency: t.field({ type: AgencyEnum, description: "The agency that owns the rule.", resolve: (r) => r.ownerAgency }),
    version: t.exposeInt("version", { description: "Version, for optimistic concurrency (pass it as expectedVersion)." }),
    updatedAt: t.expose("updatedAt", { type: "DateTime", description: "When it last changed." }),
    lastEvaluatedAt: t.expose("lastEvaluatedAt", { type: "DateTime", nullable: true, description: "When it was last evaluated." }),
    history: historyField(t, "RiskRule"),
  }),
});
