// How a server process learns that API keys, grants or policy overrides changed, so that what it
// caches of them (directory.ts) is dropped at once, whichever process made the change:
//
// - PostgreSQL: triggers on the three tables NOTIFY channel `dlg_access` with the table's name
//   (migration 13a_access_change_notify). NOTIFY is delivered at commit, never for a rolled-back
//   change, and covers every writer (other server processes, `npm run keys`, psql). Each process
//   LISTENs on a dedicated connection outside the pool. Notifications sent while that connection
//   is down are lost, so while it is down the caches are not used (every request reads the
//   database, as before), and when it is back every cache is dropped before they are used again.
// - Redis (REDIS_URL set): the same, over Redis pub/sub (channel `dlg:access`): for deployments
//   where LISTEN cannot be used (a transaction-pooling proxy in front of PostgreSQL). Changes are
//   published by the process that made them, after they commit (`changed`), the CLI included.
// - Embedded PGlite: one process per data directory (src/db/embedded-lock.ts), and every change
//   goes through that process (the CLI asks the running server), so invalidation within the
//   process suffices: `changed` after the commit.
//
// In every mode the process that commits a change also drops its own caches at once (`changed`),
// so its next request never waits for its own notification to come back.
import type { Logger } from "../logger.ts";
import { listenPostgres } from "../db/pg-listener.ts";

export const ACCESS_TOPICS = ["api_key", "access_grant", "policy_override"] as const;
export type AccessTopic = (typeof ACCESS_TOPICS)[number];
/** "*": anything may have changed (notifications may have been missed) */
export type AccessChange = AccessTopic | "*";

export const PG_CHANNEL = "dlg_access";
export const REDIS_CHANNEL = "dlg:access";

export interface AccessChangeFeed {
  /** which transport carries changes across processes */
  readonly via: "process" | "postgres" | "redis";
  /** true while changes made elsewhere are known to reach this process: only then may caches be used */
  readonly live: boolean;
  subscribe(listener: (change: AccessChange) => void): () => void;
  /** a change this process committed: drop caches here now and tell the others (Redis mode) */
  changed(topics: readonly AccessTopic[]): void;
  close(): Promise<void>;
}

const isTopic = (value: string): value is AccessTopic => (ACCESS_TOPICS as readonly string[]).includes(value);

class Feed {
  listeners = new Set<(change: AccessChange) => void>();
  live = false;
  emit(change: AccessChange) {
    for (const l of this.listeners) l(change);
  }
  subscribe(listener: (change: AccessChange) => void) {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }
}

/** Within one process only (the embedded database). */
export function processAccessChanges(): AccessChangeFeed {
  const feed = new Feed();
  feed.live = true;
  return {
    via: "process",
    get live() {
      return feed.live;
    },
    subscribe: (l) => feed.subscribe(l),
    changed: (topics) => topics.forEach((t) => feed.emit(t)),
    close: async () => {},
  };
}

const RETRY_MS = [100, 250, 500, 1000, 2000, 5000];

/** LISTEN on a dedicated PostgreSQL connection (db/pg-listener.ts), reconnecting with backoff when it drops. */
export async function postgresAccessChanges(url: string, logger: Logger): Promise<AccessChangeFeed> {
  const feed = new Feed();
  const listener = await listenPostgres({
    url,
    channels: [PG_CHANNEL],
    name: "dlg-access-changes",
    logger,
    lossWarning: "the access-change listener lost PostgreSQL; API keys, grants and policy are read from the database until it is back",
    onNotification: (_channel, payload) => feed.emit(isTopic(payload) ? payload : "*"),
    // Whatever changed while nobody listened is unknown: start from empty caches (live first, so
    // that they are reloaded at once).
    onUp: () => {
      feed.live = true;
      feed.emit("*");
    },
    onDown: () => {
      feed.emit("*");
      feed.live = false;
    },
  });
  return {
    via: "postgres",
    get live() {
      return feed.live && listener.live;
    },
    subscribe: (l) => feed.subscribe(l),
    // The trigger's NOTIFY tells the other processes; this one drops its caches at once.
    changed: (topics) => topics.forEach((t) => feed.emit(t)),
    async close() {
      feed.live = false;
      await listener.close();
    },
  };
}

/** Redis pub/sub: a subscriber connection (ioredis reconnects by itself) and a publisher. */
export async function redisAccessChanges(url: string, logger: Logger, options: { subscribe?: boolean } = {}): Promise<AccessChangeFeed> {
  const { Redis } = await import("ioredis");
  const feed = new Feed();
  const listen = options.subscribe ?? true;
  let lastWarning = 0;
  const warn = (error: Error) => {
    if (Date.now() - lastWarning < 60_000) return;
    lastWarning = Date.now();
    logger.warn({ err: error }, "the access-change feed lost Redis; API keys, grants and policy are read from the database until it is back");
  };
  const publisher = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2, connectTimeout: 2000 });
  publisher.on("error", warn);
  await publisher.connect().catch(warn);
  let subscriber: InstanceType<typeof Redis> | null = null;
  if (listen) {
    subscriber = new Redis(url, { lazyConnect: true, connectTimeout: 2000, retryStrategy: (times) => RETRY_MS[Math.min(times - 1, RETRY_MS.length - 1)]! });
    subscriber.on("error", warn);
    subscriber.on("message", (channel: string, message: string) => {
      if (channel === REDIS_CHANNEL) feed.emit(isTopic(message) ? message : "*");
    });
    const down = () => {
      if (feed.live) feed.emit("*");
      feed.live = false;
    };
    subscriber.on("close", down);
    subscriber.on("end", down);
    // After a reconnect: (re)subscribe, drop everything (messages may have been missed), go live.
    const subscribed = () =>
      subscriber!.subscribe(REDIS_CHANNEL).then(() => {
        feed.live = true;
        feed.emit("*");
      }, warn);
    let connected = false;
    subscriber.on("ready", () => connected && void subscribed());
    await subscriber.connect().catch(warn);
    connected = true;
    // Subscribed before the server says it is ready, so no change after that is missed.
    if (subscriber.status === "ready") await subscribed();
  }
  return {
    via: "redis",
    get live() {
      return feed.live;
    },
    subscribe: (l) => feed.subscribe(l),
    changed(topics) {
      for (const t of topics) {
        feed.emit(t);
        publisher.publish(REDIS_CHANNEL, t).catch((error: Error) => {
          // Not delivered: the other processes may keep a stale cache. Say so loudly; they drop
          // everything when their own connection to Redis comes back, but this one did not drop.
          logger.error({ err: error, topic: t }, "could not publish an access change to Redis: other server processes may honour the old value");
        });
      }
    },
    async close() {
      feed.live = false;
      await Promise.all([subscriber?.quit().catch(() => subscriber?.disconnect()), publisher.quit().catch(() => publisher.disconnect())]);
    },
  };
}

/** The feed for the configured database: Redis when REDIS_URL is set, else LISTEN/NOTIFY on PostgreSQL, else in-process. */
export async function openAccessChanges(options: { databaseUrl: string | null; redisUrl: string | null; logger: Logger; subscribe?: boolean }): Promise<AccessChangeFeed> {
  if (options.redisUrl && options.databaseUrl) return redisAccessChanges(options.redisUrl, options.logger, { subscribe: options.subscribe ?? true });
  if (options.databaseUrl && options.subscribe !== false) return postgresAccessChanges(options.databaseUrl, options.logger);
  return processAccessChanges();
}
