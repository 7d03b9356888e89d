// The Notice type: one change to a record an agency received (更正通知), or a passed deadline.
import { encodeGlobalID } from "@pothos/plugin-relay";
import { builder } from "../builder.ts";
import type { Notice } from "../generated/prisma/client.ts";
import { recordGlobalId, visibleKey } from "./notice-view.ts";

export const NoticeKindEnum = builder.enumType("NoticeKind", {
  description: "What a notice tells its recipient.",
  values: {
    CORRECTED: { description: "The owner corrected fields you had received (更正)." },
    RETIRED: { description: "The owner withdrew the record (撤回)." },
    REPAIRED: { description: "The dishonesty record was repaired (信用修复); punishment cases on it ended." },
    REVOKED: { description: "The dishonesty record was revoked (撤销)." },
    EXPIRED: { description: "The dishonesty record expired (期满移出)." },
    DELETED: { description: "The record was deleted as entered in error." },
    DISPUTE_ANSWERED: { description: "The owner answered your dispute (校核答复): accepted with a correction, or rejected." },
    DISPUTE_OVERDUE: { description: "A dispute passed its deadline unanswered (校核逾期)." },
    FEEDBACK_OVERDUE: { description: "An asked agency's feedback on a punishment case passed its deadline (反馈逾期)." },
  } as const,
});

export const NoticeType = builder.objectRef<Notice>("Notice").implement({
  description: "A notice to your agency (通知): a record you had received changed, or a deadline passed. It names the record, the fields and the change, never a value.",
  fields: (t) => ({
    id: t.id({ description: "The notice's global id.", resolve: (n) => encodeGlobalID("Notice", n.id) }),
    kind: t.field({ type: NoticeKindEnum, resolve: (n) => n.kind, description: "What changed." }),
    recordType: t.exposeString("entityType", { description: "The record's type, e.g. Loan." }),
    record: t.id({ description: "The record's global id (node(id:) reads it as your access allows now).", resolve: (n) => recordGlobalId(n) }),
    recordKey: t.string({
      nullable: true,
      description: "The record's key (e.g. the loan contract number), only while you may still read the record in clear; else null.",
      resolve: (n, _a, ctx) => visibleKey(n, ctx.principal, ctx.access.state),
    }),
    fields: t.exposeStringList("fields", { description: "The names of the changed fields you had received (no values)." }),
    dispute: t.id({ nullable: true, description: "The dispute the notice is about, if any.", resolve: (n) => (n.disputeId ? encodeGlobalID("RecordDispute", n.disputeId) : null) }),
    punishmentCase: t.id({ nullable: true, description: "The punishment case the notice is about, if any.", resolve: (n) => (n.caseId ? encodeGlobalID("PunishmentCase", n.caseId) : null) }),
    endedCases: t.idList({ description: "Punishment cases the change ended (credit repair, revocation, expiry, deletion).", resolve: (n) => n.endedCaseIds.map((id) => encodeGlobalID("PunishmentCase", id)) }),
    createdAt: t.field({ type: "DateTime", resolve: (n) => n.createdAt, description: "When the change committed." }),
    acknowledged: t.boolean({ description: "Whether your agency acknowledged it.", resolve: (n) => n.acknowledgedAt !== null }),
    acknowledgedAt: t.field({ type: "DateTime", nullable: true, resolve: (n) => n.acknowledgedAt, description: "When it was acknowledged." }),
    acknowledgedBy: t.exposeString("acknowledgedBy", { nullable: true, description: "Who acknowledged it (system or user name)." }),
  }),
});
