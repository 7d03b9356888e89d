// Inspections of trading venues, the violations they found and the rectification orders issued.
import { builder } from "../builder.ts";
import type { TradingVenue } from "../generated/prisma/client.ts";
import { provenanceFields } from "../reference/provenance.ts";
import { historyField } from "../writes/history.type.ts";
import { rowScope, scopedNode } from "../access/row-scope.ts";
import { today } from "../bonds/calendar.ts";
import { TradingVenueNode } from "./venue.type.ts";
import { RectificationStatusEnum, ViolationKindEnum } from "./venue.enums.ts";

/** 逾期: not completed and the deadline has passed (before today, Beijing time). */
export const isRectificationOverdue = (order: { status: string; deadline: Date }, day: Date): boolean =>
  order.status !== "COMPLETED" && order.deadline.getTime() < day.getTime();

export const RectificationOrderNode = builder.prismaNode("RectificationOrder", {
  id: { field: "id" },
  ...scopedNode("RectificationOrder"),
  description: "A rectification order (整改通知) for a violation, with its deadline (owner: FINANCE_BUREAU).",
  fields: (t) => ({
    orderNo: t.exposeString("orderNo", { description: "Order document number (整改通知文号), unique." }),
    violation: t.relation("violation", { description: "The violation to rectify." }),
    venue: t.field({
      type: TradingVenueNode,
      description: "The venue that must rectify (via the violation's inspection).",
      select: (_args, _ctx, nestedSelection) => ({ violation: { select: { inspection: { select: { venue: nestedSelection(true) } } } } }),
      resolve: (order) => order.violation.inspection.venue as TradingVenue,
    }),
    issuedOn: t.expose("issuedOn", { type: "Date", description: "Date issued (下达日期)." }),
    deadline: t.expose("deadline", { type: "Date", description: "Deadline for rectification (整改期限)." }),
    status: t.expose("status", { type: RectificationStatusEnum, description: "Status as recorded (整改状态)." }),
    completedOn: t.expose("completedOn", { type: "Date", nullable: true, description: "When rectification was completed (整改完成日期), if it was." }),
    isOverdue: t.boolean({
      description: "Overdue (逾期): not completed and the deadline is before today (Beijing time), whatever the recorded status; computed.",
      resolve: (order, _args, ctx) => isRectificationOverdue(order, today(ctx)),
    }),
    history: historyField(t, "RectificationOrder"),
    ...provenanceFields(t),
  }),
});

export const VenueViolationType = builder.prismaObject("VenueViolation", {
  description: "A violation found during a venue inspection (检查发现的违规问题).",
  fields: (t) => ({
    kind: t.expose("kind", { type: ViolationKindEnum, description: "Kind of violation (违规类型)." }),
    description: t.exposeString("description", { description: "What was found (问题描述)." }),
    inspection: t.relation("inspection", { description: "The inspection that found it." }),
    rectification: t.relation("rectification", { nullable: true, description: "The rectification order issued for it (整改通知), if any." }),
  }),
});

export const VenueInspectionNode = builder.prismaNode("VenueInspection", {
  id: { field: "id" },
  ...scopedNode("VenueInspection"),
  description: "An inspection of a trading venue (交易场所现场检查) by the finance bureau, which owns it.",
  fields: (t) => ({
    inspectionNo: t.exposeString("inspectionNo", { description: "Inspection document number (检查文号), unique." }),
    venue: t.relation("venue", { description: "The inspected venue." }),
    inspectedOn: t.expose("inspectedOn", { type: "Date", description: "Date of the inspection (检查日期)." }),
    inspector: t.exposeString("inspector", { description: "Who inspected (检查单位/人员)." }),
    findings: t.exposeString("findings", { description: "Summary of findings (检查情况)." }),
    violations: t.relation("violations", {
      description: "Violations found (违规问题), in the order recorded.",
      query: (_args, ctx) => ({ where: rowScope(ctx, "VenueViolation"), orderBy: { id: "asc" } }),
    }),
    history: historyField(t, "VenueInspection"),
    ...provenanceFields(t),
  }),
});
