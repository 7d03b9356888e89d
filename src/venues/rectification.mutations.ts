// Moving a rectification order on (owner: FINANCE_BUREAU): in progress, completed, declared overdue.
import { z } from "zod";
import { builder } from "../builder.ts";
import type { GraphContext } from "../context.ts";
import { assertOwner } from "../writes/ownership.ts";
import { runWrite, type Tx } from "../writes/write.ts";
import { upsertByKey, type Delegate, type VersionedRow } from "../writes/records.ts";
import { NotFoundError, WRITE_ERRORS } from "../writes/errors.ts";
import { IssueCollector, date } from "../writes/rules.ts";
import { today } from "../bonds/calendar.ts";
import { RectificationStatusEnum } from "./venue.enums.ts";
import { RectificationOrderNode } from "./inspection.type.ts";
import { rereadQuery } from "../writes/reread.ts";

const argsSchema = z.object({
  status: z.enum(["OPEN", "IN_PROGRESS", "COMPLETED", "OVERDUE"]),
  completedOn: date.nullish(),
});

const orders = (tx: Tx) => tx.rectificationOrder as unknown as Delegate<VersionedRow>;

async function updateRectification(ctx: GraphContext, tx: Tx, args: { orderNo: string; status: string; completedOn?: Date | null; expectedVersion?: number | null }) {
  const current = await tx.rectificationOrder.findUnique({ where: { orderNo: args.orderNo } });
  if (!current) throw new NotFoundError("RectificationOrder", args.orderNo);
  const issues = new IssueCollector();
  const data = issues.parse(argsSchema, args, []);
  if (data?.status === "COMPLETED") {
    if (!data.completedOn) issues.add(["completedOn"], "required", "required.whenStatus", { status: "COMPLETED" });
    else if (data.completedOn < current.issuedOn) issues.add(["completedOn"], "dateOrder", "dateOrder.orderIssued", { issued: current.issuedOn.toISOString().slice(0, 10) });
    else if (data.completedOn > today(ctx)) issues.add(["completedOn"], "notFuture", "must not be in the future");
  } else if (data?.completedOn) {
    issues.add(["completedOn"], "empty", "empty.unlessStatus", { status: "COMPLETED" });
  }
  issues.throwIfAny();
  const { row } = await upsertByKey(tx, ctx, {
    delegate: orders(tx),
    entityType: "RectificationOrder",
    key: args.orderNo,
    where: { orderNo: args.orderNo },
    // Only an existing order moves on: without expectedVersion, the current one.
    expectedVersion: args.expectedVersion ?? current.version,
    data: { status: data!.status, completedOn: data!.completedOn ?? null },
  });
  return row;
}

builder.mutationFields((t) => ({
  updateRectification: t.prismaField({
    type: RectificationOrderNode,
    description: "Updates a rectification order's status (owner: FINANCE_BUREAU 市金融局). COMPLETED needs a completion date on or after the issue date.",
    errors: { types: WRITE_ERRORS },
    args: {
      orderNo: t.arg.string({ required: true, description: "The order document number." }),
      status: t.arg({ type: RectificationStatusEnum, required: true, description: "The new status." }),
      completedOn: t.arg({ type: "Date", description: "Completion date; required for COMPLETED, empty otherwise." }),
      expectedVersion: t.arg.int({ description: "The version you read; a different stored version is a conflict." }),
      idempotencyKey: t.arg.string({ description: "Retrying with the same key returns the first result instead of writing again." }),
    },
    resolve: async (query, _root, args, ctx) => {
      assertOwner(ctx, ["FINANCE_BUREAU"], { key: "records.rectificationOrders" });
      const order = await runWrite(ctx, { operation: "updateRectification", input: args, idempotencyKey: args.idempotencyKey }, (tx) => updateRectification(ctx, tx, args));
      // Read back through the selection's query: the order's venue is reached through its inspection.
      return ctx.prisma.rectificationOrder.findUniqueOrThrow({ ...rereadQuery(query), where: { id: order.id } });
    },
  }),
}));
