// Entry points to rules, alerts, their counts and the digest.
import { builder } from "../builder.ts";
import { badInput } from "../reference/places.ts";
import type { AlertSeverity, AlertStatus } from "../generated/prisma/client.ts";
import { AlertFilter, alertsWhere } from "./alert.filters.ts";
import { AlertNode, businessDate } from "./alert.type.ts";
import { RiskRuleNode } from "./risk-rule.type.ts";
import { AlertSeverityEnum, AlertStatusEnum } from "./alert.enums.ts";
import { overdueWhere } from "./overdue.ts";
import { alertDigest, type AlertDigest, type DigestRow } from "./digest.ts";
import { parsePeriod } from "./period.ts";
import { rememberRules } from "./visibility.ts";

interface Counts {
  total: number;
  overdue: number;
  byStatus: { status: AlertStatus; count: number }[];
  bySeverity: { severity: AlertSeverity; count: number }[];
  byCounty: { countyCode: string | null; count: number }[];
  byRule: { ruleCode: string; count: number }[];
}

const StatusCount = builder.objectRef<Counts["byStatus"][number]>("AlertStatusCount").implement({
  description: "How many alerts have a status.",
  fields: (t) => ({ status: t.field({ type: AlertStatusEnum, description: "The status.", resolve: (c) => c.status }), count: t.exposeInt("count", { description: "How many." }) }),
});
const SeverityCount = builder.objectRef<Counts["bySeverity"][number]>("AlertSeverityCount").implement({
  description: "How many alerts have a severity.",
  fields: (t) => ({ severity: t.field({ type: AlertSeverityEnum, description: "The severity.", resolve: (c) => c.severity }), count: t.exposeInt("count", { description: "How many." }) }),
});
const CountyCount = builder.objectRef<Counts["byCounty"][number]>("AlertCountyCount").implement({
  description: "How many alerts concern a county.",
  fields: (t) => ({ countyCode: t.exposeString("countyCode", { nullable: true, description: "The county's division code (null: city-level subjects)." }), count: t.exposeInt("count", { description: "How many." }) }),
});
const RuleCount = builder.objectRef<Counts["byRule"][number]>("AlertRuleCount").implement({
  description: "How many alerts a rule raised.",
  fields: (t) => ({ ruleCode: t.exposeString("ruleCode", { description: "The rule's code." }), count: t.exposeInt("count", { description: "How many." }) }),
});

const AlertCountsType = builder.objectRef<Counts>("AlertCounts").implement({
  description: "Counts of the alerts you may see that match a filter, for a dashboard.",
  fields: (t) => ({
    total: t.exposeInt("total", { description: "How many match." }),
    overdue: t.exposeInt("overdue", { description: "How many of them are overdue on today's business date." }),
    byStatus: t.field({ type: [StatusCount], description: "By status.", resolve: (c) => c.byStatus }),
    bySeverity: t.field({ type: [SeverityCount], description: "By severity.", resolve: (c) => c.bySeverity }),
    byCounty: t.field({ type: [CountyCount], description: "By county.", resolve: (c) => c.byCounty }),
    byRule: t.field({ type: [RuleCount], description: "By rule.", resolve: (c) => c.byRule }),
  }),
});

const DigestRowType = builder.objectRef<DigestRow>("AlertDigestRow").implement({
  description: "A digest's counts for one county and rule.",
  fields: (t) => ({
    countyCode: t.exposeString("countyCode", { nullable: true, description: "The county (null: city-level subjects)." }),
    ruleCode: t.exposeString("ruleCode", { description: "The rule's code." }),
    ruleNameZh: t.exposeString("ruleNameZh", { description: "The rule's Chinese name." }),
    ruleNameEn: t.exposeString("ruleNameEn", { description: "The rule's English name." }),
    new: t.exposeInt("new", { description: "Alerts raised within the period." }),
    open: t.exposeInt("open", { description: "Alerts live at the period's end." }),
    overdue: t.exposeInt("overdue", { description: "Of those, past a deadline at the period's end." }),
  }),
});

const DigestType = builder.objectRef<AlertDigest>("AlertDigest").implement({
  description: "The digest of a period (预警通报): new, open and overdue alerts you may see, by county and rule.",
  fields: (t) => ({
    period: t.string({ description: "The period's label (2018Q4, 2018-12, 2018-12-31).", resolve: (d) => d.period.label }),
    from: t.field({ type: "Date", description: "Its first day.", resolve: (d) => new Date(`${d.period.from}T00:00:00Z`) }),
    to: t.field({ type: "Date", description: "Its last day.", resolve: (d) => new Date(`${d.period.to}T00:00:00Z`) }),
    rows: t.field({ type: [DigestRowType], description: "By county, then rule.", resolve: (d) => d.rows }),
    new: t.int({ description: "Alerts raised within the period, in all.", resolve: (d) => d.totals.new }),
    open: t.int({ description: "Alerts live at its end, in all.", resolve: (d) => d.totals.open }),
    overdue: t.int({ description: "Of those, overdue at its end, in all.", resolve: (d) => d.totals.overdue }),
  }),
});

builder.queryFields((t) => ({
  riskRules: t.prismaField({
    type: [RiskRuleNode],
    description: "The risk rules (预警规则), by code.",
    args: { enabled: t.arg.boolean({ description: "Only enabled (true) or disabled (false) rules." }) },
    resolve: (query, _root, args, ctx) => ctx.prisma.riskRule.findMany({ ...query, where: args.enabled == null ? {} : { enabled: args.enabled }, orderBy: { code: "asc" } }),
  }),
  riskRule: t.prismaField({
    type: RiskRuleNode,
    nullable: true,
    description: "One risk rule by its code; null when there is none.",
    args: { code: t.arg.string({ required: true, description: "The rule's code, e.g. BANK_LEVERAGE_BELOW_MIN." }) },
    resolve: (query, _root, args, ctx) => ctx.prisma.riskRule.findUnique({ ...query, where: { code: args.code } }),
  }),
  alerts: t.prismaConnection({
    type: AlertNode,
    cursor: "id",
    description: "The alerts you may see (预警), newest first: those of rules whose every resource you may read (and, for a county government, in your county).",
    args: { filter: t.arg({ type: AlertFilter, description: "Conditions the alerts must meet." }) },
    resolve: async (query, _root, args, ctx) => ctx.prisma.alert.findMany({ ...query, where: await alertsWhere(args.filter, ctx), orderBy: [{ id: "desc" }] }),
    totalCount: async (_root, args, ctx) => ctx.prisma.alert.count({ where: await alertsWhere(args.filter, ctx) }),
  }),
  alertCounts: t.field({
    type: AlertCountsType,
    description: "Counts of the alerts you may see that match the filter: by status, severity, county and rule (the same alerts `alerts` lists).",
    args: { filter: t.arg({ type: AlertFilter, description: "Conditions the alerts must meet." }) },
    resolve: async (_root, args, ctx) => {
      const where = await alertsWhere(args.filter, ctx);
      const [total, overdue, byStatus, bySeverity, byCounty, byRule] = await Promise.all([
        ctx.prisma.alert.count({ where }),
        ctx.prisma.alert.count({ where: { AND: [where, overdueWhere(businessDate(ctx), true)] } }),
        ctx.prisma.alert.groupBy({ by: ["status"], where, _count: { _all: true }, orderBy: { status: "asc" } }),
        ctx.prisma.alert.groupBy({ by: ["severity"], where, _count: { _all: true }, orderBy: { severity: "asc" } }),
        ctx.prisma.alert.groupBy({ by: ["countyCode"], where, _count: { _all: true }, orderBy: { countyCode: "asc" } }),
        ctx.prisma.alert.groupBy({ by: ["ruleId"], where, _count: { _all: true } }),
      ]);
      const rules = await ctx.prisma.riskRule.findMany({ where: { id: { in: byRule.map((r) => r.ruleId) } }, select: { id: true, code: true, resources: true } });
      rememberRules(rules);
      const codes = new Map(rules.map((r) => [r.id, r.code]));
      return {
        total,
        overdue,
        byStatus: byStatus.map((g) => ({ status: g.status, count: g._count._all })),
        bySeverity: bySeverity.map((g) => ({ severity: g.severity, count: g._count._all })),
        byCounty: byCounty.map((g) => ({ countyCode: g.countyCode, count: g._count._all })),
        byRule: byRule.map((g) => ({ ruleCode: codes.get(g.ruleId)!, count: g._count._all })).sort((a, b) => a.ruleCode.localeCompare(b.ruleCode)),
      };
    },
  }),
  alertDigest: t.field({
    type: DigestType,
    description: "Your digest of a period (预警通报): new, open and overdue alerts you may see, by county and rule.",
    args: { period: t.arg.string({ required: true, description: "A quarter (2018Q4), a month (2018-12) or a day (2018-12-31)." }) },
    resolve: async (_root, args, ctx) => {
      const period = parsePeriod(args.period);
      if (!period) throw badInput({ key: "argument.alertPeriod", params: { period: args.period } }, "period", "format");
      return alertDigest(ctx.prisma, ctx.principal, ctx.access.state, period);
    },
  }),
}));
