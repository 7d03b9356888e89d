// A LISTEN connection to PostgreSQL, outside the pool, that reconnects with backoff when it drops.
// One implementation for every cross-process feed: access changes (access/access-changes.ts) and
// alert events (events/event-feed.ts).
//
// NOTIFY is delivered at commit, never for a rolled-back transaction, but only to connections
// listening at that moment: notifications sent while this connection is down are lost. So the
// listener says when it goes down and when it is back (`live`), and each feed decides what that
// means for it (drop every cache; catch up from a table).
import pg from "pg";
import type { Logger } from "../logger.ts";

export interface PgListenerOptions {
  url: string;
  channels: readonly string[];
  /** application_name of the connection, as pg_stat_activity shows it */
  name: string;
  logger: Logger;
  /** the warning logged (at most once a minute) when the connection is lost */
  lossWarning: string;
  onNotification(channel: string, payload: string): void;
  /** listening (again): the client, to read what was missed on the same connection */
  onUp?(client: pg.Client): Promise<void> | void;
  /** not listening any more: notifications may be missed from now on */
  onDown?(): void;
}

const RETRY_MS = [100, 250, 500, 1000, 2000, 5000];

export interface PgListener {
  /** true while the connection listens: only then does every notification reach this process */
  readonly live: boolean;
  close(): Promise<void>;
}

/** Connects and listens; resolves after the first attempt (live or not: it keeps retrying). */
export async function listenPostgres(options: PgListenerOptions): Promise<PgListener> {
  let client: pg.Client | null = null;
  let live = false;
  let closed = false;
  let attempt = 0;
  let timer: NodeJS.Timeout | null = null;
  let lastWarning = 0;

  const release = (c: pg.Client | null) => {
    c?.removeAllListeners();
    // A late error on a connection being thrown away must not crash the process.
    c?.on("error", () => {});
    return c?.end().catch(() => {});
  };

  const lost = (error?: Error) => {
    const wasLive = live;
    live = false;
    const old = client;
    client = null;
    void release(old);
    if (wasLive) options.onDown?.();
    if (closed) return;
    if (error && Date.now() - lastWarning > 60_000) {
      lastWarning = Date.now();
      options.logger.warn({ err: error }, options.lossWarning);
    }
    timer = setTimeout(() => void connect(), RETRY_MS[Math.min(attempt++, RETRY_MS.length - 1)]);
    timer.unref();
  };

  const connect = async () => {
    timer = null;
    if (closed) return;
    const c = new pg.Client({ connectionString: options.url, application_name: options.name });
    // Only the connection in use reports a loss (a failed connect is handled below, once).
    c.on("error", (error) => client === c && lost(error));
    c.on("end", () => client === c && lost(new Error("connection ended")));
    c.on("notification", (message) => {
      if (options.channels.includes(message.channel)) options.onNotification(message.channel, message.payload ?? "");
    });
    try {
      await c.connect();
      for (const channel of options.channels) await c.query(`LISTEN ${channel}`);
      if (closed) {
        await release(c);
        return;
      }
      client = c;
      attempt = 0;
      live = true;
      // Listening before catching up: whatever commits from now on is notified, whatever committed
      // before is read by onUp, and the feed deduplicates the overlap.
      await options.onUp?.(c);
    } catch (error) {
      client = c;
      lost(error as Error);
    }
  };

  await connect();
  return {
    get live() {
      return live;
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      live = false;
      const c = client;
      client = null;
      await release(c);
    },
  };
}
