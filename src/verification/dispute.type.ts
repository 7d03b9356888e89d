// Disputes (校核异议) in the graph.
import { encodeGlobalID } from "@pothos/plugin-relay";
import { builder } from "../builder.ts";
import type { RecordDispute } from "../generated/prisma/client.ts";
import { AgencyEnum } from "../reference/agency.enum.ts";
import { chinaDay } from "../credit/calendar-day.ts";

export const DisputeStatusEnum = builder.enumType("DisputeStatus", {
  description: "Where a dispute stands.",
  values: {
    OPEN: { description: "Awaiting the owner's answer (待答复)." },
    ACCEPTED: { description: "The owner accepted it and corrected the record (已更正)." },
    REJECTED: { description: "The owner rejected it, with a reason (不予更正)." },
  } as const,
});

/** Unanswered past its deadline (business date). */
export const disputeOverdue = (d: Pick<RecordDispute, "status" | "dueOn">, today: Date) => d.status === "OPEN" && d.dueOn < today;

export const RecordDisputeType = builder.objectRef<RecordDispute>("RecordDispute").implement({
  description: "A recipient agency's dispute of a record or some of its fields (校核异议), and the owner's answer.",
  fields: (t) => ({
    id: t.id({ description: "The dispute's global id.", resolve: (d) => encodeGlobalID("RecordDispute", d.id) }),
    recordType: t.exposeString("entityType", { description: "The disputed record's type (Loan, DishonestyRecord)." }),
    record: t.id({ description: "The disputed record's global id.", resolve: (d) => encodeGlobalID(d.entityType, d.entityId) }),
    ownerAgency: t.field({ type: AgencyEnum, resolve: (d) => d.ownerAgency, description: "The record's owner, who must answer." }),
    agency: t.field({ type: AgencyEnum, resolve: (d) => d.agency, description: "The agency that raised it." }),
    countyCode: t.exposeString("countyCode", { nullable: true, description: "The county government that raised it, if one did." }),
    raisedBy: t.exposeString("principalName", { description: "The system or user name that raised it." }),
    fields: t.exposeStringList("fields", { description: "The disputed fields (empty: the record as a whole)." }),
    reason: t.exposeString("reason", { description: "Why the recipient believes the record is wrong." }),
    evidence: t.exposeString("evidence", { description: "The evidence it offers (text: document numbers, dates, what its own files say)." }),
    status: t.field({ type: DisputeStatusEnum, resolve: (d) => d.status, description: "Where it stands." }),
    openedOn: t.field({ type: "Date", resolve: (d) => d.openedOn, description: "When it was raised (business date)." }),
    dueOn: t.field({ type: "Date", resolve: (d) => d.dueOn, description: "The owner must answer by this day (working days from the opening)." }),
    overdue: t.boolean({ description: "Unanswered past its deadline (business date).", resolve: (d, _a, ctx) => disputeOverdue(d, chinaDay(ctx.businessNow)) }),
    escalated: t.boolean({ description: "Escalated to FINANCE_BUREAU for being overdue.", resolve: (d) => d.escalatedAt !== null }),
    answer: t.exposeString("answer", { nullable: true, description: "The owner's answer (the reason, when rejected)." }),
    answeredAt: t.field({ type: "DateTime", nullable: true, resolve: (d) => d.answeredAt, description: "When it was answered." }),
    answeredBy: t.exposeString("answeredBy", { nullable: true, description: "Who answered it." }),
    correctionVersion: t.int({
      nullable: true,
      description: "The record's version after the correction that settled it (its entry in the record's history).",
      resolve: async (d, _a, ctx) => (d.correctionChangeId ? ((await ctx.prisma.changeRecord.findUnique({ where: { id: d.correctionChangeId }, select: { version: true } }))?.version ?? null) : null),
    }),
  }),
});
