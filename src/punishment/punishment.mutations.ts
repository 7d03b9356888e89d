// 发起→响应→反馈: the designating agency initiates a case on an active dishonesty record, each
// asked agency accepts or declines (with a reason) and feeds back what it did and when.
import { builder } from "../builder.ts";
import type { GraphContext } from "../context.ts";
import type { Agency, PunishmentCase, PunishmentMeasure } from "../generated/prisma/client.ts";
import { runWrite, type Tx } from "../writes/write.ts";
import { ConflictError, IDEMPOTENCY_KEY_DOC, keyedIssue, NotFoundError, ValidationError, WRITE_ERRORS, type FieldIssue } from "../writes/errors.ts";
import { AgencyEnum } from "../reference/agency.enum.ts";
import { PunishmentMeasureEnum } from "../credit/dishonesty.enums.ts";
import { addWorkingDays } from "../access/working-days.ts";
import { chinaDay, isoDay } from "../credit/calendar-day.ts";
import { recordForChange } from "../credit/dishonesty.write.ts";
import { assertOwner } from "../writes/ownership.ts";
import { PunishmentCaseType } from "./punishment.type.ts";
import { caseNumber, casesVisibleTo } from "./case-access.ts";

const DESIGNATING = ["DEVELOPMENT_REFORM"] as const;
// County governments are not asked one by one yet (a part is per agency); see docs/feedback.md.
const NOT_ACTORS = new Set<string>(["CREDIT_PLATFORM", "COUNTY", ...DESIGNATING]);
export const DEFAULT_FEEDBACK_WORKING_DAYS = 10;

const text = (field: string, value: string, max: number): FieldIssue[] =>
  value.trim().length === 0 ? [{ path: [field], rule: "required", message: "must not be empty" }] : value.length > max ? [{ path: [field], rule: "maxLength", message: `must be at most ${max} characters`, params: { maximum: max } }] : [];

/** The case, if the caller takes part in it; else NotFound (a case one may not see answers as one that does not exist). */
async function caseFor(tx: Tx, ctx: GraphContext, id: string): Promise<PunishmentCase> {
  const found = await tx.punishmentCase.findFirst({ where: { AND: [{ id: caseNumber(id) }, casesVisibleTo(ctx.principal)] } });
  if (!found) throw new NotFoundError("PunishmentCase", id);
  return found;
}

/** The caller's part in an open case. */
async function myTask(tx: Tx, ctx: GraphContext, c: PunishmentCase) {
  const task = await tx.punishmentTask.findUnique({ where: { caseId_agency: { caseId: c.id, agency: ctx.principal.agency } } });
  if (!task) throw new ValidationError([keyedIssue(["id"], "notAsked", "punishment.notAsked")]);
  if (c.status !== "OPEN") throw new ConflictError({ key: "punishment.caseNotOpen", params: { status: c.status } }, c.version);
  return task;
}

/** Bumps the case's version; completes it once no part is left open. */
async function settle(tx: Tx, c: PunishmentCase): Promise<PunishmentCase> {
  const open = await tx.punishmentTask.count({ where: { caseId: c.id, status: { in: ["ASKED", "ACCEPTED"] } } });
  return tx.punishmentCase.update({ where: { id: c.id }, data: { version: { increment: 1 }, ...(open === 0 ? { status: "COMPLETED" } : {}) } });
}

builder.mutationFields((t) => ({
  initiatePunishmentCase: t.field({
    type: PunishmentCaseType,
    description: "Initiates a joint-punishment case (联合惩戒 发起) on an ACTIVE dishonesty record: the memorandum, the measures and the agencies asked to act; feedback is due in working days (owner: DEVELOPMENT_REFORM).",
    errors: { types: WRITE_ERRORS },
    args: {
      documentNo: t.arg.string({ required: true, description: "The dishonesty record's decision document number." }),
      memorandum: t.arg.string({ required: true, description: "The memorandum or decision the measures act under (合作备忘录), e.g. 发改财金〔2016〕141号." }),
      measures: t.arg({ type: [PunishmentMeasureEnum], required: true, description: "The measures asked for." }),
      agencies: t.arg({ type: [AgencyEnum], required: true, description: "The agencies asked to act (实施单位)." }),
      openedOn: t.arg({ type: "Date", description: "The date of the initiating decision (发起日期): not before the listing, not in the future; default today. Feedback is due in working days from it." }),
      feedbackWorkingDays: t.arg.int({ defaultValue: DEFAULT_FEEDBACK_WORKING_DAYS, description: `Working days for feedback, 1–60 (default ${DEFAULT_FEEDBACK_WORKING_DAYS}).` }),
      idempotencyKey: t.arg.string({ description: IDEMPOTENCY_KEY_DOC }),
    },
    resolve: async (_root, args, ctx) => {
      assertOwner(ctx, DESIGNATING, { key: "records.punishmentCases" });
      const issues: FieldIssue[] = [...text("memorandum", args.memorandum, 2000)];
      const agencies = args.agencies as Agency[];
      if (!agencies.length) issues.push(keyedIssue(["agencies"], "required", "punishment.agenciesEmpty"));
      agencies.forEach((a, i) => {
        if (agencies.indexOf(a) !== i) issues.push(keyedIssue(["agencies", i], "unique", "punishment.agencyDuplicate", { agency: a }));
        if (NOT_ACTORS.has(a)) issues.push(keyedIssue(["agencies", i], "actor", "punishment.agencyNotActor", { agency: a }));
      });
      const measures = [...new Set(args.measures as PunishmentMeasure[])];
      if (!measures.length) issues.push(keyedIssue(["measures"], "required", "punishment.measuresEmpty"));
      const days = args.feedbackWorkingDays ?? DEFAULT_FEEDBACK_WORKING_DAYS;
      if (!Number.isInteger(days) || days < 1 || days > 60) issues.push(keyedIssue(["feedbackWorkingDays"], "range", "punishment.workingDays"));
      if (issues.length) throw new ValidationError(issues);
      return runWrite(ctx, { operation: "initiatePunishmentCase", input: args, idempotencyKey: args.idempotencyKey }, async (tx) => {
        const record = await recordForChange(tx, args.documentNo, null);
        if (record.status !== "ACTIVE") throw new ConflictError({ key: "punishment.recordNotActive", params: { doc: args.documentNo, status: record.status } }, record.version);
        const today = chinaDay(ctx.businessNow);
        const openedOn = args.openedOn ?? today;
        if (openedOn > today || openedOn < record.listedOn) {
          throw new ValidationError([keyedIssue(["openedOn"], "dateOrder", "punishment.openedOnOrder", { listed: isoDay(record.listedOn) })]);
        }
        return tx.punishmentCase.create({
          data: {
            recordId: record.id,
            initiator: ctx.principal.agency,
            memorandum: args.memorandum.trim(),
            measures,
            openedOn,
            feedbackDueOn: addWorkingDays(openedOn, days),
            tasks: { create: [...new Set(agencies)].map((agency) => ({ agency })) },
          },
        });
      });
    },
  }),
  respondToPunishmentCase: t.field({
    type: PunishmentCaseType,
    description: "An asked agency's response (响应): accepts the case, or declines it with a reason. Once per agency.",
    errors: { types: WRITE_ERRORS },
    args: {
      id: t.arg.id({ required: true, description: "The case's global id." }),
      accept: t.arg.boolean({ required: true, description: "true to accept, false to decline." }),
      reason: t.arg.string({ description: "Why you decline (required when declining)." }),
      idempotencyKey: t.arg.string({ description: IDEMPOTENCY_KEY_DOC }),
    },
    resolve: async (_root, args, ctx) =>
      runWrite(ctx, { operation: "respondToPunishmentCase", input: args, idempotencyKey: args.idempotencyKey }, async (tx) => {
        const c = await caseFor(tx, ctx, String(args.id));
        const task = await myTask(tx, ctx, c);
        if (task.status !== "ASKED") throw new ConflictError({ key: "punishment.alreadyResponded", params: { status: task.status } }, c.version);
        if (!args.accept) {
          const issues = text("reason", args.reason ?? "", 1000);
          if (issues.length) throw new ValidationError(issues.map((i) => (i.rule === "required" ? keyedIssue(i.path, i.rule, "punishment.declineReason") : i)));
        }
        await tx.punishmentTask.update({
          where: { id: task.id },
          data: args.accept ? { status: "ACCEPTED", respondedAt: ctx.now } : { status: "DECLINED", respondedAt: ctx.now, declineReason: args.reason!.trim() },
        });
        return settle(tx, c);
      }),
  }),
  feedBackPunishmentCase: t.field({
    type: PunishmentCaseType,
    description: "An accepting agency's feedback (反馈): the measure it applied, when, and what it did (e.g. loan application refused, bond issuance blocked, subsidy withheld).",
    errors: { types: WRITE_ERRORS },
    args: {
      id: t.arg.id({ required: true, description: "The case's global id." }),
      measure: t.arg({ type: PunishmentMeasureEnum, required: true, description: "The measure applied; one of the case's." }),
      actedOn: t.arg({ type: "Date", required: true, description: "When you acted; between the case's opening and today." }),
      feedback: t.arg.string({ required: true, description: "What you did, e.g. 拒绝其贷款申请 (a loan application refused)." }),
      idempotencyKey: t.arg.string({ description: IDEMPOTENCY_KEY_DOC }),
    },
    resolve: async (_root, args, ctx) =>
      runWrite(ctx, { operation: "feedBackPunishmentCase", input: args, idempotencyKey: args.idempotencyKey }, async (tx) => {
        const c = await caseFor(tx, ctx, String(args.id));
        const task = await myTask(tx, ctx, c);
        if (task.status !== "ACCEPTED") throw new ConflictError({ key: "punishment.notAccepted", params: { status: task.status } }, c.version);
        const issues = text("feedback", args.feedback, 2000);
        if (!c.measures.includes(args.measure)) issues.push(keyedIssue(["measure"], "oneOf", "punishment.measureNotAsked", { measure: args.measure }));
        if (args.actedOn < c.openedOn || args.actedOn > chinaDay(ctx.businessNow)) issues.push(keyedIssue(["actedOn"], "dateOrder", "punishment.actedOnOrder", { day: isoDay(c.openedOn) }));
        if (issues.length) throw new ValidationError(issues);
        await tx.punishmentTask.update({ where: { id: task.id }, data: { status: "FED_BACK", measure: args.measure, actedOn: args.actedOn, feedback: args.feedback.trim(), fedBackAt: ctx.now } });
        return settle(tx, c);
      }),
  }),
}));
