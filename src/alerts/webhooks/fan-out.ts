// Fan-out: undispatched outbox events become one webhook_delivery per (active endpoint whose topics
// match, event) whose principal may see the event, with the body fixed now, as that principal may
// see it (h12-api's alertPayload masks and leaves out evidence as the graph would). The claim
// (FOR UPDATE SKIP LOCKED, so several server processes share the work), the deliveries and the
// event's dispatched_at commit together: an event is fanned out once, or not yet.
import type { Prisma, PrismaClient } from "../../generated/prisma/client.ts";
import type { Principal } from "../../access/principal.ts";
import type { AccessState } from "../../access/policy/decide.ts";
import type { AccessDirectory } from "../../access/directory.ts";
import { alertPayload } from "../alert-view.ts";
import { alertDigest } from "../digest.ts";
import { noticePayload } from "../../notices/notice-view.ts";
import { principalOfEndpointKey, RecipientStates } from "./recipients.ts";

export interface FanOutDeps {
  prisma: PrismaClient;
  /** where the recipients' access states come from (the server's directory) */
  directory: Pick<AccessDirectory, "accessState">;
  /** the business date (YYYY-MM-DD) for the payload's `overdue` */
  businessDate: () => string;
}

interface EventRow {
  id: string;
  topic: string;
  alertId: number | null;
  agency: string | null;
  countyCode: string | null;
  payload: Record<string, unknown>;
  createdAt: Date;
}

interface Recipient {
  endpointId: number;
  topics: string[];
  principal: Principal;
  state: AccessState;
}

/** Does an endpoint take this topic? An endpoint registered without topics takes all. */
const wants = (topics: string[], topic: string) => topics.length === 0 || topics.includes(topic);

/** A digest is for one agency (and, for county governments, one county). */
const digestFor = (event: EventRow, principal: Principal) =>
  event.agency === principal.agency && (principal.agency !== "COUNTY" || event.countyCode === principal.countyCode);

/** The body a recipient receives: what it may see of the event, or null when it may see nothing. */
async function bodyFor(tx: PrismaClient, event: EventRow, r: Recipient, businessDate: string): Promise<string | null> {
  let data: object | null;
  if (event.topic.startsWith("notice.")) {
    // A notice is for one agency (one county): its body names the record and fields, no value.
    const notice = await tx.notice.findUnique({ where: { eventId: event.id } });
    data = notice ? noticePayload(notice, r.principal, r.state) : null;
  } else if (event.topic === "alert.digest") {
    if (!digestFor(event, r.principal) || typeof event.payload.period !== "string") return null;
    data = await alertDigest(tx, r.principal, r.state, event.payload.period);
  } else {
    if (event.alertId === null) return null;
    data = await alertPayload(tx, r.principal, r.state, event.alertId, { businessDate });
  }
  if (!data) return null;
  const kind = typeof event.payload.kind === "string" ? event.payload.kind : undefined;
  return JSON.stringify({ id: event.id, topic: event.topic, ...(kind ? { kind } : {}), occurredAt: event.createdAt.toISOString(), data });
}

/** The endpoints that take deliveries at `now`: active, their key neither revoked nor expired. */
const liveEndpoints = (now: Date) =>
  ({ active: true, apiKey: { revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] } }) satisfies Prisma.WebhookEndpointWhereInput;

/** A fan-out whose recipients changed between their read and the claim starts over this many times at most. */
const MAX_TRIES = 5;

/**
 * Fans out up to `limit` events; returns how many were claimed (0: nothing to do). The recipients
 * and their access are read before the transaction: the embedded database runs one transaction at a
 * time, and the directory reads outside it. So the transaction checks them after its claim: an
 * event it claimed committed before the claim, and so did anything that happened before that event
 * (an endpoint revoked, a key revoked, an endpoint registered), which the check, a later statement,
 * sees. A recipient no longer live is left out; an endpoint registered since the read makes the
 * fan-out start over (nothing claimed), so it does not miss an event raised after it was registered.
 */
export async function fanOutEvents(deps: FanOutDeps, limit = 50): Promise<number> {
  for (let tries = 1; ; tries++) {
    const claimed = await fanOutOnce(deps, limit);
    if (claimed !== "recipients changed") return claimed;
    if (tries === MAX_TRIES) throw new Error(`webhook fan-out: the endpoints changed during each of ${MAX_TRIES} tries`);
  }
}

async function fanOutOnce(deps: FanOutDeps, limit: number): Promise<number | "recipients changed"> {
  const now = new Date();
  const states = new RecipientStates(deps.directory, now);
  const endpoints = await deps.prisma.webhookEndpoint.findMany({ where: liveEndpoints(now), include: { apiKey: true }, orderBy: { id: "asc" } });
  const recipients: Recipient[] = [];
  for (const e of endpoints) {
    const principal = principalOfEndpointKey(e.apiKey, now);
    if (principal) recipients.push({ endpointId: e.id, topics: e.topics, principal, state: await states.of(principal) });
  }
  const read = new Set(recipients.map((r) => r.endpointId));
  const businessDate = deps.businessDate();
  return deps.prisma.$transaction(
    async (tx) => {
      const events = await tx.$queryRawUnsafe<EventRow[]>(
        `SELECT id::text AS id, topic, alert_id AS "alertId", agency::text AS agency, county_code AS "countyCode", payload, created_at AS "createdAt"
           FROM outbox_event WHERE dispatched_at IS NULL ORDER BY created_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        limit,
      );
      if (!events.length) return 0;
      const live = new Set((await tx.webhookEndpoint.findMany({ where: liveEndpoints(now), select: { id: true } })).map((e) => e.id));
      for (const id of live) if (!read.has(id)) return "recipients changed";
      const rows: { endpointId: number; eventId: string; body: string }[] = [];
      for (const event of events) {
        for (const r of recipients) {
          if (!live.has(r.endpointId) || !wants(r.topics, event.topic)) continue;
          const body = await bodyFor(tx as unknown as PrismaClient, event, r, businessDate);
          if (body !== null) rows.push({ endpointId: r.endpointId, eventId: event.id, body });
        }
      }
      if (rows.length) await tx.webhookDelivery.createMany({ data: rows.map((r) => ({ ...r, nextAttemptAt: now })), skipDuplicates: true });
      await tx.outboxEvent.updateMany({ where: { id: { in: events.map((e) => e.id) } }, data: { dispatchedAt: now } });
      return events.length;
    },
    { maxWait: 15_000, timeout: 60_000 },
  );
}
