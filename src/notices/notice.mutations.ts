// acknowledgeNotice (签收): marks a notice of my agency read, once; audited like every write.
import { builder } from "../builder.ts";
import { runWrite } from "../writes/write.ts";
import { ConflictError, IDEMPOTENCY_KEY_DOC, NotFoundError, WRITE_ERRORS } from "../writes/errors.ts";
import { NoticeType } from "./notice.type.ts";
import { noticeFor } from "./notice-view.ts";
import { noticeNumber } from "./notice.queries.ts";

builder.mutationFields((t) => ({
  acknowledgeNotice: t.field({
    type: NoticeType,
    description: "Acknowledges a notice to your agency (签收). A notice of another agency answers as one that does not exist.",
    errors: { types: WRITE_ERRORS },
    args: {
      id: t.arg.id({ required: true, description: "The notice's global id." }),
      idempotencyKey: t.arg.string({ description: IDEMPOTENCY_KEY_DOC }),
    },
    resolve: async (_root, args, ctx) => {
      const id = noticeNumber(String(args.id), "id");
      return runWrite(ctx, { operation: "acknowledgeNotice", input: args, idempotencyKey: args.idempotencyKey }, async (tx) => {
        const notice = await tx.notice.findUnique({ where: { id } });
        if (!notice || !noticeFor(notice, ctx.principal)) throw new NotFoundError("Notice", String(args.id));
        if (notice.acknowledgedAt) throw new ConflictError({ key: "notice.alreadyAcknowledged", params: { at: notice.acknowledgedAt.toISOString() } });
        // The condition makes a concurrent twin acknowledge nothing.
        const { count } = await tx.notice.updateMany({ where: { id, acknowledgedAt: null }, data: { acknowledgedAt: ctx.now, acknowledgedBy: ctx.principal.name } });
        if (!count) throw new ConflictError({ key: "notice.alreadyAcknowledged", params: { at: "the same moment" } });
        return tx.notice.findUniqueOrThrow({ where: { id } });
      });
    },
  }),
}));
