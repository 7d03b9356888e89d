// An alert (预警) in the graph: a Relay node whose visibility, evidence and subject follow the
// sharing policy (visibility.ts, evidence.ts, subject.ts). node(id:) applies the same filter as
// the list, so an alert the principal may not see answers null, exactly like one that does not exist.
import { encodeGlobalID } from "@pothos/plugin-relay";
import type { GraphQLResolveInfo } from "graphql";
import { builder } from "../builder.ts";
import type { GraphContext } from "../context.ts";
import type { Alert, AlertEvent, Prisma } from "../generated/prisma/client.ts";
import { AgencyEnum } from "../reference/agency.enum.ts";
import { groupBy, loaderFor } from "../graph/loaders.ts";
import { rowScope, type ScopedModel } from "../access/row-scope.ts";
import { today } from "../bonds/calendar.ts";
import { EnterpriseNode } from "../enterprise/enterprise.type.ts";
import { InstitutionNode } from "../institutions/institution.type.ts";
import { BondNode } from "../bonds/bond.type.ts";
import { TradingVenueNode } from "../venues/venue.type.ts";
import { RectificationOrderNode } from "../venues/inspection.type.ts";
import { DeleveragingPlanNode } from "../debt/plan.type.ts";
import { FundraisingClueNode } from "../fundraising/clue.type.ts";
import { alertWhere } from "./visibility.ts";
import { evidenceItems, indicatorKinds, viewEvidence, type EvidenceShown } from "./evidence.ts";
import { subjectValue } from "./subject.ts";
import { isOverdue } from "./overdue.ts";
import { AlertEventKindEnum, AlertSeverityEnum, AlertStatusEnum } from "./alert.enums.ts";

/** The business date of the request (YYYY-MM-DD). */
export const businessDate = (ctx: GraphContext) => today(ctx).toISOString().slice(0, 10);

/** The alerts this request's principal may see (no condition when enforcement is off for measurements). */
export const visibleAlerts = (ctx: GraphContext): Prisma.AlertWhereInput => (ctx.access.enforced ? alertWhere(ctx.principal, ctx.access.state) : {});

export const AlertEvidenceType = builder.objectRef<EvidenceShown>("AlertEvidence").implement({
  description: "One fact behind an alert: a field of a record, shown or masked exactly as that field is to you in the graph (items of fields you may not read are left out).",
  fields: (t) => ({
    field: t.exposeString("field", { description: "The field it is, as Type.field, e.g. IndicatorValue.value." }),
    value: t.string({ nullable: true, description: "Its value as text (masked when your cell for the field says M).", resolve: (e) => (e.value === null || e.value === undefined ? null : typeof e.value === "string" ? e.value : JSON.stringify(e.value)) }),
    masked: t.exposeBoolean("masked", { description: "Whether the value is masked for you." }),
    recordType: t.exposeString("recordType", { description: "The record's type, e.g. IndicatorValue." }),
    recordId: t.exposeInt("recordId", { description: "The record's database id." }),
    recordGlobalId: t.id({ description: "The record's global id, for node(id:).", resolve: (e) => encodeGlobalID(e.recordType, e.recordId) }),
  }),
});

export const AlertEventType = builder.objectRef<AlertEvent>("AlertEvent").implement({
  description: "One entry of an alert's history (预警记录): raised, evidence changed, a transition, an escalation or a comment.",
  fields: (t) => ({
    kind: t.field({ type: AlertEventKindEnum, description: "What happened.", resolve: (e) => e.kind }),
    fromStatus: t.field({ type: AlertStatusEnum, nullable: true, description: "The status before.", resolve: (e) => e.fromStatus }),
    toStatus: t.field({ type: AlertStatusEnum, nullable: true, description: "The status after.", resolve: (e) => e.toStatus }),
    agency: t.field({ type: AgencyEnum, nullable: true, description: "The agency that acted (none for the evaluator and the scheduler).", resolve: (e) => e.agency }),
    actor: t.exposeString("actor", { nullable: true, description: "The system or user name that acted." }),
    note: t.exposeString("note", { nullable: true, description: "The comment, or the reason of a resolution or dismissal." }),
    at: t.expose("at", { type: "DateTime", description: "When." }),
  }),
});

/** The evidence of an alert as this principal may see it; sensitive records go into the request's audit. */
async function evidenceFor(alert: Alert, ctx: GraphContext, info: GraphQLResolveInfo): Promise<EvidenceShown[]> {
  const items = evidenceItems(alert.evidence);
  if (!ctx.access.enforced) return items.map((i) => ({ ...i, masked: false }));
  const kinds = await loaderFor<number, string | undefined>(ctx, "alert:indicator-kind", async (ids) => {
    const map = await indicatorKinds(ctx.prisma, ids.map((id) => ({ field: "IndicatorValue.value", value: null, recordType: "IndicatorValue", recordId: id })));
    return ids.map((id) => map.get(id));
  }).loadMany(items.filter((i) => i.recordType === "IndicatorValue").map((i) => i.recordId));
  const kindMap = new Map<number, string>();
  items.filter((i) => i.recordType === "IndicatorValue").forEach((i, n) => typeof kinds[n] === "string" && kindMap.set(i.recordId, kinds[n] as string));
  const { shown, records, maskedResources } = viewEvidence(items, kindMap, (r) => ctx.access.decision(r));
  for (const r of records) {
    ctx.access.recordField(r.entityType, r.entityId, r.resource, r.field);
    ctx.access.markRead(r.resource, r.purpose);
  }
  for (const resource of maskedResources) ctx.access.markMasked(info, resource);
  return shown;
}

function subjectField(which: "key" | "name") {
  return (alert: Alert, _a: unknown, ctx: GraphContext, info: GraphQLResolveInfo) => {
    const raw = which === "key" ? alert.subjectKey : alert.subjectName;
    if (!ctx.access.enforced) return raw;
    const { value, masked, resource } = subjectValue(alert.subjectType, which, raw, (r) => ctx.access.decision(r));
    if (masked && resource) ctx.access.markMasked(info, resource);
    return value;
  };
}

/** One record of `model` by id, in the principal's row scope, batched across a page of alerts. */
function linked<T>(ctx: GraphContext, model: ScopedModel & ("Enterprise" | "Institution" | "Bond" | "TradingVenue" | "RectificationOrder" | "DeleveragingPlan" | "FundraisingClue"), id: number | null): Promise<T | null> | null {
  if (id === null) return null;
  const delegate = (ctx.prisma as unknown as Record<string, { findMany(args: object): Promise<{ id: number }[]> }>)[model[0]!.toLowerCase() + model.slice(1)]!;
  return loaderFor<number, T | null>(ctx, `alert:linked:${model}`, async (ids) => {
    const rows = await delegate.findMany({ where: { AND: [{ id: { in: [...ids] } }, rowScope(ctx, model)] } });
    const byId = new Map(rows.map((r) => [r.id, r as T]));
    return ids.map((i) => byId.get(i) ?? null);
  }).load(id);
}

const subjectOf = (alert: Alert, type: string) => (alert.subjectType === type ? alert.subjectId : null);

export const AlertNode = builder.prismaNode("Alert", {
  id: { field: "id" },
  // node(id:) and the plugin's reloads: only an alert the principal may see is found.
  findUnique: (id: string, ctx: GraphContext) => ({ id: Number(id), ...visibleAlerts(ctx) }) as Prisma.AlertWhereUniqueInput,
  nullable: true,
  description: "An alert (预警): one rule's condition holding for one subject in one period, assigned to the agencies responsible and followed through its disposal. You see it only when you may read every resource its rule reads (and, for a county government, only in your county).",
  fields: (t) => ({
    alertId: t.exposeInt("id", { description: "The alert's number (预警编号, its database id)." }),
    rule: t.relation("rule", { description: "The rule that raised it (预警规则)." }),
    subjectType: t.exposeString("subjectType", { description: "The type of its subject (预警对象类型), e.g. Enterprise." }),
    subjectGlobalId: t.id({ description: "The subject's global id, for node(id:).", resolve: (a) => encodeGlobalID(a.subjectType, a.subjectId) }),
    subjectKey: t.string({ nullable: true, description: "The subject's natural key (对象代码: USCC, institution code, bond code…), as that field is to you.", resolve: subjectField("key") }),
    subjectName: t.string({ nullable: true, description: "The subject's name at raise time (对象名称), as that field is to you.", resolve: subjectField("name") }),
    enterprise: t.field({ type: EnterpriseNode, nullable: true, description: "The subject, when it is an enterprise.", resolve: (a, _x, ctx) => linked(ctx, "Enterprise", subjectOf(a, "Enterprise")) }),
    institution: t.field({ type: InstitutionNode, nullable: true, description: "The subject, when it is a financial institution.", resolve: (a, _x, ctx) => linked(ctx, "Institution", subjectOf(a, "Institution")) }),
    bond: t.field({ type: BondNode, nullable: true, description: "The subject, when it is a bond.", resolve: (a, _x, ctx) => linked(ctx, "Bond", subjectOf(a, "Bond")) }),
    tradingVenue: t.field({ type: TradingVenueNode, nullable: true, description: "The subject, when it is a trading venue.", resolve: (a, _x, ctx) => linked(ctx, "TradingVenue", subjectOf(a, "TradingVenue")) }),
    fundraisingClue: t.field({ type: FundraisingClueNode, nullable: true, description: "The subject, when it is an illegal-fundraising clue.", resolve: (a, _x, ctx) => linked(ctx, "FundraisingClue", subjectOf(a, "FundraisingClue")) }),
    countyCode: t.exposeString("countyCode", { nullable: true, description: "The subject's county (所属县区, division code); null for city-level subjects." }),
    period: t.exposeString("period", { description: 'What the condition is dated by (所属期间): "2018Q4", "2018-12", "2018-12-31", or "" for a standing condition.' }),
    status: t.expose("status", { type: AlertStatusEnum, description: "Where it stands in its disposal (处置状态)." }),
    severity: t.expose("severity", { type: AlertSeverityEnum, description: "How grave it is (预警等级)." }),
    evidence: t.field({ type: [AlertEvidenceType], description: "The facts behind it, each as its field is to you (masked, or left out when you may not read it).", resolve: (a, _x, ctx, info) => evidenceFor(a, ctx, info) }),
    assignedAgencies: t.field({ type: [AgencyEnum], description: "The agencies it is assigned to (责任单位: the rule's responsible units; FINANCE_BUREAU once escalated).", resolve: (a) => a.assignedAgencies }),
    raisedAt: t.expose("raisedAt", { type: "DateTime", description: "When it was raised (预警时间)." }),
    raisedOn: t.expose("raisedOn", { type: "Date", description: "The business date it was raised on (预警日期)." }),
    ackDueOn: t.expose("ackDueOn", { type: "Date", description: "The last day to acknowledge it (签收期限)." }),
    disposeDueOn: t.expose("disposeDueOn", { type: "Date", description: "The last day to dispose of it (处置期限)." }),
    overdue: t.boolean({ description: "Live and past a deadline on today's business date (逾期: OPEN past ackDueOn, or not closed past disposeDueOn).", resolve: (a, _x, ctx) => isOverdue(a, businessDate(ctx)) }),
    acknowledgedAt: t.expose("acknowledgedAt", { type: "DateTime", nullable: true, description: "When it was acknowledged (签收时间)." }),
    escalated: t.boolean({ description: "Whether it was escalated to FINANCE_BUREAU for a missed deadline (已升级).", resolve: (a) => a.escalatedAt !== null }),
    escalatedAt: t.expose("escalatedAt", { type: "DateTime", nullable: true, description: "When it was escalated (升级时间)." }),
    closedAt: t.expose("closedAt", { type: "DateTime", nullable: true, description: "When it was resolved or dismissed (办结时间)." }),
    closeReason: t.exposeString("closeReason", { nullable: true, description: "Why it was resolved or dismissed (办结说明)." }),
    autoResolved: t.exposeBoolean("autoResolved", { description: "Resolved by itself (自动解除): the condition no longer holds." }),
    plan: t.field({ type: DeleveragingPlanNode, nullable: true, description: "The 一企一策 plan its disposal is linked to.", resolve: (a, _x, ctx) => linked(ctx, "DeleveragingPlan", a.planId) }),
    rectificationOrder: t.field({ type: RectificationOrderNode, nullable: true, description: "The rectification order its disposal is linked to.", resolve: (a, _x, ctx) => linked(ctx, "RectificationOrder", a.rectificationOrderId) }),
    version: t.exposeInt("version", { description: "Version, for optimistic concurrency (pass it as expectedVersion)." }),
    history: t.field({
      type: [AlertEventType],
      description: "What happened to it, oldest first (预警记录).",
      resolve: (a, _x, ctx) =>
        loaderFor<number, AlertEvent[]>(ctx, "alert:events", async (ids) => groupBy(ids, await ctx.prisma.alertEvent.findMany({ where: { alertId: { in: [...ids] } }, orderBy: { id: "asc" } }), (e) => e.alertId)).load(a.id),
    }),
  }),
});
