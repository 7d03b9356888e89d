// The one place that reads process.env. Every setting is validated at start; a bad value stops
// the process with a single line naming the variable (see formatConfigError).
import { resolve } from "node:path";
import { z } from "zod";

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
  HOST: z.string().min(1, { message: "must not be empty" }).default("localhost"),
  DATA_DIR: z.string().min(1, { message: "must not be empty" }).default(".data"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { message: "must be a postgresql:// connection URL" })
    .optional(),
  DATABASE_POOL_SIZE: int(1, 200).default(10),
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
  MAX_BATCH: int(1, 100).default(20),
  STATEMENT_COUNTS: z.enum(["on", "off"], { message: "must be on or off" }).optional(),
  JWT_ISSUER: z.string().min(1).optional(),
  JWT_AUDIENCE: z.string().min(1).optional(),
  JWT_PUBLIC_KEY_FILE: z.string().min(1).optional(),
  JWT_JWKS_FILE: z.string().min(1).optional(),
  JWT_SECRET: z.string().min(32, { message: "must be at least 32 characters" }).optional(),
  ACCESS_ENFORCEMENT: z.enum(["on", "off"], { message: "must be on or off" }).default("on"),
  ACCESS_REPLY_WORKING_DAYS: int(1, 60).default(10),
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
    host: env.HOST,
    /** null when DATA_DIR=memory: the embedded database lives in memory and is gone at exit */
    dataDir,
    database: {
      ...(backend === "postgres"
        ? { kind: "postgres" as const, url: env.DATABASE_URL!, poolSize: env.DATABASE_POOL_SIZE }
        : { kind: "pglite" as const, dir: dataDir ? resolve(dataDir, "pglite") : null }),
      /** how Prisma loads nested relations: one query per level, or one joined statement */
      relationLoadStrategy: env.RELATION_LOAD_STRATEGY,
      /** Prisma's compiled-query-plan cache size (undefined: Prisma's default; 0 disables it) */
      queryPlanCacheSize: env.QUERY_PLAN_CACHE_SIZE,
    },
    /** Demo data goes into an empty embedded database by default, into PostgreSQL only when asked. */
    seedDemo: env.SEED_DEMO ?? backend === "pglite",
    seed: env.SEED,
    seedScale: env.SEED_SCALE,
    logLevel: env.LOG_LEVEL,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    /**
     * Count each operation's SQL statements (reported in extensions outside production). It needs
     * AsyncLocalStorage, whose promise hooks cost ~10% on Node 20, so it is off in production
     * unless asked for.
     */
    statementCounts: (env.STATEMENT_COUNTS ?? (env.NODE_ENV === "production" ? "off" : "on")) === "on",
    limits: {
      /** operations in one batched request */
      maxBatch: env.MAX_BATCH,
    },
    /** optional JWT bearer tokens (null: API keys only) */
    jwt: env.JWT_ISSUER && env.JWT_AUDIENCE
      ? { issuer: env.JWT_ISSUER, audience: env.JWT_AUDIENCE, publicKeyFile: env.JWT_PUBLIC_KEY_FILE, jwksFile: env.JWT_JWKS_FILE, secret: env.JWT_SECRET }
      : null,
    access: {
      /** off only for benchmarks: permissions, masking and the audit all stop */
      enforce: env.ACCESS_ENFORCEMENT === "on",
      /** reply deadline of a sharing request, in working days */
      replyWorkingDays: env.ACCESS_REPLY_WORKING_DAYS,
    },
  };
}

export class ConfigError extends Error {}

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
    throw new ConfigError(`invalid environment variable ${name}${shown}: ${issue.message}`);
  }
  return toConfig(parsed.data);
}
