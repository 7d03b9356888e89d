// alertRaised and alertChanged (通报): the alerts of the event feed (events/event-feed.ts) as they
// are raised or change, in any server process, each delivered only when the subscriber may see
// it at that moment, as the Alert type (so the shield's field rules and masking apply per event).
//
// An event passes when the alert is visible to the principal now (visibility.ts, with the access
// state renewed for each event: a revoked grant hides what it opened) and, when a filter is given,
// when `alerts(filter:)` would list it now (the same filter, the same SQL).
import { localizedError } from "../i18n/index.ts";
import { builder } from "../builder.ts";
import type { GraphContext } from "../context.ts";
import type { Alert, PrismaClient } from "../generated/prisma/client.ts";
import type { FeedEvent } from "../events/event-feed.ts";
import { EventQueue } from "../events/event-queue.ts";
import { AlertFilter, alertsWhere } from "./alert.filters.ts";
import { AlertNode } from "./alert.type.ts";
import { alertVisibleTo } from "./visibility.ts";

type Filter = typeof AlertFilter.$inferInput;
type EventAlert = Alert & { rule: { resources: string[] } };

// The alert of an event, read once per process however many subscribers it has (the promise is
// shared for a few seconds). Keyed by the client: one per database this process serves.
const recent = new WeakMap<PrismaClient, Map<string, Promise<EventAlert | null>>>();
const SHARE_MS = 10_000;

function alertOfEvent(prisma: PrismaClient, event: FeedEvent): Promise<EventAlert | null> {
  let byEvent = recent.get(prisma);
  if (!byEvent) recent.set(prisma, (byEvent = new Map()));
  let found = byEvent.get(event.id);
  if (!found) {
    found = event.alertId === null ? Promise.resolve(null) : prisma.alert.findUnique({ where: { id: event.alertId }, include: { rule: { select: { resources: true } } } });
    byEvent.set(event.id, found);
    setTimeout(() => byEvent.delete(event.id), SHARE_MS).unref();
  }
  return found;
}

/** The context for delivering one event: the principal's access as it is now (a revoked key throws and ends the subscription). */
async function renewFor(ctx: GraphContext, event: FeedEvent): Promise<void> {
  const scope = ctx.subscription;
  if (scope) Object.assign(ctx, await scope.renew(), { subscription: scope });
  if (scope) scope.event = { id: event.id, topic: event.topic };
}

async function passes(ctx: GraphContext, alert: EventAlert, filter: Filter | null | undefined): Promise<boolean> {
  if (ctx.access.enforced && !alertVisibleTo(ctx.principal, ctx.access.state, { ruleId: alert.ruleId, countyCode: alert.countyCode, resources: alert.rule.resources })) return false;
  if (!filter || Object.values(filter).every((v) => v == null)) return true;
  return (await ctx.prisma.alert.count({ where: { AND: [{ id: alert.id }, await alertsWhere(filter, ctx)] } })) === 1;
}

async function* alertsOf(topic: string, ctx: GraphContext, filter: Filter | null | undefined): AsyncGenerator<Alert> {
  const feed = ctx.events;
  if (!feed) throw localizedError("ws.overHttp", {}, { code: "BAD_REQUEST" });
  const queue: EventQueue<FeedEvent> = new EventQueue(() => unsubscribe());
  const unsubscribe = feed.subscribe((event) => event.topic === topic && queue.push(event));
  try {
    for await (const event of queue) {
      const alert = await alertOfEvent(ctx.prisma, event);
      if (!alert) continue;
      await renewFor(ctx, event);
      if (!(await passes(ctx, alert, filter))) continue;
      // Without the included rule: the Alert type loads its relations itself, as for a query.
      const { rule: _rule, ...row } = alert;
      yield row;
    }
  } finally {
    await queue.return();
  }
}


builder.subscriptionFields((t) => ({
  alertRaised: t.field({
    type: AlertNode,
    nullable: false,
    description: "Each alert raised from now on that you may see (and that `alerts(filter:)` would list), as it is when raised. The event's id is in the payload's extensions.event (deduplicate by it).",
    args: { filter: t.arg({ type: AlertFilter, description: "Conditions the alerts must meet, as for `alerts`." }) },
    subscribe: (_root, args, ctx) => alertsOf("alert.raised", ctx, args.filter),
    resolve: (alert: Alert) => alert,
  }),
  alertChanged: t.field({
    type: AlertNode,
    nullable: false,
    description: "Each change to an alert you may see, from now on: evidence changed, a transition, an escalation, a comment (its `history` says which). The event's id is in extensions.event.",
    args: { filter: t.arg({ type: AlertFilter, description: "Conditions the alerts must meet, as for `alerts`." }) },
    subscribe: (_root, args, ctx) => alertsOf("alert.changed", ctx, args.filter),
    resolve: (alert: Alert) => alert,
  }),
}));
