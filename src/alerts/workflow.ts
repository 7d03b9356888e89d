// The disposal workflow of an alert (issue 12 item 3): OPEN → ACKNOWLEDGED → IN_DISPOSAL →
// RESOLVED / DISMISSED, comments at any time. Each action is one write (runWrite: the alert, its
// alert_event row, whose outbox event the trigger writes, and the write's audit entry commit
// together), refused unless the alert is visible to the principal and assigned to its agency
// (or the principal is FINANCE_BUREAU), and checked against the alert's version.
import { decodeGlobalID } from "@pothos/plugin-relay";
import { localizedError } from "../i18n/index.ts";
import type { Alert, AlertEventKind, AlertStatus, Prisma } from "../generated/prisma/client.ts";
import type { GraphContext } from "../context.ts";
import type { Tx } from "../writes/write.ts";
import { ConflictError, NotFoundError } from "../writes/errors.ts";
import { IssueCollector, text } from "../writes/rules.ts";
import { isRecordNotFound } from "../writes/db-errors.ts";
import { noteWritten } from "../writes/write-log.ts";
import { plainValue } from "../writes/snapshot.ts";
import { rowScope } from "../access/row-scope.ts";
import { visibleAlerts } from "./alert.type.ts";

export type Action = "acknowledge" | "startDisposal" | "resolve" | "dismiss" | "comment";

const LIVE: readonly AlertStatus[] = ["OPEN", "ACKNOWLEDGED", "IN_DISPOSAL"];

/** The statuses an action may start from, and where it leads (comment keeps the status). */
const TRANSITIONS: Record<Action, { from: readonly AlertStatus[]; to: AlertStatus | null; event: AlertEventKind }> = {
  acknowledge: { from: ["OPEN"], to: "ACKNOWLEDGED", event: "ACKNOWLEDGED" },
  startDisposal: { from: ["OPEN", "ACKNOWLEDGED"], to: "IN_DISPOSAL", event: "DISPOSAL_STARTED" },
  resolve: { from: LIVE, to: "RESOLVED", event: "RESOLVED" },
  dismiss: { from: LIVE, to: "DISMISSED", event: "DISMISSED" },
  comment: { from: [...LIVE, "RESOLVED", "DISMISSED"], to: null, event: "COMMENTED" },
};

export interface ActionArgs {
  id: string;
  expectedVersion?: number | null;
  /** the reason (resolve, dismiss) or the comment */
  note?: string | null;
  planNo?: string | null;
  rectificationOrderNo?: string | null;
}

/** The alert's number from its global id; anything else names no alert. */
export function alertNumber(id: string): number | null {
  try {
    const decoded = decodeGlobalID(id);
    return decoded.typename === "Alert" && /^\d+$/.test(decoded.id) ? Number(decoded.id) : null;
  } catch {
    return null;
  }
}

/** The disposal link: a 一企一策 plan of the alert's enterprise, or a rectification order of its venue, that the principal may read. */
async function disposalLink(ctx: GraphContext, tx: Tx, alert: Alert, args: ActionArgs, issues: IssueCollector): Promise<Prisma.AlertUncheckedUpdateInput> {
  const { planNo, rectificationOrderNo } = args;
  const canLinkPlan = alert.subjectType === "Enterprise";
  const canLinkOrder = alert.subjectType === "TradingVenue" || alert.subjectType === "RectificationOrder";
  if (planNo && rectificationOrderNo) {
    issues.add(["rectificationOrderNo"], "oneOf", "oneOf.planOrOrder");
    return {};
  }
  if (!planNo && !rectificationOrderNo) {
    if (canLinkPlan) issues.add(["planNo"], "required", "required.alertPlan");
    else if (canLinkOrder) issues.add(["rectificationOrderNo"], "required", "required.alertOrder");
    return {};
  }
  if (planNo) {
    if (!canLinkPlan) {
      issues.add(["planNo"], "link", "link.planSubject", { subject: alert.subjectType });
      return {};
    }
    // A plan the principal may not read is answered as one that does not exist: the link is no oracle.
    const readable = !ctx.access.enforced || ctx.access.decision("debt.monitoring").allow;
    const plan = readable ? await tx.deleveragingPlan.findFirst({ where: { AND: [{ planNo }, rowScope(ctx, "DeleveragingPlan")] } }) : null;
    if (!plan || plan.retiredAt) issues.add(["planNo"], "exists", "exists.plan", { plan: planNo });
    else if (plan.enterpriseId !== alert.subjectId) issues.add(["planNo"], "link", "link.planEnterprise", { plan: planNo });
    else return { planId: plan.id, rectificationOrderId: null };
    return {};
  }
  if (!canLinkOrder) {
    issues.add(["rectificationOrderNo"], "link", "link.orderSubject", { subject: alert.subjectType });
    return {};
  }
  const readable = !ctx.access.enforced || ctx.access.decision("venues.supervision").allow;
  const order = readable
    ? await tx.rectificationOrder.findFirst({ where: { AND: [{ orderNo: rectificationOrderNo! }, rowScope(ctx, "RectificationOrder")] }, include: { violation: { include: { inspection: true } } } })
    : null;
  if (!order) issues.add(["rectificationOrderNo"], "exists", "exists.order", { order: String(rectificationOrderNo) });
  else if (alert.subjectType === "TradingVenue" ? order.violation.inspection.venueId !== alert.subjectId : order.id !== alert.subjectId)
    issues.add(["rectificationOrderNo"], "link", "link.orderVenue", { order: String(rectificationOrderNo) });
  else return { rectificationOrderId: order.id, planId: null };
  return {};
}

const reasonRule = text(2000);

/** Runs one action inside the write's transaction; returns the alert as written. */
export async function act(ctx: GraphContext, tx: Tx, action: Action, args: ActionArgs): Promise<Alert> {
  const number = alertNumber(args.id);
  // Not visible and not existing answer the same.
  const alert = number === null ? null : await tx.alert.findFirst({ where: { AND: [{ id: number }, visibleAlerts(ctx)] } });
  if (!alert) throw new NotFoundError("Alert", args.id);
  const agency = ctx.principal.agency;
  if (agency !== "FINANCE_BUREAU" && !alert.assignedAgencies.includes(agency)) {
    throw localizedError("write.alertNotAssigned", { agencies: alert.assignedAgencies.join(", ") }, { code: "FORBIDDEN", resource: "alerts.alerts", assignedAgencies: alert.assignedAgencies });
  }
  const rule = TRANSITIONS[action];
  const issues = new IssueCollector();
  if (!rule.from.includes(alert.status)) issues.add(["status"], "transition", "transition.alert", { status: alert.status, verb: { key: `alert.verb.${action}` } });
  let note: string | null = null;
  if (action === "resolve" || action === "dismiss" || action === "comment") {
    const field = action === "comment" ? "note" : "reason";
    if (args.note == null || !args.note.trim()) issues.add([field], "required", action === "comment" ? "required.alertComment" : "required.alertReason", { verb: { key: `alert.verb.${action}` } });
    else note = issues.parse(reasonRule, args.note, [field]);
  } else if (args.note != null) {
    note = issues.parse(reasonRule, args.note, ["note"]);
  }
  const link = action === "startDisposal" && rule.from.includes(alert.status) ? await disposalLink(ctx, tx, alert, args, issues) : {};
  issues.throwIfAny();
  if (args.expectedVersion != null && args.expectedVersion !== alert.version) {
    throw new ConflictError({ key: "conflict.staleVersion", params: { entity: "Alert", key: args.id, current: alert.version, expected: args.expectedVersion } }, alert.version);
  }

  let written = alert;
  if (rule.to) {
    const closing = rule.to === "RESOLVED" || rule.to === "DISMISSED";
    const data: Prisma.AlertUncheckedUpdateInput = {
      status: rule.to,
      version: { increment: 1 },
      ...link,
      ...(rule.to === "ACKNOWLEDGED" ? { acknowledgedAt: ctx.now } : {}),
      // The unique index allows one live alert per (rule, subject, period): a closed one has live NULL.
      ...(closing ? { live: null, closedAt: ctx.now, closeReason: note, autoResolved: false } : {}),
    };
    try {
      written = await tx.alert.update({ where: { id: alert.id, version: alert.version }, data });
    } catch (error) {
      if (isRecordNotFound(error)) throw new ConflictError({ key: "conflict.alert.changed", params: { id: args.id } }, alert.version + 1);
      throw error;
    }
  }
  await tx.alertEvent.create({
    data: { alertId: alert.id, kind: rule.event, fromStatus: alert.status, toStatus: rule.to ?? alert.status, agency, actor: ctx.principal.name, note, requestId: ctx.requestId, at: ctx.now },
  });
  // The write's audit entry lists the alert and what changed of it.
  const changes: Record<string, { old: unknown; new: unknown }> = {};
  for (const k of ["status", "planId", "rectificationOrderId", "closeReason"] as const) {
    if (plainValue(alert[k]) !== plainValue(written[k])) changes[k] = { old: plainValue(alert[k]), new: plainValue(written[k]) };
  }
  if (action === "comment") changes.comment = { old: null, new: note };
  noteWritten(tx, [{ entityType: "Alert", entityId: alert.id, changes }]);
  return written;
}
