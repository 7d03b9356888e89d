// The graph's webhook types: endpoints (never their secret), the secret shown once, deliveries and
// their attempts. Resource alerts.webhooks (src/access/policy/): SYSTEM keys only, each its own rows.
import { builder } from "../../builder.ts";
import type { WebhookAttempt, WebhookDelivery, WebhookEndpoint } from "../../generated/prisma/client.ts";

export const TOPICS = { ALERT_RAISED: "alert.raised", ALERT_CHANGED: "alert.changed", ALERT_DIGEST: "alert.digest", NOTICE_CORRECTION: "notice.correction", NOTICE_FEEDBACK: "notice.feedback" } as const;
export type TopicName = keyof typeof TOPICS;
const TOPIC_NAMES = Object.fromEntries(Object.entries(TOPICS).map(([k, v]) => [v, k])) as Record<string, TopicName>;

export const WebhookTopicEnum = builder.enumType("WebhookTopic", {
  description: "What an endpoint receives.",
  values: {
    ALERT_RAISED: { description: "alert.raised: an alert was raised." },
    ALERT_CHANGED: { description: "alert.changed: an alert's evidence, status, escalation or comments changed." },
    ALERT_DIGEST: { description: "alert.digest: the periodic digest of new, open and overdue alerts for your agency." },
    NOTICE_CORRECTION: { description: "notice.correction: a record your agency received was corrected, retired, repaired, revoked or deleted (field names, no values)." },
    NOTICE_FEEDBACK: { description: "notice.feedback: an answer to your dispute, or a passed deadline (a dispute unanswered, punishment feedback late)." },
  } as const,
});

export const WebhookDeliveryStatusEnum = builder.enumType("WebhookDeliveryStatus", {
  description: "Where a delivery stands.",
  values: {
    PENDING: { description: "Not yet accepted by the receiver: sent or retried when due." },
    DELIVERED: { description: "The receiver answered 2xx." },
    DEAD: { description: "Given up after the configured number of attempts (redeliverWebhook tries again)." },
  } as const,
});

export const WebhookEndpointType = builder.objectRef<WebhookEndpoint>("WebhookEndpoint").implement({
  description: "An agency system's webhook endpoint, registered with its SYSTEM key. Its secret is shown once, at registration or rotation, never here.",
  fields: (t) => ({
    id: t.exposeInt("id", { description: "The endpoint's number." }),
    url: t.exposeString("url", { description: "Where events are POSTed (http or https, on an allowed host)." }),
    topics: t.field({ type: [WebhookTopicEnum], resolve: (e) => (e.topics.length ? e.topics : Object.values(TOPICS)).map((s) => TOPIC_NAMES[s]!).filter(Boolean), description: "The topics it receives." }),
    active: t.exposeBoolean("active", { description: "False once revoked: nothing more is sent to it." }),
    createdAt: t.field({ type: "DateTime", resolve: (e) => e.createdAt, description: "When it was registered." }),
    revokedAt: t.field({ type: "DateTime", nullable: true, resolve: (e) => e.revokedAt, description: "When it was revoked, if it was." }),
  }),
});

export const WebhookSecretType = builder.objectRef<{ secret: string; endpoint: WebhookEndpoint }>("WebhookSecret").implement({
  description: "An endpoint and its signing secret: store the secret now, it is never shown again.",
  fields: (t) => ({
    secret: t.exposeString("secret", { description: "The HMAC-SHA256 key of X-DLG-Signature (see the README on verifying)." }),
    endpoint: t.field({ type: WebhookEndpointType, resolve: (s) => s.endpoint, description: "The endpoint." }),
  }),
});

export const WebhookAttemptType = builder.objectRef<WebhookAttempt>("WebhookAttempt").implement({
  description: "One attempt to deliver: the receiver's HTTP status, or why there was none.",
  fields: (t) => ({
    at: t.field({ type: "DateTime", resolve: (a) => a.at, description: "When it was made." }),
    status: t.exposeInt("status", { nullable: true, description: "The HTTP status answered; null when there was no answer (refused, timed out)." }),
    error: t.exposeString("error", { nullable: true, description: "Why it failed (null: it succeeded)." }),
    durationMs: t.exposeInt("durationMs", { description: "How long the request took." }),
  }),
});

export type DeliveryRow = WebhookDelivery & { attemptLog: WebhookAttempt[]; endpoint: WebhookEndpoint; event: { topic: string } };

export const WebhookDeliveryType = builder.objectRef<DeliveryRow>("WebhookDelivery").implement({
  description: "One event to one of your endpoints, with every attempt.",
  fields: (t) => ({
    id: t.string({ resolve: (d) => String(d.id), description: "The delivery's number (X-DLG-Delivery)." }),
    eventId: t.exposeString("eventId", { description: "The event's id (X-DLG-Event-Id): the same on every retry and redelivery; deduplicate by it." }),
    topic: t.field({ type: WebhookTopicEnum, resolve: (d) => TOPIC_NAMES[d.event.topic]!, description: "The event's topic." }),
    endpoint: t.field({ type: WebhookEndpointType, resolve: (d) => d.endpoint, description: "The endpoint it goes to." }),
    status: t.field({ type: WebhookDeliveryStatusEnum, resolve: (d) => d.status, description: "Pending, delivered or dead." }),
    attempts: t.exposeInt("attempts", { description: "Attempts since it was created or last redelivered." }),
    nextAttemptAt: t.field({ type: "DateTime", nullable: true, resolve: (d) => (d.status === "PENDING" ? d.nextAttemptAt : null), description: "When it is tried next (pending only)." }),
    lastAttemptAt: t.field({ type: "DateTime", nullable: true, resolve: (d) => d.lastAttemptAt, description: "When it was last tried." }),
    lastStatus: t.exposeInt("lastStatus", { nullable: true, description: "The last HTTP status answered." }),
    lastError: t.exposeString("lastError", { nullable: true, description: "Why the last attempt failed." }),
    deliveredAt: t.field({ type: "DateTime", nullable: true, resolve: (d) => d.deliveredAt, description: "When the receiver accepted it." }),
    createdAt: t.field({ type: "DateTime", resolve: (d) => d.createdAt, description: "When it was created (the event fanned out)." }),
    body: t.exposeString("body", { description: "The exact JSON body sent (as your principal may see the event; fixed when created)." }),
    attemptLog: t.field({ type: [WebhookAttemptType], resolve: (d) => d.attemptLog, description: "Every attempt, oldest first." }),
  }),
});
