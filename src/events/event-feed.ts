// The event feed: every outbox_event row (an alert raised or changed, a digest) reaches every
// server process, whichever process, CLI or psql session wrote it. Subscriptions
// (alerts/alert.subscriptions.ts) and the webhook dispatcher listen to it.
//
// - PostgreSQL: the trigger outbox_event_notify (migration 12_subs_event_notify) NOTIFYs channel
//   dlg_events with the rows at commit; each process LISTENs on a connection of its own
//   (db/pg-listener.ts). Notifications sent while that connection is down are lost, so when it is
//   back the process reads the outbox from the newest event it had seen (feed-event.ts) and
//   deduplicates by id.
// - Redis (REDIS_URL set, for deployments where LISTEN cannot be used): the outbox relay
//   (outbox-relay.ts) publishes committed rows on a Redis channel; the same catch-up from the
//   outbox follows every reconnect to Redis.
// - Embedded PGlite: one process; the same trigger's NOTIFY is delivered in-process (PGlite's
//   listen), after the commit, whatever code wrote the row.
import type { Database } from "../db/database.ts";
import type { Logger } from "../logger.ts";
import { listenPostgres } from "../db/pg-listener.ts";
import { CATCH_UP_SQL, FeedFanout, fromRow, NEWEST_SQL, parseEvents, type CatchUpRow, type FeedEvent } from "./feed-event.ts";
import { startOutboxRelay } from "./outbox-relay.ts";

export type { FeedEvent } from "./feed-event.ts";
export const EVENTS_PG_CHANNEL = "dlg_events";

export interface EventFeed {
  /** which transport carries events across processes */
  readonly via: "process" | "postgres" | "redis";
  /** true while events committed anywhere reach this process (else they are caught up when it is back) */
  readonly live: boolean;
  /** every event once, in commit order per writer; returns the unsubscribe function */
  subscribe(listener: (event: FeedEvent) => void): () => void;
  close(): Promise<void>;
}

type Query = <R>(sql: string, params?: unknown[]) => Promise<R[]>;

/** After (re)connecting: note where a later catch-up starts, or read what was missed meanwhile. */
async function catchUp(fanout: FeedFanout, query: Query, logger: Logger): Promise<void> {
  if (fanout.newest === null) {
    const [row] = await query<{ at: string }>(NEWEST_SQL);
    if (row) fanout.baseline(row.at);
    return;
  }
  const rows = await query<CatchUpRow>(CATCH_UP_SQL, [fanout.newest]);
  const before = fanout.newest;
  fanout.emit(rows.map(fromRow));
  logger.info({ since: before, read: rows.length }, "event feed caught up from the outbox after a reconnect");
}

async function postgresFeed(url: string, logger: Logger): Promise<EventFeed> {
  const fanout = new FeedFanout();
  const listener = await listenPostgres({
    url,
    channels: [EVENTS_PG_CHANNEL],
    name: "dlg-events",
    logger,
    lossWarning: "the event feed lost PostgreSQL; subscribers receive what was missed when it is back",
    onNotification: (_channel, payload) => fanout.emit(parseEvents(payload)),
    // On the listening connection itself, already listening: nothing committed after this read is missed.
    onUp: (client) => catchUp(fanout, async (sql, params) => (await client.query(sql, params)).rows, logger),
  });
  return { via: "postgres", get live() { return listener.live; }, subscribe: (l) => fanout.subscribe(l), close: () => listener.close() };
}

async function embeddedFeed(db: Database): Promise<EventFeed> {
  const fanout = new FeedFanout();
  const unlisten = await db.listen!(EVENTS_PG_CHANNEL, (payload) => fanout.emit(parseEvents(payload)));
  return { via: "process", live: true, subscribe: (l) => fanout.subscribe(l), close: async () => unlisten() };
}

async function redisFeed(db: Database, url: string, channel: string, logger: Logger): Promise<EventFeed> {
  const { Redis } = await import("ioredis");
  const fanout = new FeedFanout();
  const query: Query = (sql, params) => db.raw(sql, params);
  let live = false;
  let lastWarning = 0;
  const warn = (error: Error) => {
    if (Date.now() - lastWarning < 60_000) return;
    lastWarning = Date.now();
    logger.warn({ err: error }, "the event feed lost Redis; subscribers receive what was missed when it is back");
  };
  const subscriber = new Redis(url, { lazyConnect: true, connectTimeout: 2000, retryStrategy: (times) => Math.min(100 * 2 ** (times - 1), 5000) });
  subscriber.on("error", warn);
  subscriber.on("message", (from: string, message: string) => from === channel && fanout.emit(parseEvents(message)));
  const down = () => void (live = false);
  subscriber.on("close", down);
  subscriber.on("end", down);
  // Subscribed first, then caught up: what the relay publishes from then on arrives, what it
  // published before is read from the outbox, and the overlap is deduplicated.
  const subscribed = () =>
    subscriber
      .subscribe(channel)
      .then(() => {
        live = true;
        return catchUp(fanout, query, logger);
      })
      .catch(warn);
  let started = false;
  subscriber.on("ready", () => started && void subscribed());
  await subscriber.connect().catch(warn);
  started = true;
  if (subscriber.status === "ready") await subscribed();
  const relay = startOutboxRelay(db, url, channel, logger);
  return {
    via: "redis",
    get live() {
      return live;
    },
    subscribe: (l) => fanout.subscribe(l),
    async close() {
      live = false;
      await relay.close();
      await subscriber.quit().catch(() => subscriber.disconnect());
    },
  };
}

/** The feed for the configured database: Redis when REDIS_URL is set, else LISTEN/NOTIFY on PostgreSQL, else in-process. */
export async function openEventFeed(options: { db: Database; databaseUrl: string | null; redisUrl: string | null; redisChannel: string; logger: Logger }): Promise<EventFeed> {
  if (options.databaseUrl && options.redisUrl) return redisFeed(options.db, options.redisUrl, options.redisChannel, options.logger);
  if (options.databaseUrl) return postgresFeed(options.databaseUrl, options.logger);
  return embeddedFeed(options.db);
}
