// The one place that reads process.env. Every setting is validated at start; a bad value stops
// the process with a single line naming the variable (see formatConfigError).
import { resolve } from "node:path";
import { z } from "zod";
import type { ClockSetting } from "./clock.ts";

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"], { message: "must be true or false" })
  .transform((v) => v === "true" || v === "1" || v === "yes");

const int = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, { message: `must be an integer between ${min} and ${max}` })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { message: `must be an integer between ${min} and ${max}` });

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"], { message: "must be development, production or test" }).default("development"),
  PORT: int(0, 65535).default(4000),
  // The language of messages when a request's Accept-Language names none we write (src/i18n/).
  DEFAULT_LANGUAGE: z.enum(["zh", "en"], { message: "must be zh or en" }).default("zh"),
  HOST: z.string().min(1, { message: "must not be empty" }).default("localhost"),
  DATA_DIR: z.string().min(1, { message: "must not be empty" }).default(".data"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { message: "must be a postgresql:// connection URL" })
    .optional(),
  DATABASE_POOL_SIZE: int(1, 200).default(10),
  // Read replicas (src/db/replicas.ts): streaming standbys of DATABASE_URL that take the queries' reads.
  DATABASE_REPLICA_URLS: z
    .string()
    .transform((s) => s.split(",").map((u) => u.trim()).filter(Boolean))
    .refine((list) => list.every((u) => /^postgres(ql)?:\/\//.test(u)), { message: "must be a comma-separated list of postgresql:// connection URLs" })
    .default([]),
  REPLICA_MAX_LAG_MS: int(0, 3_600_000).default(5_000),
  REPLICA_CHECK_MS: int(50, 60_000).default(1_000),
  // LISTEN needs a session of its own: behind PgBouncer in transaction mode, a direct URL to the primary.
  DATABASE_LISTEN_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { message: "must be a postgresql:// connection URL" })
    .optional(),
  EMBEDDED_FSYNC: z.enum(["on", "off"], { message: "must be on or off" }).default("on"),
  SEED_DEMO: bool.optional(),
  SEED: int(0, 2 ** 31 - 1).default(20161231),
  SEED_SCALE: z
    .string()
    .regex(/^\d+(\.\d+)?$/, { message: "must be a positive number" })
    .transform(Number)
    .refine((n) => n > 0 && n <= 1000, { message: "must be a positive number up to 1000" })
    .default(1),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], { message: "must be one of fatal, error, warn, info, debug, trace, silent" }).default("info"),
  SHUTDOWN_TIMEOUT_MS: int(0, 600_000).default(10_000),
  RELATION_LOAD_STRATEGY: z.enum(["query", "join"], { message: "must be query or join" }).default("query"),
  QUERY_PLAN_CACHE_SIZE: int(0, 100_000).optional(),
  // The hot reads as one SQL statement with the JSON built by PostgreSQL (src/db/json-query/);
  // "prepared" is the earlier spelling of on with its statements named, which PREPARED_STATEMENTS now decides.
  JSON_QUERIES: z.enum(["on", "off", "prepared"], { message: "must be on, off or prepared" }).default("on"),
  // The compiled reads and the audit's insert as named prepared statements on PostgreSQL, planned
  // once per connection (src/db/statement-names.ts; a pooler that cannot keep them turns it off).
  PREPARED_STATEMENTS: z.enum(["on", "off"], { message: "must be on or off" }).default("on"),
  // The compiled reads and the audit's insert sent to the driver adapter past Prisma's client
  // runtime (src/db/direct-query.ts); off: through $queryRawUnsafe, for comparison.
  DIRECT_QUERIES: z.enum(["on", "off"], { message: "must be on or off" }).default("on"),
  MAX_BATCH: int(1, 100).default(20),
  TRUSTED_OPERATIONS: z.enum(["enforce", "off"], { message: "must be enforce or off" }).optional(),
  // Limits and protections (docs/limits.md): each refusal is a 4xx with a code, never an echo of the query.
  MAX_DEPTH: int(1, 1000).default(15),
  MAX_COST: int(1, 1_000_000_000).default(200_000),
  MAX_ALIASES: int(0, 100_000).default(50),
  MAX_DIRECTIVES: int(0, 100_000).default(50),
  MAX_TOKENS: int(1, 10_000_000).default(5_000),
  MAX_BODY_BYTES: int(1024, 1024 * 1024 * 1024).default(8 * 1024 * 1024),
  // A 100,000-row loan XLSX is about 6 MB; a CSV about twice that.
  MAX_SHEET_BYTES: int(1024, 1024 * 1024 * 1024).default(64 * 1024 * 1024),
  OPERATION_TIMEOUT_MS: int(0, 3_600_000).default(30_000),
  // Points are operations' computed cost (at least 1 each): the default admits about 4,000 typical
  // page reads (cost ~300) or six operations at MAX_COST a minute per key.
  RATE_LIMIT_MAX: int(0, 1_000_000_000).default(24_000_000),
  DAILY_QUOTA: int(0, 1_000_000_000_000).default(0),
  RATE_LIMITS: z
    .string()
    .transform((s, ctx) => {
      try {
        return JSON.parse(s) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: 'must be a JSON object such as {"PBOC": {"rate": 600000, "daily": 50000000}}' });
        return z.NEVER;
      }
    })
    .pipe(
      z.record(
        z.string().regex(/^[A-Z_]+(\/[A-Za-z0-9_]+)?$/, { message: "keys must be an agency code or AGENCY/<key prefix>" }),
        z.object({ rate: z.number().int().min(0).optional(), daily: z.number().int().min(0).optional() }).strict(),
        { message: 'must be a JSON object such as {"PBOC": {"rate": 600000, "daily": 50000000}}' },
      ),
    )
    .default({}),
  RATE_LIMIT_REDIS_DOWN: z.enum(["memory", "allow", "deny"], { message: "must be memory, allow or deny" }).default("memory"),
  APQ_TTL_SECONDS: int(1, 30 * 86_400).default(86_400),
  RATE_LIMIT_WINDOW_MS: int(1_000, 86_400_000).default(60_000),
  RATE_LIMIT_PREFIX: z.string().regex(/^[A-Za-z0-9:._-]{1,64}$/, { message: "must be 1 to 64 letters, digits or :._-" }).default("dlg:ratelimit:"),
  EVENTS_REDIS_CHANNEL: z.string().regex(/^[A-Za-z0-9:._-]{1,64}$/, { message: "must be 1 to 64 letters, digits or :._-" }).default("dlg:events"),
  REDIS_URL: z.string().regex(/^rediss?:\/\/./, { message: "must be a redis:// or rediss:// URL" }).optional(),
  CORS_ORIGINS: z
    .string()
    .transform((s) => s.split(",").map((o) => o.trim()).filter(Boolean))
    .refine((list) => list.every((o) => /^https?:\/\/[^/\s?#]+$/.test(o)), { message: "must be a comma-separated list of origins such as https://portal.example.gov.cn" })
    .default([]),
  STATEMENT_COUNTS: z.enum(["on", "off"], { message: "must be on or off" }).optional(),
  JWT_ISSUER: z.string().min(1).optional(),
  JWT_AUDIENCE: z.string().min(1).optional(),
  JWT_PUBLIC_KEY_FILE: z.string().min(1).optional(),
  JWT_JWKS_FILE: z.string().min(1).optional(),
  JWT_SECRET: z.string().min(32, { message: "must be at least 32 characters" }).optional(),
  ACCESS_ENFORCEMENT: z.enum(["on", "off"], { message: "must be on or off" }).default("on"),
  ACCESS_REPLY_WORKING_DAYS: int(1, 60).default(10),
  // Aggregates over conditional data (under a grant) leave out groups smaller than this (src/access/min-group.ts).
  MIN_GROUP_SIZE: int(1, 1000).default(3),
  // Webhooks (src/alerts/webhooks/): which hosts endpoints may be on, and how deliveries are retried.
  WEBHOOK_ALLOWED_HOSTS: z
    .string()
    .transform((s) => s.split(",").map((h) => h.trim().toLowerCase()).filter(Boolean))
    .refine((list) => list.every((h) => /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/.test(h)), { message: "must be a comma-separated list of host or host:port, e.g. hooks.example.gov.cn,10.0.0.5:8443" })
    .default([]),
  WEBHOOK_MAX_ATTEMPTS: int(1, 1000).default(12),
  WEBHOOK_RETRY_BASE_MS: int(10, 86_400_000).default(10_000),
  WEBHOOK_RETRY_CAP_MS: int(10, 7 * 86_400_000).default(3_600_000),
  WEBHOOK_TIMEOUT_MS: int(100, 300_000).default(10_000),
  WEBHOOK_POLL_MS: int(10, 600_000).default(1_000),
  WEBHOOK_DELIVERY: z.enum(["on", "off"], { message: "must be on or off" }).default("on"),
  // The evaluation of risk rules (src/alerts/): the worker, the scheduled sweep, the digest.
  ALERT_WORKER: z.enum(["on", "off"], { message: "must be on or off" }).default("on"),
  ALERT_BATCH: int(1, 100_000).default(500),
  ALERT_POLL_MS: int(0, 3_600_000).default(10_000),
  ALERT_SWEEP_AT: z
    .string()
    .regex(/^(off|([01]\d|2[0-3]):[0-5]\d)$/, { message: "must be off or a Beijing time HH:MM (e.g. 01:30)" })
    .default("01:30"),
  ALERT_SWEEP_QUARTER_END: bool.default(true),
  ALERT_DIGEST_PERIOD: z.enum(["day", "month", "quarter", "off"], { message: "must be day, month, quarter or off" }).default("month"),
  // Observability (docs/deploy.md): /metrics needs its own bearer token; unset, there is no /metrics.
  // OpenTelemetry's own variables (OTEL_SERVICE_NAME, OTEL_EXPORTER_OTLP_HEADERS…) are read by its SDK.
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().regex(/^https?:\/\/./, { message: "must be an http:// or https:// URL" }).optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.string().regex(/^https?:\/\/./, { message: "must be an http:// or https:// URL" }).optional(),
  // The audit log's and signed responses' Ed25519 key (src/signing/key.ts): a PKCS#8 PEM file,
  // generated there when missing; default DATA_DIR/audit-signing-key.pem.
  AUDIT_SIGNING_KEY_FILE: z.string().min(1, { message: "must not be empty" }).optional(),
  // How often the sealer signs a checkpoint of the audit log while it grows (0: after every batch).
  AUDIT_CHECKPOINT_INTERVAL_MS: int(0, 86_400_000).default(60_000),
  METRICS_TOKEN: z.string().min(16, { message: "must be at least 16 characters" }).optional(),
  CLOCK: z
    .string()
    .refine((v) => v === "now" || (/^\d{4}-\d{2}-\d{2}$/.test(v) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v)), {
      message: "must be now or a calendar date YYYY-MM-DD (e.g. 2017-06-30)",
    })
    .optional(),
}).refine((env) => env.DATABASE_URL || (!env.DATABASE_REPLICA_URLS.length && !env.DATABASE_LISTEN_URL), {
  path: ["DATABASE_REPLICA_URLS"],
  message: "needs DATABASE_URL (replicas and a listen URL are PostgreSQL's; the embedded database has none)",
}).refine((env) => !(env.JWT_ISSUER || env.JWT_AUDIENCE) || (env.JWT_ISSUER && env.JWT_AUDIENCE && (env.JWT_PUBLIC_KEY_FILE || env.JWT_JWKS_FILE || env.JWT_SECRET)), {
  path: ["JWT_ISSUER"],
  message: "JWT needs JWT_ISSUER, JWT_AUDIENCE and one of JWT_PUBLIC_KEY_FILE, JWT_JWKS_FILE, JWT_SECRET",
}).refine((env) => !(env.NODE_ENV === "production" && env.ACCESS_ENFORCEMENT === "off"), {
  path: ["ACCESS_ENFORCEMENT"],
  message: "cannot be off in production (it exists to measure the cost of enforcement)",
});

export type Config = ReturnType<typeof toConfig>;

function toConfig(env: z.output<typeof EnvSchema>) {
  const dataDir = env.DATA_DIR === "memory" ? null : resolve(env.DATA_DIR);
  const backend = env.DATABASE_URL ? ("postgres" as const) : ("pglite" as const);
  return {
    mode: env.NODE_ENV,
    production: env.NODE_ENV === "production",
    port: env.PORT,
    /** messages' language when Accept-Language is absent or names neither zh nor en (src/i18n/lang.ts) */
    defaultLang: env.DEFAULT_LANGUAGE,
    host: env.HOST,
    /** null when DATA_DIR=memory: the embedded database lives in memory and is gone at exit */
    dataDir,
    database: {
      ...(backend === "postgres"
        ? {
            kind: "postgres" as const,
            url: env.DATABASE_URL!,
            poolSize: env.DATABASE_POOL_SIZE,
            /** streaming replicas for the queries' reads (src/db/replicas.ts); writes, transactions, the audit and background jobs stay on the primary */
            replicaUrls: env.DATABASE_REPLICA_URLS,
            /** a replica further behind than this is taken out of rotation until it catches up */
            replicaMaxLagMs: env.REPLICA_MAX_LAG_MS,
            /** how often each replica's health and replay position are checked */
            replicaCheckMs: env.REPLICA_CHECK_MS,
            /** where LISTEN connects (access changes, alert events): DATABASE_URL unless it is a transaction pooler's */
            listenUrl: env.DATABASE_LISTEN_URL ?? env.DATABASE_URL!,
            /** name the compiled reads and the audit's insert, so each connection plans them once (src/db/statement-names.ts) */
            preparedStatements: env.PREPARED_STATEMENTS === "on",
          }
        : {
            kind: "pglite" as const,
            dir: dataDir ? resolve(dataDir, "pglite") : null,
            /** flush each commit to disk before acknowledging it (off: a power loss may lose or corrupt recent commits) */
            fsync: env.EMBEDDED_FSYNC === "on",
          }),
      /** how Prisma loads nested relations: one query per level, or one joined statement */
      relationLoadStrategy: env.RELATION_LOAD_STRATEGY,
      /** Prisma's compiled-query-plan cache size (undefined: Prisma's default; 0 disables it) */
      queryPlanCacheSize: env.QUERY_PLAN_CACHE_SIZE,
      /** answer the hot reads in one statement each, the JSON built by PostgreSQL (off: Prisma, one statement per relation level) */
      jsonQueries: env.JSON_QUERIES === "off" ? ("off" as const) : ("on" as const),
      /** send the compiled reads and the audit's insert to the driver adapter directly (src/db/direct-query.ts) */
      directQueries: env.DIRECT_QUERIES === "on",
    },
    /**
     * Demo data (and demo keys) go into an empty embedded database by default outside production;
     * into PostgreSQL, or in production, only when SEED_DEMO=true says so.
     */
    seedDemo: env.SEED_DEMO ?? (backend === "pglite" && env.NODE_ENV !== "production"),
    seed: env.SEED,
    seedScale: env.SEED_SCALE,
    /** the business clock (src/clock.ts): unset follows the database, `now` the real date, or a fixed date */
    clock: (env.CLOCK === undefined ? { kind: "auto" } : env.CLOCK === "now" ? { kind: "now" } : { kind: "date", date: new Date(`${env.CLOCK}T00:00:00Z`) }) as ClockSetting,
    logLevel: env.LOG_LEVEL,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    /**
     * Count each operation's SQL statements (reported in extensions outside production). It needs
     * AsyncLocalStorage, whose promise hooks cost ~10% on Node 20, so it is off in production
     * unless asked for.
     */
    statementCounts: (env.STATEMENT_COUNTS ?? (env.NODE_ENV === "production" ? "off" : "on")) === "on",
    /** machine principals may run only registered operations (clients/operations.json); enforced in production */
    trustedOperations: (env.TRUSTED_OPERATIONS ?? (env.NODE_ENV === "production" ? "enforce" : "off")) === "enforce",
    limits: {
      /** operations in one batched request */
      maxBatch: env.MAX_BATCH,
      /** nesting of fields in an operation (fragments expanded, introspection included) */
      maxDepth: env.MAX_DEPTH,
      /** an operation's cost: 1 per field, a connection's children multiplied by first/last (50 when absent), introspection's lists by their average length */
      maxCost: env.MAX_COST,
      /** aliased fields in an operation (fragments expanded) */
      maxAliases: env.MAX_ALIASES,
      /** directives in an operation (fragments expanded) */
      maxDirectives: env.MAX_DIRECTIVES,
      /** lexical tokens in a document, checked while parsing */
      maxTokens: env.MAX_TOKENS,
      /** bytes of a request body on /graphql (a bank's 5,000-row loan file is about 1.3 MB) */
      maxBodyBytes: env.MAX_BODY_BYTES,
      /** bytes of a spreadsheet uploaded to /sheets/<batch> (src/sheets/) */
      maxSheetBytes: env.MAX_SHEET_BYTES,
      /** a query's execution budget in ms; 0: none (mutations are never interrupted) */
      operationTimeoutMs: env.OPERATION_TIMEOUT_MS,
      /** points (operations' computed cost, at least 1; a batch the sum) per key per window, per agency per day, overrides per agency or key, and what to do while Redis is down (src/limits/rate-limit.ts) */
      rateLimit: { max: env.RATE_LIMIT_MAX, windowMs: env.RATE_LIMIT_WINDOW_MS, prefix: env.RATE_LIMIT_PREFIX, daily: env.DAILY_QUOTA, overrides: env.RATE_LIMITS, redisDown: env.RATE_LIMIT_REDIS_DOWN },
      /** how long a query registered by APQ stays (in Redis when REDIS_URL is set, shared by every node) */
      apqTtlSeconds: env.APQ_TTL_SECONDS,
    },
    /** Redis shared by the server processes (rate limits, APQ cache, event feed); null: each process keeps them in memory */
    redisUrl: env.REDIS_URL ?? null,
    /** the Redis channel of the alert event feed (REDIS_URL set): one per database sharing a Redis (src/events/) */
    eventsRedisChannel: env.EVENTS_REDIS_CHANNEL,
    /** traces are exported over OTLP (src/observability/tracing.mjs): tag each request's span with its id */
    tracing: tracingEndpoint(env) !== null,
    /** the bearer token GET /metrics requires; null: no /metrics route */
    metricsToken: env.METRICS_TOKEN ?? null,
    /** the transparency log of the audit (src/access/audit/): where its signing key is, how often it signs a checkpoint */
    audit: {
      /** null (DATA_DIR=memory and no file set): a key for this process only, generated at start */
      signingKeyFile: env.AUDIT_SIGNING_KEY_FILE ? resolve(env.AUDIT_SIGNING_KEY_FILE) : dataDir ? resolve(dataDir, "audit-signing-key.pem") : null,
      checkpointIntervalMs: env.AUDIT_CHECKPOINT_INTERVAL_MS,
    },
    /** browser origins allowed to call /graphql across origins (CORS); empty: none */
    corsOrigins: env.CORS_ORIGINS,
    /** optional JWT bearer tokens (null: API keys only) */
    jwt: env.JWT_ISSUER && env.JWT_AUDIENCE
      ? { issuer: env.JWT_ISSUER, audience: env.JWT_AUDIENCE, publicKeyFile: env.JWT_PUBLIC_KEY_FILE, jwksFile: env.JWT_JWKS_FILE, secret: env.JWT_SECRET }
      : null,
    webhooks: {
      /** hosts (any port) or host:port an endpoint's URL may name; empty: no endpoint may be registered or delivered to */
      allowedHosts: env.WEBHOOK_ALLOWED_HOSTS,
      /** attempts before a delivery is DEAD (redeliverWebhook tries again) */
      maxAttempts: env.WEBHOOK_MAX_ATTEMPTS,
      /** the first retry's delay; each next one doubles, up to the cap, with jitter */
      retryBaseMs: env.WEBHOOK_RETRY_BASE_MS,
      retryCapMs: env.WEBHOOK_RETRY_CAP_MS,
      /** one POST's budget (connect and response); a slower receiver counts as a failed attempt */
      timeoutMs: env.WEBHOOK_TIMEOUT_MS,
      /** how often each process looks for undispatched events and due deliveries (sooner when woken by a write in this process) */
      pollMs: env.WEBHOOK_POLL_MS,
      /** off: this process neither fans out nor sends (another process does) */
      deliver: env.WEBHOOK_DELIVERY === "on",
    },
    alerts: {
      /** evaluate dirty marks in this process (off: another process does, or only sweeps run) */
      worker: env.ALERT_WORKER === "on",
      /** dirty marks claimed per transaction */
      batch: env.ALERT_BATCH,
      /** the worker's fallback poll in ms, for marks whose notification was missed; 0: none */
      pollMs: env.ALERT_POLL_MS,
      /** the daily sweep's Beijing time "HH:MM", or null: no scheduled sweeps */
      sweepAt: env.ALERT_SWEEP_AT === "off" ? null : env.ALERT_SWEEP_AT,
      /** also sweep at 00:05 Beijing on the first day of each quarter (the quarter-end rules' day) */
      sweepAtQuarterEnd: env.ALERT_SWEEP_QUARTER_END,
      /** the digest emitted by the first sweep after each period ends; null: none */
      digestPeriod: env.ALERT_DIGEST_PERIOD === "off" ? null : env.ALERT_DIGEST_PERIOD,
    },
    access: {
      /** off only for benchmarks: permissions, masking and the audit all stop */
      enforce: env.ACCESS_ENFORCEMENT === "on",
      /** reply deadline of a sharing request, in working days */
      replyWorkingDays: env.ACCESS_REPLY_WORKING_DAYS,
      /** aggregates under a grant leave out groups with fewer members than this (min-group.ts) */
      minGroupSize: env.MIN_GROUP_SIZE,
    },
  };
}

export class ConfigError extends Error {
  /** the variable that is wrong */
  declare readonly variable: string;
  /** what it must be */
  declare readonly rule: string;

  constructor(message: string, variable = "", rule = message) {
    super(message);
    // Not enumerable: the error stays equal to one built from its message alone.
    Object.defineProperties(this, { variable: { value: variable }, rule: { value: rule } });
  }
}

/**
 * The OTLP endpoint traces go to (OTEL_EXPORTER_OTLP_ENDPOINT or its traces-only variant), or null:
 * also read by the tracing preload (src/observability/tracing.mjs), which runs before any config is loaded.
 */
export function tracingEndpoint(env: { OTEL_EXPORTER_OTLP_ENDPOINT?: string | undefined; OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string | undefined } = process.env): string | null {
  return env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT || null;
}

/** Parses the environment (process.env by default); throws ConfigError naming the first bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings count as unset, as most shells and .env files mean by them.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0]);
    // Connection strings and secrets may carry passwords: name them, never echo them.
    const shown = /URL|SECRET|KEY|PASSWORD/.test(name) ? "" : `=${JSON.stringify(present[name])}`;
    throw new ConfigError(`invalid environment variable ${name}${shown}: ${issue.message}`, name, issue.message);
  }
  return toConfig(parsed.data);
}
