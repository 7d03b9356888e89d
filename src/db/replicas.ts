// Read replicas: PostgreSQL streaming standbys (DATABASE_REPLICA_URLS) that take the queries' reads.
//
// Why routing of our own rather than @prisma/extension-read-replicas: that extension picks a
// replica at random for every read, with no health check, no lag limit and no notion of "this
// principal just wrote"; we would have to wrap every call in $primary() to get any of that, and
// each request would still not keep to one replica. Here the choice is made once per request
// (replicaSet.clientFor) with a Prisma query extension of the same shape as that one:
//   - a read outside a transaction (find*, count, aggregate, groupBy, $queryRaw) goes to the
//     replica chosen for the request;
//   - everything else (create/update/delete/upsert, $executeRaw, every $transaction, interactive or
//     batched) goes to the primary: the write and its audit commit together there;
//   - a mutation's whole operation runs on the primary (server.ts swaps ctx.prisma), so its reads
//     see its own and everyone's latest writes, and background jobs (alert worker, webhooks,
//     sealer, directory) are built with the primary client and never see a replica.
//
// Read-your-writes: after a principal's mutation, the primary's WAL position (pg_current_wal_lsn())
// is remembered for that principal; its requests use a replica only once the background check has
// seen that replica replay past it (pg_last_wal_replay_lsn()), else the primary. The positions live
// in this process (one node). With several nodes behind a load balancer a principal's next request
// may land on another node: then REDIS_URL shares them (a key per principal, for a few seconds).
//
// Faults: a replica that does not answer the check, is not in recovery, or is further behind than
// REPLICA_MAX_LAG_MS is out of rotation until a check finds it fit again. A read that fails on a
// replica because it cannot be reached (or because the statement wrote, which a standby refuses)
// marks the replica down and is run again on the primary: a killed replica costs no request.
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { Redis } from "ioredis";
import { PrismaClient } from "../generated/prisma/client.ts";
import type { Logger } from "../logger.ts";
import { countingAdapterFactory } from "./statement-log.ts";
import { isDatabaseUnavailable } from "../limits/errors.ts";

/** Operations that only read; anything else is, or may be, a write. */
const READ_OPERATIONS = new Set(["findMany", "findFirst", "findFirstOrThrow", "findUnique", "findUniqueOrThrow", "count", "aggregate", "groupBy", "$queryRaw", "$queryRawUnsafe"]);
/** SQLSTATE 25006: a standby refusing a write ("cannot execute … in a read-only transaction"). */
const READ_ONLY = "25006";

export interface ReplicaSettings {
  urls: readonly string[];
  maxLagMs: number;
  checkMs: number;
  poolSize: number;
  relationLoadStrategy: "query" | "join";
  redisUrl: string | null;
}

export interface DatabaseStatus {
  name: string;
  role: "primary" | "replica";
  up: boolean;
  /** replicas: in rotation (up, in recovery, within REPLICA_MAX_LAG_MS) */
  inRotation?: boolean;
  /** replicas: how far behind the primary it was at the last check, in ms (null: unknown) */
  lagMs?: number | null;
  /** replicas: requests whose reads it served, and reads run again on the primary after it failed */
  reads?: number;
  failovers?: number;
  error?: string;
}

/** An LSN "16/B374D848" as a number that orders like it (BigInt: 64 bits). */
export function lsnValue(lsn: string): bigint {
  const [hi, lo] = lsn.split("/");
  return (BigInt(`0x${hi}`) << 32n) + BigInt(`0x${lo}`);
}

interface Replica {
  name: string;
  pool: pg.Pool;
  client: PrismaClient;
  /** the primary client extended so that its reads go here */
  routed: PrismaClient;
  up: boolean;
  standby: boolean;
  replayed: bigint;
  lagMs: number | null;
  error: string | null;
  reads: number;
  failovers: number;
}

const READ_STRATEGY_OPS = ["findMany", "findFirst", "findFirstOrThrow", "findUnique", "findUniqueOrThrow"];

function replicaClient(pool: pg.Pool, strategy: "query" | "join"): PrismaClient {
  const base = new PrismaClient({ adapter: countingAdapterFactory(new PrismaPg(pool, { onPoolError: () => {} })) });
  // The same relation load strategy as the primary's client (database.ts), so a read plans alike on both.
  const reads = Object.fromEntries(READ_STRATEGY_OPS.map((op) => [op, ({ args, query }: { args: object; query: (a: object) => Promise<unknown> }) => query({ ...args, relationLoadStrategy: strategy })]));
  return base.$extends({ query: { $allModels: reads } }) as unknown as PrismaClient;
}

/** The URL's host, port and database, for /readyz and logs (never the user or password). */
function nameOf(url: string): string {
  const u = new URL(url);
  return `${u.host}${u.pathname}`;
}

export class ReplicaSet {
  readonly replicas: Replica[];
  private readonly primary: PrismaClient;
  private readonly primaryName: string;
  private primaryUp = true;
  private primaryError: string | null = null;
  /** recent (time, primary LSN) samples: a replica's lag is the age of the newest one it has replayed */
  private samples: Array<{ at: number; lsn: bigint }> = [];
  /** principal → the primary's LSN after its last write (this node's; Redis shares them between nodes) */
  private readonly written = new Map<string, { lsn: bigint; at: number }>();
  private readonly redis: Redis | null;
  private timer: NodeJS.Timeout | null = null;
  private checking: Promise<void> | null = null;
  private closed = false;
  private next = 0;
  primaryReads = 0;

  constructor(
    primary: PrismaClient,
    primaryUrl: string,
    private readonly settings: ReplicaSettings,
    private readonly logger: Logger,
  ) {
    this.primary = primary;
    this.primaryName = nameOf(primaryUrl);
    this.redis = settings.redisUrl ? new Redis(settings.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: false }) : null;
    // A Redis outage only costs read-your-writes across nodes: this node's own map still holds.
    this.redis?.on("error", () => {});
    this.replicas = settings.urls.map((url, i) => {
      const pool = new pg.Pool({ connectionString: url, max: settings.poolSize, application_name: `dlg-replica-reads`, connectionTimeoutMillis: 2_000 });
      pool.on("error", () => {});
      const client = replicaClient(pool, settings.relationLoadStrategy);
      const replica: Replica = { name: nameOf(url) || `replica ${i + 1}`, pool, client, routed: primary, up: false, standby: false, replayed: 0n, lagMs: null, error: "not checked yet", reads: 0, failovers: 0 };
      replica.routed = this.routeReads(replica);
      return replica;
    });
  }

  /** The primary extended so that each read outside a transaction goes to `replica` (and back to the primary if it fails there). */
  private routeReads(replica: Replica): PrismaClient {
    const markDown = (error: unknown) => {
      if (replica.up) this.logger.warn({ replica: replica.name, err: error }, "read replica failed; out of rotation until it recovers");
      replica.up = false;
      replica.error = error instanceof Error ? error.message : String(error);
    };
    return this.primary.$extends({
      query: {
        async $allOperations({ model, operation, args, query, ...rest }) {
          const internal = (rest as { __internalParams?: { transaction?: unknown } }).__internalParams;
          if (internal?.transaction || !READ_OPERATIONS.has(operation)) return query(args);
          try {
            const target = replica.client as unknown as Record<string, unknown>;
            // Bound: a client method such as $queryRawUnsafe reads its own `this`.
            const method = model ? (target[model[0]!.toLowerCase() + model.slice(1)] as Record<string, (a: unknown) => Promise<unknown>>)[operation]! : (target[operation] as (...a: unknown[]) => Promise<unknown>).bind(target);
            // $queryRawUnsafe's arguments arrive as [sql, ...values]; every other operation's as one object.
            if (operation === "$queryRawUnsafe" && Array.isArray(args)) return await (method as (...a: unknown[]) => Promise<unknown>)(...(args as unknown[]));
            return await method(args);
          } catch (error) {
            const unavailable = isDatabaseUnavailable(error);
            if (!unavailable && !isReadOnlyRefusal(error)) throw error;
            // A read is safe to run twice: the replica either could not be reached or refused a write.
            if (unavailable) markDown(error);
            replica.failovers++;
            return query(args);
          }
        },
      },
    }) as unknown as PrismaClient;
  }

  /** Starts the background check; resolves after the first one (so a fit replica serves from the first request). */
  async start(): Promise<void> {
    await this.check();
    const loop = () => {
      if (this.closed) return;
      this.timer = setTimeout(() => {
        this.checking = this.check().finally(() => {
          this.checking = null;
          loop();
        });
      }, this.settings.checkMs);
      this.timer.unref();
    };
    loop();
  }

  private async check(): Promise<void> {
    const timeout = Math.max(500, Math.min(this.settings.checkMs * 2, 5_000));
    const at = Date.now();
    try {
      const [row] = await withTimeout(this.primary.$queryRawUnsafe<{ lsn: string }[]>("SELECT pg_current_wal_lsn()::text AS lsn"), timeout);
      this.samples.push({ at, lsn: lsnValue(row!.lsn) });
      this.primaryUp = true;
      this.primaryError = null;
    } catch (error) {
      this.primaryUp = false;
      this.primaryError = error instanceof Error ? error.message : String(error);
    }
    // Enough samples to measure lag up to the limit (and a little more), no more.
    const horizon = at - Math.max(this.settings.maxLagMs * 2, this.settings.checkMs * 4, 10_000);
    while (this.samples.length > 2 && this.samples[1]!.at < horizon) this.samples.shift();
    await Promise.all(this.replicas.map((replica) => this.checkReplica(replica, timeout)));
    this.forgetReplayedWrites();
  }

  private async checkReplica(replica: Replica, timeout: number): Promise<void> {
    const wasInRotation = this.inRotation(replica);
    try {
      const [row] = await withTimeout(replica.pool.query<{ standby: boolean; replay: string | null }>("SELECT pg_is_in_recovery() AS standby, pg_last_wal_replay_lsn()::text AS replay"), timeout).then((r) => r.rows);
      replica.up = true;
      replica.standby = row!.standby;
      replica.replayed = row!.replay ? lsnValue(row!.replay) : 0n;
      // Lag: how old the newest primary position it has replayed is (0 when it has replayed the latest).
      const latest = this.samples[this.samples.length - 1];
      if (latest && replica.replayed >= latest.lsn) replica.lagMs = 0;
      else {
        const replayedSample = [...this.samples].reverse().find((s) => s.lsn <= replica.replayed);
        replica.lagMs = replayedSample ? Date.now() - replayedSample.at : null;
      }
      replica.error = !replica.standby ? "not a standby (pg_is_in_recovery() is false): never used for reads" : null;
    } catch (error) {
      replica.up = false;
      replica.error = error instanceof Error ? error.message : String(error);
    }
    const now = this.inRotation(replica);
    if (now !== wasInRotation) {
      if (now) this.logger.info({ replica: replica.name, lagMs: replica.lagMs }, "read replica in rotation");
      else this.logger.warn({ replica: replica.name, lagMs: replica.lagMs, error: replica.error }, "read replica out of rotation");
    }
  }

  private inRotation(replica: Replica): boolean {
    // Unknown lag (it has replayed none of our samples) counts as too far behind.
    return replica.up && replica.standby && replica.lagMs !== null && replica.lagMs <= this.settings.maxLagMs;
  }

  /** Principals' positions every replica in rotation has replayed are no longer needed. */
  private forgetReplayedWrites(): void {
    const fit = this.replicas.filter((r) => this.inRotation(r));
    const cutoff = Date.now() - Math.max(this.settings.maxLagMs * 2, 60_000);
    for (const [principal, w] of this.written) {
      if (w.at < cutoff || (fit.length && fit.every((r) => r.replayed >= w.lsn))) this.written.delete(principal);
    }
  }

  /** After a principal's mutation committed: its next reads must see it. */
  async wrote(principal: string): Promise<void> {
    if (!this.replicas.length) return;
    const [row] = await this.primary.$queryRawUnsafe<{ lsn: string }[]>("SELECT pg_current_wal_lsn()::text AS lsn");
    const lsn = lsnValue(row!.lsn);
    this.written.set(principal, { lsn, at: Date.now() });
    if (this.redis?.status === "ready") {
      // Kept as long as a replica may legitimately be behind it, then the lag limit covers it.
      await this.redis.set(`dlg:replica-ryw:${principal}`, row!.lsn, "PX", Math.max(this.settings.maxLagMs * 2, 10_000)).catch(() => {});
    }
  }

  /** The client for one request's reads: a replica in rotation that has replayed this principal's last write, else the primary. */
  async clientFor(principal: string | null): Promise<PrismaClient> {
    const fit = this.replicas.filter((r) => this.inRotation(r));
    if (!fit.length) return this.countPrimary();
    let needed = principal ? this.written.get(principal)?.lsn : undefined;
    if (principal && this.redis?.status === "ready") {
      const shared = await this.redis.get(`dlg:replica-ryw:${principal}`).catch(() => null);
      if (shared) {
        const v = lsnValue(shared);
        if (needed === undefined || v > needed) needed = v;
      }
    }
    const candidates = needed === undefined ? fit : fit.filter((r) => r.replayed >= needed!);
    if (!candidates.length) return this.countPrimary();
    const replica = candidates[this.next++ % candidates.length]!;
    replica.reads++;
    return replica.routed;
  }

  private countPrimary(): PrismaClient {
    this.primaryReads++;
    return this.primary;
  }

  /** Each database, for /readyz. */
  status(): DatabaseStatus[] {
    return [
      { name: this.primaryName, role: "primary", up: this.primaryUp, reads: this.primaryReads, ...(this.primaryError ? { error: this.primaryError } : {}) },
      ...this.replicas.map((r) => ({
        name: r.name,
        role: "replica" as const,
        up: r.up,
        inRotation: this.inRotation(r),
        lagMs: r.lagMs,
        reads: r.reads,
        failovers: r.failovers,
        ...(r.error ? { error: r.error } : {}),
      })),
    ];
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.checking?.catch(() => {});
    this.redis?.disconnect();
    await Promise.all(this.replicas.map(async (r) => {
      await r.client.$disconnect().catch(() => {});
      await r.pool.end().catch(() => {});
    }));
  }
}

function isReadOnlyRefusal(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 6) return false;
  const e = error as { code?: unknown; originalCode?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown; code?: unknown } };
  if (e.code === READ_ONLY || e.originalCode === READ_ONLY || e.meta?.code === READ_ONLY) return true;
  return [e.cause, e.meta?.driverAdapterError].some((inner) => inner !== error && isReadOnlyRefusal(inner, depth + 1));
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)))]).finally(() => clearTimeout(timer));
}
