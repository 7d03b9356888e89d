// Delivery: claim due deliveries, POST each outside any transaction, record the attempt.
//
// At least once: a delivery is claimed by pushing its next_attempt_at a lease into the future
// (FOR UPDATE SKIP LOCKED: several processes never claim the same row). A sender that crashes
// mid-POST leaves the claim to expire; the delivery is then due again and another (or the
// restarted) process sends it. The only duplicate this allows is a POST that reached the receiver
// whose outcome was not yet recorded: it carries the same event id, and receivers deduplicate by it.
import type { PrismaClient } from "../../generated/prisma/client.ts";
import type { Logger } from "../../logger.ts";
import { checkWebhookUrl } from "./allowed-hosts.ts";
import { retryDelayMs } from "./backoff.ts";
import { principalOfEndpointKey } from "./recipients.ts";
import { HEADER_ID, HEADER_SIGNATURE, HEADER_TIMESTAMP, signWebhook } from "./signature.ts";

export interface SenderSettings {
  allowedHosts: readonly string[];
  maxAttempts: number;
  retryBaseMs: number;
  retryCapMs: number;
  timeoutMs: number;
}

export interface SenderDeps {
  prisma: PrismaClient;
  logger: Logger;
  settings: SenderSettings;
}

interface Claimed {
  id: bigint;
  attempts: number;
}

/** A claim outlives the slowest POST by a margin: it expires only when its sender is gone. */
const leaseMs = (s: SenderSettings) => s.timeoutMs + 30_000;

/** Up to `limit` due deliveries, claimed for this process. */
async function claimDue(deps: SenderDeps, limit: number): Promise<Claimed[]> {
  const now = new Date();
  // timestamp(3) columns hold UTC wall-clock time (Prisma's convention): compared with ISO strings
  // cast to timestamp, never with now(), which would follow the session's time zone.
  return deps.prisma.$queryRawUnsafe<Claimed[]>(
    `UPDATE webhook_delivery SET next_attempt_at = $1::timestamp
      WHERE id IN (SELECT id FROM webhook_delivery WHERE status = 'PENDING' AND next_attempt_at <= $2::timestamp
                    ORDER BY next_attempt_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)
      RETURNING id, attempts`,
    new Date(now.getTime() + leaseMs(deps.settings)).toISOString(),
    now.toISOString(),
    limit,
  );
}

interface Outcome {
  status: number | null;
  error: string | null;
  ms: number;
}

/** Why a request failed, in words a receiver's operator can act on (never a stack). */
function describeFailure(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === "TimeoutError" || e?.name === "AbortError") return `no response within ${timeoutMs} ms`;
  if (e?.cause?.code) return `${e.cause.code}${e.cause.message ? `: ${e.cause.message}` : ""}`.slice(0, 300);
  return String(e?.message ?? error).slice(0, 300);
}

async function post(url: string, secret: string, eventId: string, topic: string, deliveryId: bigint, attempt: number, body: string, timeoutMs: number): Promise<Outcome> {
  const started = performance.now();
  const timestamp = Math.floor(Date.now() / 1000);
  try {
    const res = await fetch(url, {
      method: "POST",
      // Never followed: a redirect could point anywhere, past the allowed hosts.
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        "content-type": "application/json",
        "user-agent": "deleveraging-graph-webhooks/1",
        [HEADER_ID]: eventId,
        [HEADER_TIMESTAMP]: String(timestamp),
        [HEADER_SIGNATURE]: signWebhook(secret, eventId, timestamp, body),
        "x-dlg-topic": topic,
        "x-dlg-delivery": String(deliveryId),
        "x-dlg-attempt": String(attempt),
      },
      body,
    });
    // The receiver's answer is not kept (it may be large, and it is not ours to store).
    await res.body?.cancel().catch(() => {});
    const ms = Math.round(performance.now() - started);
    if (res.status >= 200 && res.status < 300) return { status: res.status, error: null, ms };
    if (res.status >= 300 && res.status < 400) return { status: res.status, error: "redirect not followed: answer 2xx at the registered URL", ms };
    return { status: res.status, error: `HTTP ${res.status}`, ms };
  } catch (error) {
    return { status: null, error: describeFailure(error, timeoutMs), ms: Math.round(performance.now() - started) };
  }
}

/** Records one attempt and the delivery's new state, unless the delivery changed since the claim (redelivered). */
async function record(deps: SenderDeps, claimed: Claimed, outcome: Outcome, final = false): Promise<void> {
  const { settings } = deps;
  const attempts = claimed.attempts + 1;
  const ok = outcome.error === null;
  const dead = !ok && (final || attempts >= settings.maxAttempts);
  const now = new Date();
  await deps.prisma.$transaction([
    deps.prisma.webhookAttempt.create({ data: { deliveryId: claimed.id, at: now, status: outcome.status, error: outcome.error, durationMs: outcome.ms } }),
    deps.prisma.webhookDelivery.updateMany({
      where: { id: claimed.id, status: "PENDING", attempts: claimed.attempts },
      data: {
        attempts,
        lastAttemptAt: now,
        lastStatus: outcome.status,
        lastError: outcome.error,
        ...(ok ? { status: "DELIVERED", deliveredAt: now } : dead ? { status: "DEAD" } : { nextAttemptAt: new Date(now.getTime() + retryDelayMs(settings, attempts)) }),
      },
    }),
  ]);
}

export interface ClaimedDelivery {
  claim: Claimed;
  body: string;
  eventId: string;
  topic: string;
  endpoint: { url: string; secret: string; active: boolean; apiKey: Parameters<typeof principalOfEndpointKey>[0] };
}

/** Claims up to `limit` due deliveries for this process, with what sending them needs. */
export async function claimDeliveries(deps: SenderDeps, limit: number): Promise<ClaimedDelivery[]> {
  if (limit <= 0) return [];
  const claimed = await claimDue(deps, limit);
  if (!claimed.length) return [];
  const rows = await deps.prisma.webhookDelivery.findMany({
    where: { id: { in: claimed.map((c) => c.id) } },
    select: { id: true, body: true, eventId: true, event: { select: { topic: true } }, endpoint: { select: { url: true, secret: true, active: true, apiKey: true } } },
  });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return claimed.flatMap((claim) => {
    const row = byId.get(claim.id);
    return row ? [{ claim, body: row.body, eventId: row.eventId, topic: row.event.topic, endpoint: row.endpoint }] : [];
  });
}

/** One attempt of one claimed delivery, and its record. */
export async function deliver(deps: SenderDeps, d: ClaimedDelivery): Promise<void> {
  const { endpoint, claim: c } = d;
  // Checked again at each attempt: the endpoint may have been revoked, its key too, or its
  // host taken off the list since it was registered.
  if (!endpoint.active) return record(deps, c, { status: null, error: "the endpoint was revoked", ms: 0 }, true);
  if (!principalOfEndpointKey(endpoint.apiKey, new Date())) return record(deps, c, { status: null, error: "the endpoint's API key was revoked or has expired", ms: 0 }, true);
  const refused = checkWebhookUrl(endpoint.url, deps.settings.allowedHosts);
  if (refused) return record(deps, c, { status: null, error: `not sent: ${refused.message}`, ms: 0 });
  const outcome = await post(endpoint.url, endpoint.secret, d.eventId, d.topic, c.id, c.attempts + 1, d.body, deps.settings.timeoutMs);
  try {
    await record(deps, c, outcome);
  } catch (error) {
    // Sent but not recorded (the database is away): the claim expires and the delivery is
    // sent again, with the same event id, which the receiver deduplicates.
    deps.logger.warn({ err: error, delivery: String(c.id) }, "webhook attempt not recorded; it will be retried");
  }
}

/** Claims and sends up to `limit` due deliveries, in parallel; returns how many were claimed. */
export async function sendDue(deps: SenderDeps, limit = 10): Promise<number> {
  const claimed = await claimDeliveries(deps, limit);
  await Promise.all(claimed.map((d) => deliver(deps, d)));
  return claimed.length;
}
