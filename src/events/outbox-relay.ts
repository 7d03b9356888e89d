// With REDIS_URL set, each server process relays committed outbox rows to Redis pub/sub, where
// every process's event feed (event-feed.ts) receives them.
//
// Why a relay reading the outbox rather than "the committing process publishes after commit":
// rows are written by triggers in transactions this code does not own (the evaluator, workflow
// mutations, psql), and a process that crashes between its commit and its publish would lose the
// event. Here a row is claimed (FOR UPDATE SKIP LOCKED: several processes relay without
// publishing a row twice), published, and marked relayed in ONE transaction: if the publish fails
// or the process dies before COMMIT, the row stays unrelayed and is published again (at least
// once; subscribers deduplicate by id). It cannot be lost while Redis and the database come back.
//
// Rows older than RELAY_HORIZON are not relayed: a live feed is for what happens now (webhooks
// are the durable channel), and switching an existing database to Redis must not replay its history.
import type { Database } from "../db/database.ts";
import type { Logger } from "../logger.ts";
import { fromRow, toWire, type CatchUpRow } from "./feed-event.ts";

const POLL_MS = 100;
const BATCH = 500;
const RELAY_HORIZON = "1 hour";

const CLAIM_SQL = `WITH claimed AS (
    SELECT id FROM outbox_event
    WHERE relayed_at IS NULL AND created_at > localtimestamp - interval '${RELAY_HORIZON}'
    ORDER BY created_at, id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED
  )
  UPDATE outbox_event o SET relayed_at = localtimestamp FROM claimed WHERE o.id = claimed.id
  RETURNING o.id::text, o.topic, o.alert_id, o.agency::text, o.county_code, to_json(o.created_at) #>> '{}' AS created_at`;

export interface OutboxRelay {
  close(): Promise<void>;
}

export function startOutboxRelay(db: Database, url: string, channel: string, logger: Logger): OutboxRelay {
  let closed = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let lastWarning = 0;
  let publisher: import("ioredis").Redis | null = null;

  const publisherReady = import("ioredis").then(({ Redis }) => {
    publisher = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2000 });
    publisher.on("error", () => {});
    return publisher.connect().catch(() => {});
  });

  /** One claim-publish-commit; true when a full batch suggests more are waiting. */
  const relayOnce = async (): Promise<boolean> => {
    await publisherReady;
    return db.prisma.$transaction(async (tx) => {
      const rows = await tx.$queryRawUnsafe<CatchUpRow[]>(CLAIM_SQL);
      if (!rows.length) return false;
      // Ordered as claimed; a throw here rolls the claim back (the rows are relayed later).
      const events = rows.map(fromRow).sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
      for (let i = 0; i < events.length; i += 100) await publisher!.publish(channel, toWire(events.slice(i, i + 100)));
      return rows.length === BATCH;
    });
  };

  const tick = () => {
    timer = null;
    if (closed) return;
    running = relayOnce().then(
      (more) => schedule(more ? 0 : POLL_MS),
      (error: unknown) => {
        if (Date.now() - lastWarning > 60_000) {
          lastWarning = Date.now();
          logger.warn({ err: error }, "the outbox relay could not publish to Redis; the events stay in the outbox and are published when it can");
        }
        schedule(1000);
      },
    );
  };
  const schedule = (ms: number) => {
    if (closed) return;
    timer = setTimeout(tick, ms);
    timer.unref();
  };
  schedule(0);

  return {
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => {});
      await publisherReady;
      await (publisher as import("ioredis").Redis | null)?.quit().catch(() => (publisher as import("ioredis").Redis | null)?.disconnect());
    },
  };
}
