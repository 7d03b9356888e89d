// Joint-punishment cases (联合惩戒 发起→响应→反馈) in the graph.
import { encodeGlobalID } from "@pothos/plugin-relay";
import { builder } from "../builder.ts";
import type { PunishmentCase, PunishmentTask } from "../generated/prisma/client.ts";
import { AgencyEnum } from "../reference/agency.enum.ts";
import { PunishmentMeasureEnum } from "../credit/dishonesty.enums.ts";
import { groupBy, loaderFor } from "../graph/loaders.ts";
import type { GraphContext } from "../context.ts";
import { chinaDay } from "../credit/calendar-day.ts";
import { COORDINATORS } from "./case-access.ts";

export const PunishmentCaseStatusEnum = builder.enumType("PunishmentCaseStatus", {
  description: "Where a joint-punishment case stands.",
  values: {
    OPEN: { description: "Asked agencies are responding and feeding back." },
    COMPLETED: { description: "Every asked agency declined or fed back." },
    ENDED: { description: "Ended by credit repair, revocation, expiry or deletion of the record." },
  } as const,
});

export const PunishmentTaskStatusEnum = builder.enumType("PunishmentTaskStatus", {
  description: "Where an asked agency's part stands.",
  values: {
    ASKED: { description: "Asked, not yet responded (待响应)." },
    ACCEPTED: { description: "Accepted, feedback pending (已接受)." },
    DECLINED: { description: "Declined, with a reason (已拒绝)." },
    FED_BACK: { description: "Fed back what it did and when (已反馈)." },
    ENDED: { description: "Ended with the case (credit repair and the like)." },
  } as const,
});

type TaskRow = PunishmentTask & { feedbackDueOn: Date; caseStatus: PunishmentCase["status"] };

/** Open feedback past its deadline (business date): asked or accepted, on an open case. */
export const taskOverdue = (t: Pick<TaskRow, "status" | "feedbackDueOn" | "caseStatus">, today: Date) =>
  t.caseStatus === "OPEN" && (t.status === "ASKED" || t.status === "ACCEPTED") && t.feedbackDueOn < today;

export const PunishmentTaskType = builder.objectRef<TaskRow>("PunishmentTask").implement({
  description: "One asked agency's part in a case: its response (响应) and feedback (反馈).",
  fields: (t) => ({
    agency: t.field({ type: AgencyEnum, resolve: (x) => x.agency, description: "The agency asked to act (实施单位)." }),
    status: t.field({ type: PunishmentTaskStatusEnum, resolve: (x) => x.status, description: "Its part's state." }),
    declineReason: t.exposeString("declineReason", { nullable: true, description: "Why it declined." }),
    respondedAt: t.field({ type: "DateTime", nullable: true, resolve: (x) => x.respondedAt, description: "When it responded." }),
    measure: t.field({ type: PunishmentMeasureEnum, nullable: true, resolve: (x) => x.measure, description: "The measure it applied." }),
    actedOn: t.field({ type: "Date", nullable: true, resolve: (x) => x.actedOn, description: "When it acted." }),
    feedback: t.exposeString("feedback", { nullable: true, description: "What it did (e.g. the loan application refused, the bond issuance blocked)." }),
    fedBackAt: t.field({ type: "DateTime", nullable: true, resolve: (x) => x.fedBackAt, description: "When it fed back." }),
    overdue: t.boolean({ description: "Whether its feedback is past the case's deadline (business date) and still open.", resolve: (x, _a, ctx) => taskOverdue(x, chinaDay(ctx.businessNow)) }),
    endedAt: t.field({ type: "DateTime", nullable: true, resolve: (x) => x.endedAt, description: "When the case ended its part." }),
  }),
});

const tasksOf = (ctx: GraphContext, c: PunishmentCase) =>
  loaderFor<number, PunishmentTask[]>(ctx, "punishment:tasks", async (ids) => {
    const rows = await ctx.prisma.punishmentTask.findMany({ where: { caseId: { in: [...ids] } }, orderBy: { id: "asc" } });
    return groupBy(ids, rows, (r) => r.caseId);
  }).load(c.id);

export const PunishmentCaseType = builder.objectRef<PunishmentCase>("PunishmentCase").implement({
  description: "A joint-punishment case (联合惩戒案件) on a dishonesty record: the memorandum, the measures, the agencies asked to act and how each responded and fed back.",
  fields: (t) => ({
    id: t.id({ description: "The case's global id.", resolve: (c) => encodeGlobalID("PunishmentCase", c.id) }),
    record: t.id({ description: "The dishonesty record's global id.", resolve: (c) => encodeGlobalID("DishonestyRecord", c.recordId) }),
    initiator: t.field({ type: AgencyEnum, resolve: (c) => c.initiator, description: "The designating agency that initiated it (发起单位)." }),
    memorandum: t.exposeString("memorandum", { description: "The memorandum of understanding or decision it acts under (合作备忘录)." }),
    measures: t.field({ type: [PunishmentMeasureEnum], resolve: (c) => c.measures, description: "The measures asked for." }),
    status: t.field({ type: PunishmentCaseStatusEnum, resolve: (c) => c.status, description: "Where the case stands." }),
    openedOn: t.field({ type: "Date", resolve: (c) => c.openedOn, description: "When it was initiated (business date)." }),
    feedbackDueOn: t.field({ type: "Date", resolve: (c) => c.feedbackDueOn, description: "Feedback is due by this day (working days from the opening)." }),
    endedAt: t.field({ type: "DateTime", nullable: true, resolve: (c) => c.endedAt, description: "When it ended." }),
    endReason: t.exposeString("endReason", { nullable: true, description: "Why it ended (e.g. the record was repaired)." }),
    version: t.exposeInt("version", { description: "Bumped by every response and feedback." }),
    tasks: t.field({
      type: [PunishmentTaskType],
      description: "The asked agencies' parts: every part for the initiator and FINANCE_BUREAU, your own for an asked agency.",
      resolve: async (c, _a, ctx) => {
        const all = await tasksOf(ctx, c);
        const mine = COORDINATORS.has(ctx.principal.agency) || c.initiator === ctx.principal.agency ? all : all.filter((x) => x.agency === ctx.principal.agency);
        return mine.map((x) => ({ ...x, feedbackDueOn: c.feedbackDueOn, caseStatus: c.status }));
      },
    }),
    overdueAgencies: t.field({
      type: [AgencyEnum],
      description: "The agencies whose feedback is overdue (those you may see).",
      resolve: async (c, _a, ctx) => {
        const today = chinaDay(ctx.businessNow);
        const all = await tasksOf(ctx, c);
        const seen = COORDINATORS.has(ctx.principal.agency) || c.initiator === ctx.principal.agency ? all : all.filter((x) => x.agency === ctx.principal.agency);
        return seen.filter((x) => taskOverdue({ ...x, feedbackDueOn: c.feedbackDueOn, caseStatus: c.status }, today)).map((x) => x.agency);
      },
    }),
  }),
});
