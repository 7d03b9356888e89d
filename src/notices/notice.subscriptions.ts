// noticeReceived: each notice to my agency from now on, from any server process (the event feed),
// as the Notice type (each delivery is audited like a query's answer).
import { localizedError } from "../i18n/index.ts";
import { builder } from "../builder.ts";
import type { GraphContext } from "../context.ts";
import type { Notice } from "../generated/prisma/client.ts";
import type { FeedEvent } from "../events/event-feed.ts";
import { EventQueue } from "../events/event-queue.ts";
import { NoticeType } from "./notice.type.ts";
import { noticeFor } from "./notice-view.ts";
import { NOTICE_TOPICS } from "./notify.ts";

const TOPICS = new Set<string>(NOTICE_TOPICS);

async function* noticesOfFeed(ctx: GraphContext): AsyncGenerator<Notice> {
  const feed = ctx.events;
  if (!feed) throw localizedError("ws.overHttp", {}, { code: "BAD_REQUEST" });
  const queue: EventQueue<FeedEvent> = new EventQueue(() => unsubscribe());
  // The event carries its recipient: only this principal's events are read from the database.
  const unsubscribe = feed.subscribe((e) => TOPICS.has(e.topic) && e.agency !== null && noticeFor({ agency: e.agency, countyCode: e.countyCode }, ctx.principal) && queue.push(e));
  try {
    for await (const event of queue) {
      const scope = ctx.subscription;
      // Renewed per event: a revoked key ends the subscription.
      if (scope) Object.assign(ctx, await scope.renew(), { subscription: scope, });
      if (scope) scope.event = { id: event.id, topic: event.topic };
      const notice = await ctx.prisma.notice.findUnique({ where: { eventId: event.id } });
      if (notice && noticeFor(notice, ctx.principal)) yield notice;
    }
  } finally {
    await queue.return();
  }
}

builder.subscriptionFields((t) => ({
  noticeReceived: t.field({
    type: NoticeType,
    nullable: false,
    description: "Each notice to your agency from now on (corrections, repairs, deletions of records you received; passed deadlines). The event's id is in extensions.event (deduplicate by it).",
    subscribe: (_root, _args, ctx) => noticesOfFeed(ctx),
    resolve: (n: Notice) => n,
  }),
}));
