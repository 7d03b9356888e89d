// One outbox event as the feed carries it between processes, and what every transport shares:
// the wire form, the catch-up query and the deduplication that makes "at least once" look like
// "once" to a subscriber.
import type { Agency } from "../generated/prisma/client.ts";

export interface FeedEvent {
  /** outbox_event.id (a UUID): the id subscribers and webhooks deduplicate by */
  id: string;
  /** alert.raised, alert.changed, alert.digest */
  topic: string;
  alertId: number | null;
  /** a digest's recipient */
  agency: Agency | null;
  countyCode: string | null;
  /** outbox_event.created_at as the database writes it in JSON (its own clock, no time zone) */
  createdAt: string;
}

/** The wire form: [id, topic, alert_id, agency, county_code, created_at], as the NOTIFY trigger builds it. */
type Wire = [string, string, number | null, string | null, string | null, string];

export function parseEvents(payload: string): FeedEvent[] {
  let rows: unknown;
  try {
    rows = JSON.parse(payload);
  } catch {
    return [];
  }
  if (!Array.isArray(rows)) return [];
  return rows
    .filter((r): r is Wire => Array.isArray(r) && typeof r[0] === "string" && typeof r[1] === "string" && typeof r[5] === "string")
    .map(([id, topic, alertId, agency, countyCode, createdAt]) => ({ id, topic, alertId: alertId ?? null, agency: (agency ?? null) as Agency | null, countyCode: countyCode ?? null, createdAt }));
}

export const toWire = (events: readonly FeedEvent[]): string => JSON.stringify(events.map((e): Wire => [e.id, e.topic, e.alertId, e.agency, e.countyCode, e.createdAt]));

/** The database's timestamps compared among themselves (read as UTC whatever they are: only differences matter). */
export const instant = (createdAt: string): number => Date.parse(`${createdAt.replace(" ", "T")}Z`);

/**
 * How far back a catch-up reads before the newest event seen. created_at is the writing
 * transaction's start, so a transaction that began before the newest event seen and committed
 * while this process was not listening has an older created_at: any that ran for less than this
 * margin is caught up.
 */
export const CATCH_UP_MARGIN_MS = 5 * 60_000;
const CATCH_UP_LIMIT = 10_000;

/** The rows of the outbox from $1 (the newest created_at seen) minus the margin: a catch-up. */
export const CATCH_UP_SQL = `SELECT id::text, topic, alert_id, agency::text, county_code, to_json(created_at) #>> '{}' AS created_at
  FROM outbox_event WHERE created_at >= $1::timestamp - interval '${CATCH_UP_MARGIN_MS / 1000} seconds'
  ORDER BY created_at, id LIMIT ${CATCH_UP_LIMIT}`;
export const NEWEST_SQL = `SELECT to_json(coalesce(max(created_at), localtimestamp(3))) #>> '{}' AS at FROM outbox_event`;

export type CatchUpRow = { id: string; topic: string; alert_id: number | null; agency: string | null; county_code: string | null; created_at: string };
export const fromRow = (r: CatchUpRow): FeedEvent => ({ id: r.id, topic: r.topic, alertId: r.alert_id, agency: r.agency as Agency | null, countyCode: r.county_code, createdAt: r.created_at });

/**
 * Emits each event once to every listener. Remembers the ids of the events within the catch-up
 * margin of the newest one, which is exactly what a catch-up can read again.
 */
export class FeedFanout {
  readonly #listeners = new Set<(event: FeedEvent) => void>();
  readonly #recent = new Map<string, number>();
  #newest: string | null = null;
  #newestAt = -Infinity;

  /** the newest created_at seen (null before the first event and baseline): where a catch-up starts */
  get newest(): string | null {
    return this.#newest;
  }

  /** Where a catch-up starts when no event has been seen yet (the outbox's newest row when listening began). */
  baseline(at: string): void {
    if (this.#newest === null) {
      this.#newest = at;
      this.#newestAt = instant(at);
    }
  }

  subscribe(listener: (event: FeedEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  emit(events: readonly FeedEvent[]): void {
    for (const event of events) {
      if (this.#recent.has(event.id)) continue;
      const at = instant(event.createdAt);
      this.#recent.set(event.id, at);
      if (at > this.#newestAt) {
        this.#newestAt = at;
        this.#newest = event.createdAt;
      }
      for (const listener of this.#listeners) {
        try {
          listener(event);
        } catch {
          // One subscriber's failure is its own (events/alert-subscription.ts handles its errors).
        }
      }
    }
    if (this.#recent.size > 1000) this.#prune();
  }

  #prune(): void {
    const horizon = this.#newestAt - CATCH_UP_MARGIN_MS - 60_000;
    for (const [id, at] of this.#recent) if (at < horizon) this.#recent.delete(id);
  }
}
