// The signature every webhook POST carries, and how a receiver checks it (README "Webhooks").
//
//   X-DLG-Event-Id:   the event's UUID: the same on every retry and redelivery (deduplicate by it)
//   X-DLG-Timestamp:  Unix seconds when this attempt was sent (fresh on each attempt)
//   X-DLG-Signature:  sha256=<hex HMAC-SHA256(secret, id + "." + timestamp + "." + body)>
//
// The id and timestamp are inside the MAC, so a captured request cannot be replayed later (the
// receiver refuses timestamps outside its window) nor passed off as another event.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const HEADER_ID = "x-dlg-event-id";
export const HEADER_TIMESTAMP = "x-dlg-timestamp";
export const HEADER_SIGNATURE = "x-dlg-signature";

/** A new shared secret: 32 random bytes, shown once. */
export const newWebhookSecret = (): string => `whsec_${randomBytes(32).toString("base64url")}`;

export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${id}.${timestamp}.${body}`, "utf8").digest("hex")}`;
}

export interface VerifyInput {
  secret: string;
  id: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
  /** the raw body bytes as received, before any JSON parsing */
  body: string;
  /** seconds a timestamp may differ from the receiver's clock (default 300) */
  toleranceSeconds?: number;
  nowSeconds?: number;
}

/**
 * What a receiver does (exported for tests and as the reference in the README): check the MAC in
 * constant time, then the timestamp window. Deduplicating by id (a retry after a lost response
 * repeats an id) is the receiver's own store's job.
 */
export function verifyWebhook(input: VerifyInput): { ok: true } | { ok: false; reason: string } {
  const { secret, id, timestamp, signature, body } = input;
  if (!id || !timestamp || !signature) return { ok: false, reason: "missing headers" };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: "malformed timestamp" };
  const expected = Buffer.from(signWebhook(secret, id, Number(timestamp), body));
  const actual = Buffer.from(signature);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return { ok: false, reason: "bad signature" };
  const now = input.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - Number(timestamp)) > (input.toleranceSeconds ?? 300)) return { ok: false, reason: "timestamp outside the window (replay?)" };
  return { ok: true };
}
