// The inbox: `notices` of my agency (my county, for a county government), newest first.
import { decodeGlobalID } from "@pothos/plugin-relay";
import { localizedError } from "../i18n/index.ts";
import { builder } from "../builder.ts";
import { MAX_PAGE_SIZE, pageSizeArgument } from "../graph/page-size.ts";
import { NoticeType } from "./notice.type.ts";
import { noticesOf } from "./notice-view.ts";

builder.queryFields((t) => ({
  notices: t.field({
    type: [NoticeType],
    description: "Notices to your agency (通知收件箱), newest first: changes to records you had received, passed deadlines.",
    args: {
      acknowledged: t.arg.boolean({ description: "true: only acknowledged ones; false: only those not yet acknowledged; omitted: all." }),
      first: t.arg.int({ defaultValue: 50, description: "How many (at most 500).", extensions: pageSizeArgument(0, MAX_PAGE_SIZE) }),
      before: t.arg.id({ description: "Only notices older than this notice (its global id), for the next page." }),
    },
    resolve: (_r, args, ctx) => {
      const before = args.before ? noticeNumber(String(args.before)) : null;
      return ctx.prisma.notice.findMany({
        where: {
          ...noticesOf(ctx.principal),
          ...(args.acknowledged == null ? {} : { acknowledgedAt: args.acknowledged ? { not: null } : null }),
          ...(before ? { id: { lt: before } } : {}),
        },
        orderBy: { id: "desc" },
        take: args.first ?? 50,
      });
    },
  }),
}));


/** The number of a notice's global id; a bad id is the client's mistake, named as such. */
export function noticeNumber(id: string, arg = "before"): number {
  try {
    const { typename, id: raw } = decodeGlobalID(id);
    const n = Number(raw);
    if (typename === "Notice" && Number.isInteger(n) && n > 0) return n;
  } catch {
    // falls through to the error below
  }
  throw localizedError("notice.badId", { argument: arg, id: JSON.stringify(id) }, { code: "BAD_USER_INPUT", argument: arg });
}
