// Recording a bond inspection (定期稽察) with its findings, keyed by the inspection document number
// (owner: DEVELOPMENT_REFORM). The findings are part of the record: replacing them is a change of
// the inspection, with its own version and history.
import { z } from "zod";
import { builder } from "../builder.ts";
import type { GraphContext } from "../context.ts";
import { assertOwner } from "../writes/ownership.ts";
import { runWrite, type Tx } from "../writes/write.ts";
import { isRecordNotFound } from "../writes/db-errors.ts";
import { diffRows, recordChanges } from "../writes/history.ts";
import { ConflictError, NotFoundError, WRITE_ERRORS } from "../writes/errors.ts";
import { IssueCollector, date, text } from "../writes/rules.ts";
import { InspectionFindingKindEnum } from "./bond.enums.ts";
import { BondInspectionNode } from "./inspection.type.ts";
import { assertVersion } from "./bond-access.ts";
import { today } from "./calendar.ts";

const BondInspectionFindingInput = builder.inputType("BondInspectionFindingInput", {
  description: "One problem an inspection found.",
  fields: (t) => ({
    kind: t.field({ type: InspectionFindingKindEnum, required: true, description: "Kind of problem." }),
    description: t.string({ required: true, description: "What was found." }),
  }),
});

const BondInspectionInput = builder.inputType("BondInspectionInput", {
  description: "A bond inspection, keyed by its document number (created if new, else updated with its findings replaced).",
  fields: (t) => ({
    inspectionNo: t.string({ required: true, description: "Inspection document number (稽察文号)." }),
    bondCode: t.string({ required: true, description: "The inspected bond's code." }),
    inspectedOn: t.field({ type: "Date", required: true, description: "Date of the inspection; not before the issue date, not in the future." }),
    inspector: t.string({ required: true, description: "Who inspected." }),
    conclusion: t.string({ required: true, description: "Conclusion and required follow-up." }),
    findings: t.field({ type: [BondInspectionFindingInput], required: true, description: "Problems found; empty when none." }),
    expectedVersion: t.int({ description: "The version you read; a different stored version is a conflict and nothing is written." }),
  }),
});

const inspectionSchema = z.object({
  inspectionNo: text(100),
  bondCode: z.string(),
  inspectedOn: date,
  inspector: text(200),
  conclusion: text(2000),
  findings: z.array(z.object({ kind: z.enum(["PROCEEDS_MISUSE", "UNDISCLOSED_RESTRUCTURING", "LATE_DISCLOSURE", "REPAYMENT_SAFEGUARD", "OTHER"]), description: text(1000) })),
  expectedVersion: z.number().int().min(1, { message: "must be 1 or more" }).nullish(),
});

/** The findings as the history shows them. */
const findingLines = (findings: readonly { kind: string; description: string }[]) => findings.map((f) => `${f.kind}: ${f.description}`);

async function recordInspection(ctx: GraphContext, tx: Tx, input: typeof BondInspectionInput.$inferInput) {
  const issues = new IssueCollector();
  const data = issues.parse(inspectionSchema, input, ["input"]);
  const bond = await tx.bond.findUnique({ where: { code: input.bondCode }, select: { id: true, issueDate: true } });
  if (!bond) issues.add(["input", "bondCode"], "exists", "exists.bond", { code: input.bondCode });
  // Checked on the raw date (already parsed by the Date scalar) so a bad finding does not hide it.
  if (bond && input.inspectedOn < bond.issueDate) issues.add(["input", "inspectedOn"], "dateOrder", "dateOrder.bondIssueDate");
  if (input.inspectedOn > today(ctx)) issues.add(["input", "inspectedOn"], "notFuture", "must not be in the future");
  issues.throwIfAny();
  const { expectedVersion, bondCode: _code, findings, ...fields } = data!;

  const current = await tx.bondInspection.findUnique({ where: { inspectionNo: fields.inspectionNo }, include: { findings: { orderBy: { id: "asc" } } } });
  const values = { ...fields, bondId: bond!.id };
  if (!current) {
    if (expectedVersion) throw new NotFoundError("BondInspection", fields.inspectionNo);
    const row = await tx.bondInspection.create({ data: { ...values, reportedAt: ctx.now, findings: { create: findings } } });
    await recordChanges(tx, ctx, [{ entityType: "BondInspection", entityId: row.id, entityKey: row.inspectionNo, action: "CREATE", before: null, after: { ...row, findings: findingLines(findings) } }]);
    return row;
  }
  assertVersion("BondInspection", current.inspectionNo, current.version, expectedVersion);
  const { findings: storedFindings, ...stored } = current;
  const before = { ...stored, findings: findingLines(storedFindings) };
  if (Object.keys(diffRows(before, { ...before, ...values, findings: findingLines(findings) })).length === 0) return stored;
  // The version in the WHERE turns a concurrent writer that got in first into a conflict (P2025).
  const row = await tx.bondInspection
    .update({
      where: { id: current.id, version: current.version },
      data: { ...values, reportedAt: ctx.now, version: { increment: 1 }, findings: { deleteMany: {}, create: findings } },
    })
    .catch((error: unknown) => {
      if (isRecordNotFound(error)) {
        throw new ConflictError({ key: "conflict.changedConcurrently", params: { entity: "BondInspection", key: current.inspectionNo } }, current.version + 1);
      }
      throw error;
    });
  await recordChanges(tx, ctx, [{ entityType: "BondInspection", entityId: row.id, entityKey: row.inspectionNo, action: "UPDATE", before, after: { ...row, findings: findingLines(findings) } }]);
  return row;
}

builder.mutationFields((t) => ({
  recordBondInspection: t.prismaField({
    type: BondInspectionNode,
    description: "Records a periodic bond inspection (定期稽察) with its findings, or corrects one (owner: DEVELOPMENT_REFORM 市发展改革局).",
    errors: { types: WRITE_ERRORS },
    args: {
      input: t.arg({ type: BondInspectionInput, required: true, description: "The inspection." }),
      idempotencyKey: t.arg.string({ description: "Retrying with the same key returns the first result instead of writing again." }),
    },
    resolve: async (_query, _root, args, ctx) => {
      assertOwner(ctx, ["DEVELOPMENT_REFORM"], { key: "records.bondInspections" });
      return runWrite(ctx, { operation: "recordBondInspection", input: args.input, idempotencyKey: args.idempotencyKey }, (tx) => recordInspection(ctx, tx, args.input)) as never;
    },
  }),
}));
