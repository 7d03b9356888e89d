// The workflow mutations of alerts (workflow.ts): acknowledge, start disposal, resolve, dismiss, comment.
import { builder } from "../builder.ts";
import { runWrite } from "../writes/write.ts";
import { EXPECTED_VERSION_DOC, IDEMPOTENCY_KEY_DOC, WRITE_ERRORS } from "../writes/errors.ts";
import { rereadQuery } from "../writes/reread.ts";
import { AlertNode } from "./alert.type.ts";
import { act, type Action } from "./workflow.ts";

const DESCRIPTIONS: Record<Action, string> = {
  acknowledge: "Acknowledges an OPEN alert (签收). Only an agency the alert is assigned to, or FINANCE_BUREAU, on an alert it can see.",
  startDisposal:
    "Starts the disposal of an OPEN or ACKNOWLEDGED alert (开始处置), linked to a 一企一策 deleveraging plan of the alert's enterprise (planNo) or a rectification order to its venue (rectificationOrderNo). Only an assigned agency, or FINANCE_BUREAU.",
  resolve: "Resolves a live alert (处置完毕); the reason is mandatory. While the condition continues, no new alert is raised for the same rule, subject and period. Only an assigned agency, or FINANCE_BUREAU.",
  dismiss: "Dismisses a live alert (排除), e.g. a false positive; the reason is mandatory. Only an assigned agency, or FINANCE_BUREAU.",
  comment: "Adds a comment to an alert's history (备注). Only an assigned agency, or FINANCE_BUREAU.",
};

const NAMES: Record<Action, string> = {
  acknowledge: "acknowledgeAlert",
  startDisposal: "startAlertDisposal",
  resolve: "resolveAlert",
  dismiss: "dismissAlert",
  comment: "commentOnAlert",
};

export const ALERT_MUTATIONS = Object.values(NAMES);

builder.mutationFields((t) => {
  const common = {
    id: t.arg.id({ required: true, description: "The alert's global id." }),
    idempotencyKey: t.arg.string({ description: IDEMPOTENCY_KEY_DOC }),
  };
  const versioned = { expectedVersion: t.arg.int({ description: EXPECTED_VERSION_DOC }) };
  const field = (action: Action, args: Record<string, ReturnType<typeof t.arg.string>>) =>
    t.prismaField({
      type: AlertNode,
      description: DESCRIPTIONS[action],
      errors: { types: WRITE_ERRORS },
      args: { ...common, ...args },
      resolve: async (query, _root, raw, ctx) => {
        const args = raw as { id: string; expectedVersion?: number | null; reason?: string | null; note?: string | null; planNo?: string | null; rectificationOrderNo?: string | null; idempotencyKey?: string | null };
        const alert = await runWrite(ctx, { operation: NAMES[action], input: raw, idempotencyKey: args.idempotencyKey }, (tx) =>
          act(ctx, tx, action, { id: String(args.id), expectedVersion: args.expectedVersion, note: args.reason ?? args.note, planNo: args.planNo, rectificationOrderNo: args.rectificationOrderNo }),
        );
        return ctx.prisma.alert.findUniqueOrThrow({ ...rereadQuery(query), where: { id: alert.id } });
      },
    });
  return {
    acknowledgeAlert: field("acknowledge", { ...versioned, note: t.arg.string({ description: "An optional note for the history." }) } as never),
    startAlertDisposal: field("startDisposal", {
      ...versioned,
      planNo: t.arg.string({ description: "The 一企一策 plan of the alert's enterprise that disposes of it." }),
      rectificationOrderNo: t.arg.string({ description: "The rectification order to the alert's venue that disposes of it." }),
      note: t.arg.string({ description: "An optional note for the history." }),
    } as never),
    resolveAlert: field("resolve", { ...versioned, reason: t.arg.string({ required: true, description: "Why it is resolved (mandatory)." }) } as never),
    dismissAlert: field("dismiss", { ...versioned, reason: t.arg.string({ required: true, description: "Why it is dismissed (mandatory)." }) } as never),
    commentOnAlert: field("comment", { note: t.arg.string({ required: true, description: "The comment." }) } as never),
  };
});
