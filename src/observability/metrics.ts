// Prometheus metrics (prom-client), one registry per server: what an operator needs to see the
// graph's load, its cost in SQL, the audit's latency, refusals, the pool, the event loop and the
// alert outbox. Labels are bounded: operation names come from the registered operations
// (clients/operations.json) or are "anonymous" / "unregistered"; agencies are the fixed codes;
// no label carries query text, a key or a request id.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { PrismaClient } from "../generated/prisma/client.ts";
import type { RegisteredOperation } from "../operations/manifest.ts";
import { statementTotals } from "../db/statement-log.ts";

export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
  max: number;
}

export interface MetricsSources {
  prisma: PrismaClient;
  /** the PostgreSQL pool's counts (undefined on the embedded database, which has no pool) */
  poolStats?: () => PoolStats;
  manifest: Map<string, RegisteredOperation>;
  /** each read replica's last check (src/db/replicas.ts), when replicas are configured */
  replicas?: () => readonly { name: string; role: string; up: boolean; lagMs?: number | null; inRotation?: boolean }[];
}

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const CODE = /^[A-Z][A-Z0-9_]{0,39}$/;

export class Metrics {
  readonly registry = new Registry();
  readonly #known: Set<string>;
  readonly operations: Counter<"operation" | "agency" | "outcome">;
  readonly duration: Histogram<"operation" | "outcome">;
  readonly statements: Histogram<"operation">;
  readonly sqlSeconds: Counter<"operation">;
  readonly auditAppend: Histogram;
  readonly refusals: Counter<"agency" | "status">;
  readonly http: Counter<"route" | "status">;
  /** each replica's replay lag and whether it is in rotation, as of its last check */
  readonly replicaLag: Gauge<"replica">;
  readonly replicaInRotation: Gauge<"replica">;

  constructor(sources: MetricsSources) {
    const registers = [this.registry];
    this.#known = new Set([...sources.manifest.values()].flatMap((o) => o.operations));
    // Node's own: event-loop lag (nodejs_eventloop_lag_*), heap, GC, handles, CPU.
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 20 });
    this.operations = new Counter({ name: "dlg_graphql_operations_total", help: "GraphQL operations by registered operation name, the principal's agency and the outcome (ok or the first error's code)", labelNames: ["operation", "agency", "outcome"], registers });
    this.duration = new Histogram({ name: "dlg_graphql_operation_duration_seconds", help: "GraphQL operation latency, from the request's start to its response", labelNames: ["operation", "outcome"], buckets: SECONDS, registers });
    this.statements = new Histogram({ name: "dlg_sql_statements_per_operation", help: "SQL statements a GraphQL request sent, identity and policy lookups included (needs STATEMENT_COUNTS=on, the default outside production)", labelNames: ["operation"], buckets: [0, 1, 2, 3, 5, 8, 13, 21, 50, 100, 250], registers });
    this.sqlSeconds = new Counter({ name: "dlg_sql_seconds_per_operation_total", help: "time spent in SQL statements by operation (needs STATEMENT_COUNTS=on)", labelNames: ["operation"], registers });
    this.auditAppend = new Histogram({ name: "dlg_audit_append_duration_seconds", help: "a read's audit entry from append to commit (group commit: queueing included)", buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers });
    this.refusals = new Counter({ name: "dlg_rate_limit_refusals_total", help: "requests refused with 429 (rate limit or quota) by the principal's agency", labelNames: ["agency", "status"], registers });
    this.http = new Counter({ name: "dlg_http_responses_total", help: "HTTP responses by route (registered routes only, else unmatched) and status: includes what never reached GraphQL (401, 429, 503)", labelNames: ["route", "status"], registers });
    const replicas = sources.replicas;
    const replicaRows = () => (replicas ? replicas().filter((d) => d.role === "replica") : []);
    this.replicaLag = new Gauge({
      name: "dlg_replica_lag_seconds",
      help: "replay lag of each read replica as of its last check (absent while it does not answer)",
      labelNames: ["replica"],
      registers,
      collect() {
        this.reset();
        for (const r of replicaRows()) if (r.up && typeof r.lagMs === "number") this.set({ replica: r.name }, r.lagMs / 1000);
      },
    });
    this.replicaInRotation = new Gauge({
      name: "dlg_replica_in_rotation",
      help: "1 while a read replica takes reads, 0 while it is out of rotation (down, not a standby, or lagging beyond REPLICA_MAX_LAG_MS)",
      labelNames: ["replica"],
      registers,
      collect() {
        this.reset();
        for (const r of replicaRows()) this.set({ replica: r.name }, r.inRotation ? 1 : 0);
      },
    });
    new Counter({
      name: "dlg_sql_statements_total",
      help: "SQL statements sent to the database by this process (all requests and background work)",
      registers,
      collect() {
        this.reset();
        this.inc(statementTotals.count);
      },
    });
    new Counter({
      name: "dlg_sql_seconds_total",
      help: "time spent in SQL statements by this process",
      registers,
      collect() {
        this.reset();
        this.inc(statementTotals.ms / 1000);
      },
    });
    const pool = sources.poolStats;
    new Gauge({
      name: "dlg_db_pool_connections",
      help: "the PostgreSQL pool's connections: total, idle, in use, waiting clients, and its maximum",
      labelNames: ["state"],
      registers,
      collect() {
        if (!pool) return;
        const s = pool();
        this.set({ state: "total" }, s.total);
        this.set({ state: "idle" }, s.idle);
        this.set({ state: "in_use" }, s.total - s.idle);
        this.set({ state: "waiting" }, s.waiting);
        this.set({ state: "max" }, s.max);
      },
    });
    const prisma = sources.prisma;
    // Read at scrape time, one statement: how far the early-warning pipeline is behind.
    new Gauge({
      name: "dlg_alert_outbox_depth",
      help: "the early-warning backlog: outbox events not yet dispatched, dirty marks not yet evaluated, webhook deliveries pending",
      labelNames: ["queue"],
      registers,
      async collect() {
        try {
          const [row] = await prisma.$queryRawUnsafe<Array<{ outbox: bigint; dirty: bigint; webhooks: bigint }>>(
            `SELECT (SELECT count(*) FROM outbox_event WHERE dispatched_at IS NULL) AS outbox,
                    (SELECT count(*) FROM alert_dirty) AS dirty,
                    (SELECT count(*) FROM webhook_delivery WHERE status = 'PENDING') AS webhooks`,
          );
          this.set({ queue: "outbox_undispatched" }, Number(row?.outbox ?? 0));
          this.set({ queue: "alert_dirty" }, Number(row?.dirty ?? 0));
          this.set({ queue: "webhook_pending" }, Number(row?.webhooks ?? 0));
        } catch {
          // The database is down: the gauge keeps its last values; /readyz reports the outage.
        }
      },
    });
  }

  /** A bounded label for an operation: its name when a registered document declares it. */
  operationLabel(name: string | null | undefined): string {
    if (!name) return "anonymous";
    return this.#known.has(name) ? name : "unregistered";
  }

  /** ok, or the first error's code (codes are this codebase's own, a closed set; anything else is "error"). */
  static outcome(errors: ReadonlyArray<{ extensions?: Record<string, unknown> }> | undefined): string {
    if (!errors?.length) return "ok";
    const code = errors[0]?.extensions?.code;
    return typeof code === "string" && CODE.test(code) ? code : "error";
  }
}
