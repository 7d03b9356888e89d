// 校核: a recipient disputes a record it received (disputeRecord); the owner answers within the
// deadline (answerDispute): accepts once it has corrected the record through the normal write
// path, or rejects with a reason. Both are rows of the record's history (change_record, with the
// dispute's id), and the answer is a notice to the agency that raised it.
import { decodeGlobalID, encodeGlobalID } from "@pothos/plugin-relay";
import { builder } from "../builder.ts";
import type { GraphContext } from "../context.ts";
import type { ChangeAction, RecordDispute } from "../generated/prisma/client.ts";
import { runWrite, type Tx } from "../writes/write.ts";
import { ConflictError, IDEMPOTENCY_KEY_DOC, keyedIssue, NotFoundError, ValidationError, WRITE_ERRORS, type FieldIssue } from "../writes/errors.ts";
import { noteWritten } from "../writes/write-log.ts";
import { recordKey } from "../access/audit/chain.ts";
import { addWorkingDays } from "../access/working-days.ts";
import { chinaDay } from "../credit/calendar-day.ts";
import { FEEDBACK_TOPIC, insertNotices } from "../notices/notify.ts";
import { DISPUTABLE, isFieldOf, type Disputable } from "./disputable.ts";
import { disputeNumber, disputesVisibleTo } from "./dispute-access.ts";
import { RecordDisputeType } from "./dispute.type.ts";

/** The owner answers within this many working days (the answer deadline of 国发〔2016〕51号's sharing requests). */
export const DISPUTE_WORKING_DAYS = 5;

const textIssues = (field: string, value: string, max: number): FieldIssue[] =>
  value.trim().length === 0
    ? [keyedIssue([field], "required", "verification.required")]
    : value.length > max
      ? [keyedIssue([field], "maxLength", "verification.tooLong", { max: String(max) })]
      : [];

function disputedRecord(id: string): { type: string; id: number; spec: Disputable } {
  try {
    const { typename, id: raw } = decodeGlobalID(id);
    const spec = DISPUTABLE[typename];
    const n = Number(raw);
    if (spec && Number.isInteger(n) && n > 0) return { type: typename, id: n, spec };
  } catch {
    // reported below
  }
  throw new ValidationError([keyedIssue(["record"], "type", "verification.badRecordId")]);
}

/** Received it (the read audit holds it for this agency, this county) or may read it now. */
async function mayDispute(tx: Tx, ctx: GraphContext, type: string, id: number, spec: Disputable): Promise<boolean> {
  if (ctx.access.decision(spec.resource).allow) return true;
  const { agency, countyCode } = ctx.principal;
  const received = await tx.auditEntry.count({ where: { recordKeys: { has: recordKey(type, id) }, agency, ...(agency === "COUNTY" ? { countyCode } : {}) } });
  return received > 0;
}

/** A history row of the dispute on the record: no field changed, the dispute named. */
async function historyRow(tx: Tx, ctx: GraphContext, d: RecordDispute, action: ChangeAction, reason: string): Promise<void> {
  const version = await currentVersion(tx, d.entityType, d.entityId);
  const row = {
    entityType: d.entityType, entityId: d.entityId, entityKey: d.entityKey, action, version,
    agency: ctx.principal.agency, actor: ctx.principal.name, keyPrefix: ctx.principal.keyPrefix, requestId: ctx.requestId,
    changes: {}, reason, disputeId: d.id, changedAt: ctx.now,
  };
  await tx.changeRecord.create({ data: row });
  noteWritten(tx, [row]);
}

async function currentVersion(tx: Tx, type: string, id: number): Promise<number> {
  const row = type === "Loan" ? await tx.loan.findUnique({ where: { id }, select: { version: true } }) : await tx.dishonestyRecord.findUnique({ where: { id }, select: { version: true } });
  return row?.version ?? 0;
}

builder.mutationFields((t) => ({
  disputeRecord: t.field({
    type: RecordDisputeType,
    description: `Disputes a record your agency received or may read (校核异议): the fields (none: the whole record), the reason and the evidence. The owner must answer within ${DISPUTE_WORKING_DAYS} working days; an unanswered dispute escalates to FINANCE_BUREAU.`,
    errors: { types: WRITE_ERRORS },
    args: {
      record: t.arg.id({ required: true, description: "The record's global id (a Loan or a DishonestyRecord)." }),
      fields: t.arg.stringList({ description: "The disputed fields, as the graph names them (e.g. balance, classification); omit for the record as a whole." }),
      reason: t.arg.string({ required: true, description: "Why the record is wrong (up to 2000 characters)." }),
      evidence: t.arg.string({ required: true, description: "The evidence (up to 4000 characters): document numbers, dates, what your own files say." }),
      idempotencyKey: t.arg.string({ description: IDEMPOTENCY_KEY_DOC }),
    },
    resolve: async (_root, args, ctx) => {
      const target = disputedRecord(String(args.record));
      const fields = [...new Set(args.fields ?? [])];
      const issues: FieldIssue[] = [...textIssues("reason", args.reason, 2000), ...textIssues("evidence", args.evidence, 4000)];
      fields.forEach((f, i) => {
        if (!isFieldOf(target.spec, f)) issues.push(keyedIssue(["fields", i], "field", "verification.unknownField", { type: target.type, field: JSON.stringify(f) }));
      });
      if (issues.length) throw new ValidationError(issues);
      return runWrite(ctx, { operation: "disputeRecord", input: args, idempotencyKey: args.idempotencyKey }, async (tx) => {
        const found = await target.spec.find(tx, target.id);
        // A record one may not read answers as one that does not exist: a dispute is no probe.
        if (!found || !(await mayDispute(tx, ctx, target.type, target.id, target.spec))) throw new NotFoundError(target.type, String(args.record));
        if (found.owner === ctx.principal.agency) throw new ValidationError([keyedIssue(["record"], "ownRecord", "verification.ownRecord")]);
        const { agency, countyCode, name } = ctx.principal;
        const mine = { agency, ...(agency === "COUNTY" ? { countyCode } : {}) };
        const open = await tx.recordDispute.findFirst({ where: { entityType: target.type, entityId: target.id, status: "OPEN", ...mine } });
        if (open) throw new ConflictError({ key: "verification.alreadyOpen", params: { id: encodeGlobalID("RecordDispute", open.id) } });
        const latest = await tx.changeRecord.findFirst({ where: { entityType: target.type, entityId: target.id }, orderBy: { id: "desc" }, select: { id: true } });
        const openedOn = chinaDay(ctx.businessNow);
        const dispute = await tx.recordDispute.create({
          data: {
            entityType: target.type, entityId: target.id, entityKey: found.key, ownerAgency: found.owner,
            agency, countyCode: agency === "COUNTY" ? countyCode : null, principalName: name,
            fields, reason: args.reason.trim(), evidence: args.evidence.trim(),
            openedOn, dueOn: addWorkingDays(openedOn, DISPUTE_WORKING_DAYS), baselineChangeId: latest?.id ?? 0n,
          },
        });
        await historyRow(tx, ctx, dispute, "DISPUTED", `dispute ${encodeGlobalID("RecordDispute", dispute.id)} by ${agency}${fields.length ? ` on ${fields.join(", ")}` : ""}: ${dispute.reason}`);
        return dispute;
      });
    },
  }),
  answerDispute: t.field({
    type: RecordDisputeType,
    description: "The record's owner answers a dispute (校核答复): accept once the record is corrected through its normal write (the correction since the dispute was raised is linked), or reject with a reason.",
    errors: { types: WRITE_ERRORS },
    args: {
      id: t.arg.id({ required: true, description: "The dispute's global id." }),
      accept: t.arg.boolean({ required: true, description: "true: accepted, the record was corrected; false: rejected." }),
      answer: t.arg.string({ required: true, description: "The answer: what was corrected, or why the record stands (up to 2000 characters)." }),
      idempotencyKey: t.arg.string({ description: IDEMPOTENCY_KEY_DOC }),
    },
    resolve: async (_root, args, ctx) => {
      const id = disputeNumber(String(args.id));
      const issues = textIssues("answer", args.answer, 2000);
      if (issues.length) throw new ValidationError(issues);
      return runWrite(ctx, { operation: "answerDispute", input: args, idempotencyKey: args.idempotencyKey }, async (tx) => {
        const d = await tx.recordDispute.findFirst({ where: { AND: [{ id }, disputesVisibleTo(ctx.principal)] } });
        if (!d) throw new NotFoundError("RecordDispute", String(args.id));
        if (d.ownerAgency !== ctx.principal.agency) throw new ValidationError([keyedIssue(["id"], "owner", "verification.notOwner", { owner: d.ownerAgency })]);
        if (d.status !== "OPEN") throw new ConflictError({ key: "verification.answered", params: { status: d.status } }, d.version);
        let correctionChangeId: bigint | null = null;
        if (args.accept) {
          const correction = await tx.changeRecord.findFirst({
            where: { entityType: d.entityType, entityId: d.entityId, id: { gt: d.baselineChangeId }, action: { in: ["UPDATE", "RETIRE"] }, agency: d.ownerAgency },
            orderBy: { id: "desc" },
          });
          if (!correction) throw new ValidationError([keyedIssue(["accept"], "correctFirst", "verification.correctFirst", { mutation: DISPUTABLE[d.entityType]!.correctWith })]);
          correctionChangeId = correction.id;
        }
        const { count } = await tx.recordDispute.updateMany({
          where: { id: d.id, version: d.version },
          data: { status: args.accept ? "ACCEPTED" : "REJECTED", answer: args.answer.trim(), answeredAt: ctx.now, answeredBy: ctx.principal.name, correctionChangeId, version: { increment: 1 } },
        });
        if (!count) throw new ConflictError({ key: "verification.answered", params: { status: "answered concurrently" } });
        const gid = encodeGlobalID("RecordDispute", d.id);
        await historyRow(tx, ctx, d, "DISPUTE_ANSWERED", args.accept ? `dispute ${gid} accepted (corrected in change ${correctionChangeId}): ${args.answer.trim()}` : `dispute ${gid} rejected: ${args.answer.trim()}`);
        await insertNotices(tx, [{ agency: d.agency, countyCode: d.countyCode, kind: "DISPUTE_ANSWERED", entityType: d.entityType, entityId: d.entityId, entityKey: d.entityKey, fields: d.fields, disputeId: d.id, changeRecordId: correctionChangeId }], FEEDBACK_TOPIC);
        return tx.recordDispute.findUniqueOrThrow({ where: { id: d.id } });
      });
    },
  }),
}));
