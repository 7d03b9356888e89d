// Status changes, deletion and joint-punishment measures of dishonesty records (owner: the
// Development and Reform Bureau). Each is one change with its own change sequence number.
import { builder } from "../builder.ts";
import type { GraphContext } from "../context.ts";
import type { DishonestyStatus } from "../generated/prisma/client.ts";
import { assertOwner } from "../writes/ownership.ts";
import { runWrite } from "../writes/write.ts";
import { ConflictError, keyedIssue, ValidationError, type FieldIssue } from "../writes/errors.ts";
import { AgencyEnum } from "../reference/agency.enum.ts";
import { chinaDay, isoDay } from "./calendar-day.ts";
import { DishonestyStatusEnum, PunishmentMeasureEnum } from "./dishonesty.enums.ts";
import { DishonestyRecordNode } from "./dishonesty.type.ts";
import { commitDishonestyChange, recordForChange } from "./dishonesty.write.ts";
import { reloadRecord } from "./dishonesty.reload.ts";
import { writeResult } from "./write-result.ts";

const OWNER = ["DEVELOPMENT_REFORM"] as const;

/** Problems with a date that must fall between the listing and today (China time). */
function dateIssues(ctx: GraphContext, field: string, value: Date, listedOn: Date): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (value < listedOn) issues.push(keyedIssue([field], "dateOrder", "dateOrder.listingDate", { listed: isoDay(listedOn) }));
  if (value > chinaDay(ctx.businessNow)) issues.push({ path: [field], rule: "notFuture", message: "must not be in the future" });
  return issues;
}

builder.mutationFields((t) => ({
  changeDishonestyStatus: t.prismaField({
    type: DishonestyRecordNode,
    description:
      "Takes an active record off its list: REPAIRED (信用修复), EXPIRED (期满移出, on or after the expiry date) or REVOKED (撤销). Only an ACTIVE record changes status; the change log marks it a tombstone (owner: DEVELOPMENT_REFORM).",
    errors: writeResult("dishonesty record"),
    args: {
      documentNo: t.arg.string({ required: true, description: "The record's decision document number." }),
      status: t.arg({ type: DishonestyStatusEnum, required: true, description: "The new status: REPAIRED, EXPIRED or REVOKED." }),
      changedOn: t.arg({ type: "Date", required: true, description: "When the status changed; between the listing date and today." }),
      expectedVersion: t.arg.int({ required: true, description: "The version you read; a different stored version is a conflict." }),
      idempotencyKey: t.arg.string({ description: "Retrying with the same key returns the first result instead of writing again (kept 24 h)." }),
    },
    resolve: async (query, _root, args, ctx) => {
      assertOwner(ctx, OWNER, { key: "records.dishonestyRecords" });
      const row = await runWrite(ctx, { operation: "changeDishonestyStatus", input: args, idempotencyKey: args.idempotencyKey }, async (tx) => {
        const current = await recordForChange(tx, args.documentNo, args.expectedVersion);
        const issues = dateIssues(ctx, "changedOn", args.changedOn, current.listedOn);
        const target: DishonestyStatus = args.status;
        if (target === "ACTIVE") issues.push(keyedIssue(["status"], "transition", "transition.relist"));
        if (target === "EXPIRED" && !current.expiresOn) issues.push(keyedIssue(["status"], "noExpiry", "noExpiry"));
        if (target === "EXPIRED" && current.expiresOn && args.changedOn < current.expiresOn) {
          issues.push(keyedIssue(["changedOn"], "beforeExpiry", "beforeExpiry", { expires: isoDay(current.expiresOn) }));
        }
        if (issues.length) throw new ValidationError(issues);
        if (current.status !== "ACTIVE") throw new ConflictError({ key: "conflict.dishonesty.notActive", params: { document: args.documentNo, status: current.status } }, current.version);
        return commitDishonestyChange(tx, ctx, {
          current,
          documentNo: args.documentNo,
          data: { status: target, statusChangedOn: args.changedOn },
          action: "UPDATE",
        });
      });
      return reloadRecord(ctx, query, row) as never;
    },
  }),
  deleteDishonestyRecord: t.prismaField({
    type: DishonestyRecordNode,
    description:
      "Deletes a record entered in error. It disappears from every read; a tombstone stays in the change log so that synchronising systems remove it too (owner: DEVELOPMENT_REFORM).",
    errors: writeResult("dishonesty record"),
    args: {
      documentNo: t.arg.string({ required: true, description: "The record's decision document number." }),
      expectedVersion: t.arg.int({ required: true, description: "The version you read; a different stored version is a conflict." }),
      idempotencyKey: t.arg.string({ description: "Retrying with the same key returns the first result instead of writing again (kept 24 h)." }),
    },
    resolve: async (query, _root, args, ctx) => {
      assertOwner(ctx, OWNER, { key: "records.dishonestyRecords" });
      const row = await runWrite(ctx, { operation: "deleteDishonestyRecord", input: args, idempotencyKey: args.idempotencyKey }, async (tx) => {
        const current = await recordForChange(tx, args.documentNo, args.expectedVersion);
        return commitDishonestyChange(tx, ctx, { current, documentNo: args.documentNo, data: { deletedAt: ctx.now }, action: "RETIRE" });
      });
      return reloadRecord(ctx, query, row) as never;
    },
  }),
  addPunishmentMeasure: t.prismaField({
    type: DishonestyRecordNode,
    description: "Records a joint-punishment measure (联合惩戒) an agency applies to an active record; a change of the record with its own sequence number (owner: DEVELOPMENT_REFORM).",
    errors: writeResult("dishonesty record"),
    args: {
      documentNo: t.arg.string({ required: true, description: "The record's decision document number." }),
      agency: t.arg({ type: AgencyEnum, required: true, description: "The agency applying the measure (实施单位)." }),
      measure: t.arg({ type: PunishmentMeasureEnum, required: true, description: "The measure (惩戒措施)." }),
      appliedOn: t.arg({ type: "Date", required: true, description: "When the agency started applying it; between the listing date and today." }),
      expectedVersion: t.arg.int({ description: "The version you read; when given, a different stored version is a conflict." }),
      idempotencyKey: t.arg.string({ description: "Retrying with the same key returns the first result instead of writing again (kept 24 h)." }),
    },
    resolve: async (query, _root, args, ctx) => {
      assertOwner(ctx, OWNER, { key: "records.dishonestyRecords" });
      const row = await runWrite(ctx, { operation: "addPunishmentMeasure", input: args, idempotencyKey: args.idempotencyKey }, async (tx) => {
        const current = await recordForChange(tx, args.documentNo, args.expectedVersion);
        const issues = dateIssues(ctx, "appliedOn", args.appliedOn, current.listedOn);
        if (issues.length) throw new ValidationError(issues);
        if (current.status !== "ACTIVE") throw new ConflictError({ key: "conflict.dishonesty.measureInactive", params: { document: args.documentNo, status: current.status } }, current.version);
        const before = await tx.jointPunishmentMeasure.findMany({ where: { recordId: current.id }, orderBy: { id: "asc" } });
        if (before.some((m) => m.agency === args.agency && m.measure === args.measure)) {
          throw new ConflictError({ key: "conflict.dishonesty.measureApplied", params: { agency: args.agency, measure: args.measure, document: args.documentNo } }, current.version);
        }
        const added = await tx.jointPunishmentMeasure.create({ data: { recordId: current.id, agency: args.agency, measure: args.measure, appliedOn: args.appliedOn } });
        const listed = (ms: typeof before) => ms.map((m) => `${m.agency}:${m.measure}:${isoDay(m.appliedOn)}`);
        return commitDishonestyChange(tx, ctx, {
          current,
          documentNo: args.documentNo,
          data: {},
          action: "UPDATE",
          history: { before: { measures: listed(before) }, after: { measures: listed([...before, added]) } },
        });
      });
      return reloadRecord(ctx, query, row) as never;
    },
  }),
}));
