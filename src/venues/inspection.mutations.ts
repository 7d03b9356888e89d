// Recording a venue inspection with its violations and their rectification orders, all in one
// transaction (owner: FINANCE_BUREAU). An inspection is recorded once; its orders then move on
// through updateRectification.
import { z } from "zod";
import { builder } from "../builder.ts";
import type { GraphContext } from "../context.ts";
import { assertOwner } from "../writes/ownership.ts";
import { runWrite, type Tx } from "../writes/write.ts";
import { recordChanges, type ChangeInput } from "../writes/history.ts";
import { ConflictError, WRITE_ERRORS } from "../writes/errors.ts";
import { IssueCollector, date, text } from "../writes/rules.ts";
import { today } from "../bonds/calendar.ts";
import { ViolationKindEnum } from "./venue.enums.ts";
import { VenueInspectionNode } from "./inspection.type.ts";

const RectificationOrderInput = builder.inputType("RectificationOrderInput", {
  description: "The rectification order issued for a violation.",
  fields: (t) => ({
    orderNo: t.string({ required: true, description: "Order document number (整改通知文号), unique." }),
    issuedOn: t.field({ type: "Date", description: "Date issued; defaults to the inspection date, never before it." }),
    deadline: t.field({ type: "Date", required: true, description: "Deadline for rectification, after the issue date." }),
  }),
});

const VenueViolationInput = builder.inputType("VenueViolationInput", {
  description: "A violation found during the inspection.",
  fields: (t) => ({
    kind: t.field({ type: ViolationKindEnum, required: true, description: "Kind of violation." }),
    description: t.string({ required: true, description: "What was found." }),
    rectification: t.field({ type: RectificationOrderInput, description: "The rectification order issued for it, if one was." }),
  }),
});

const VenueInspectionInput = builder.inputType("VenueInspectionInput", {
  description: "A venue inspection with its violations and rectification orders.",
  fields: (t) => ({
    inspectionNo: t.string({ required: true, description: "Inspection document number (检查文号), unique." }),
    venueCode: t.string({ required: true, description: "The inspected venue's code." }),
    inspectedOn: t.field({ type: "Date", required: true, description: "Date of the inspection; not in the future." }),
    inspector: t.string({ required: true, description: "Who inspected." }),
    findings: t.string({ required: true, description: "Summary of findings." }),
    violations: t.field({ type: [VenueViolationInput], required: true, description: "Violations found; empty when none." }),
  }),
});

const kinds = ["ILLEGAL_FINANCIAL_BUSINESS", "SPLIT_OR_POOLED_TRADING", "DISCLOSURE", "INVESTOR_SUITABILITY", "OTHER"] as const;
const inspectionSchema = z.object({
  inspectionNo: text(100),
  venueCode: z.string(),
  inspectedOn: date,
  inspector: text(200),
  findings: text(4000),
  violations: z.array(
    z.object({
      kind: z.enum(kinds),
      description: text(1000),
      rectification: z.object({ orderNo: text(100), issuedOn: date.nullish(), deadline: date }).nullish(),
    }),
  ),
});

/** The raw input as the GraphQL scalars parsed it: dates are already dates. */
interface OrdersInput {
  inspectedOn: Date;
  violations: readonly { rectification?: { orderNo: string; issuedOn?: Date | null; deadline: Date } | null }[];
}

/**
 * Rules across fields and rows: order dates in sequence, order numbers unique here and in the
 * database. Run on the raw input so they are reported along with any field-level problem.
 */
async function checkOrders(tx: Tx, issues: IssueCollector, data: OrdersInput): Promise<void> {
  const numbers = new Map<string, number>();
  data.violations.forEach((v, i) => {
    const order = v.rectification;
    if (!order) return;
    const path = ["input", "violations", i, "rectification"];
    const issuedOn = order.issuedOn ?? data.inspectedOn;
    if (issuedOn < data.inspectedOn) issues.add([...path, "issuedOn"], "dateOrder", "must not be before inspectedOn", { earlier: "inspectedOn" });
    if (order.deadline <= issuedOn) issues.add([...path, "deadline"], "dateOrder", "dateOrder.afterIssue");
    if (numbers.has(order.orderNo)) issues.add([...path, "orderNo"], "unique", "unique.orderNoRepeats", { index: numbers.get(order.orderNo)! });
    else numbers.set(order.orderNo, i);
  });
  const taken = await tx.rectificationOrder.findMany({ where: { orderNo: { in: [...numbers.keys()] } }, select: { orderNo: true } });
  for (const { orderNo } of taken) issues.add(["input", "violations", numbers.get(orderNo)!, "rectification", "orderNo"], "unique", "unique.orderExists", { order: orderNo });
}

async function recordInspection(ctx: GraphContext, tx: Tx, input: typeof VenueInspectionInput.$inferInput) {
  const existing = await tx.venueInspection.findUnique({ where: { inspectionNo: input.inspectionNo }, select: { version: true } });
  if (existing) throw new ConflictError({ key: "conflict.venueInspection.recorded", params: { inspection: input.inspectionNo } }, existing.version);
  const issues = new IssueCollector();
  const data = issues.parse(inspectionSchema, input, ["input"]);
  const venue = await tx.tradingVenue.findUnique({ where: { code: input.venueCode }, select: { id: true } });
  if (!venue) issues.add(["input", "venueCode"], "exists", "exists.venue", { code: input.venueCode });
  if (input.inspectedOn > today(ctx)) issues.add(["input", "inspectedOn"], "notFuture", "must not be in the future");
  await checkOrders(tx, issues, input);
  issues.throwIfAny();
  const { venueCode: _code, violations, ...fields } = data!;
  const row = await tx.venueInspection.create({
    data: {
      ...fields,
      venueId: venue!.id,
      reportedAt: ctx.now,
      violations: {
        create: violations.map((v) => ({
          kind: v.kind,
          description: v.description,
          ...(v.rectification
            ? { rectification: { create: { orderNo: v.rectification.orderNo, issuedOn: v.rectification.issuedOn ?? fields.inspectedOn, deadline: v.rectification.deadline, status: "OPEN", reportedAt: ctx.now } } }
            : {}),
        })),
      },
    },
    include: { violations: { include: { rectification: true }, orderBy: { id: "asc" } } },
  });
  const { violations: created, ...inspection } = row;
  const changes: ChangeInput[] = [
    { entityType: "VenueInspection", entityId: row.id, entityKey: row.inspectionNo, action: "CREATE", before: null, after: { ...inspection, violations: created.map((v) => `${v.kind}: ${v.description}`) } },
  ];
  for (const v of created) {
    if (v.rectification) changes.push({ entityType: "RectificationOrder", entityId: v.rectification.id, entityKey: v.rectification.orderNo, action: "CREATE", before: null, after: v.rectification });
  }
  await recordChanges(tx, ctx, changes);
  return inspection;
}

builder.mutationFields((t) => ({
  recordVenueInspection: t.prismaField({
    type: VenueInspectionNode,
    description: "Records a venue inspection with its violations and rectification orders, in one transaction (owner: FINANCE_BUREAU 市金融局).",
    errors: { types: WRITE_ERRORS },
    args: {
      input: t.arg({ type: VenueInspectionInput, required: true, description: "The inspection." }),
      idempotencyKey: t.arg.string({ description: "Retrying with the same key returns the first result instead of writing again (kept 24 h)." }),
    },
    resolve: async (_query, _root, args, ctx) => {
      assertOwner(ctx, ["FINANCE_BUREAU"], { key: "records.venueInspections" });
      return runWrite(ctx, { operation: "recordVenueInspection", input: args.input, idempotencyKey: args.idempotencyKey }, (tx) => recordInspection(ctx, tx, args.input)) as never;
    },
  }),
}));
