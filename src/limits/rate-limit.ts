// Rate limits and daily quotas (docs/limits.md), counted with rate-limit-flexible: in Redis when
// REDIS_URL is set, so that every server process spends one budget, else in this process.
// An operation spends its computed cost (cost.ts; at least 1 point), a batch the sum of its
// operations', refused or admitted whole before any of them runs. Three budgets, each refusing
// with HTTP 429, Retry-After and code RATE_LIMITED (extensions.limit "rate" or "daily"):
// - the rate limit: points per credential (API key, or JWT subject) per window;
// - the agency's daily quota: points per agency (each county government its own) per day, Beijing
//   time, shared by all its keys;
// - a key's own daily quota, where RATE_LIMITS gives one (rate-limit.settings.ts).
// Counted once the credential is verified, so a request without a valid credential never spends
// a real principal's budget; /healthz and /readyz are not counted.
import { createHash } from "node:crypto";
import type { FastifyRequest } from "fastify";
import type { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Principal } from "../access/principal.ts";
import type { Logger } from "../logger.ts";
import { refusal } from "./refusal.ts";
import { limitsRedis, SPEND_IF_IT_FITS } from "./rate-limit.redis.ts";
import { agencyScope, limitsFor, quotaDay, type RateLimitSettings } from "./rate-limit.settings.ts";

export type { RateLimitSettings } from "./rate-limit.settings.ts";

/** One budget per credential: the API key (its prefix), or the JWT issuer and subject. */
export function principalKey(principal: Principal): string {
  return createHash("sha256").update(`${principal.keyPrefix}\u0000${principal.name}`).digest("base64url").slice(0, 22);
}

interface Bucket {
  limit: "rate" | "daily";
  limiter: RateLimiterAbstract;
  key: string;
  /** the daily buckets' key lives until the end of the day (seconds) */
  customDuration?: number;
  /** the budget's size, for the budget query */
  points: number;
}

/** What a principal may still spend (the budget query, limits/budget.query.ts); null: no such limit. */
export interface Budget {
  rate: { limit: number; windowSeconds: number; remaining: number | null; resetsInMs: number | null } | null;
  agencyDaily: { limit: number; remaining: number | null; resetsAt: Date } | null;
  keyDaily: { limit: number; remaining: number | null; resetsAt: Date } | null;
}


/**
 * The per-process count that takes over while Redis does not answer (RATE_LIMIT_REDIS_DOWN=memory,
 * rate-limiter-flexible's insuranceLimiter): the library falls back to it silently, so it says so
 * itself. Budgets then hold per node only, which the log must show.
 */
class InsuranceMemory extends RateLimiterMemory {
  constructor(
    options: ConstructorParameters<typeof RateLimiterMemory>[0],
    private readonly onUse: () => void,
  ) {
    super(options);
  }

  override consume(...args: Parameters<RateLimiterMemory["consume"]>): ReturnType<RateLimiterMemory["consume"]> {
    this.onUse();
    return super.consume(...args);
  }
}

export class RateLimiter {
  // The decision for each HTTP request, so that the operations of a batch share it.
  private decided = new WeakMap<FastifyRequest, Promise<void>>();
  // One limiter per distinct budget size: rate-limiter-flexible fixes the points per instance.
  private limiters = new Map<string, RateLimiterAbstract>();
  private lastWarning = 0;

  constructor(
    private settings: RateLimitSettings,
    /** also the APQ cache's connection (apq-cache.redis.ts) */
    readonly redis: Redis | null,
    private logger: Logger,
  ) {}

  // What a request costs: the server prices its operations (request-cost.ts); without one
  // (a limiter made alone) an operation is 1 point.
  private price: (request: FastifyRequest) => Promise<number> = async (request) => (Array.isArray(request.body) ? Math.max(request.body.length, 1) : 1);

  priceWith(price: (request: FastifyRequest) => Promise<number>): this {
    this.price = price;
    return this;
  }

  /** Spends the request's points (computed once; for a batch the sum); throws the 429 error when a budget has not enough left. */
  admit(request: FastifyRequest, principal: Principal): Promise<void> {
    let decision = this.decided.get(request);
    if (!decision) {
      const buckets = this.buckets(principal, Date.now());
      decision = buckets.length ? this.price(request).then((points) => this.spend(buckets, points, request.id)) : Promise.resolve();
      this.decided.set(request, decision);
    }
    return decision;
  }

  private limiter(kind: "rate" | "daily", points: number, duration: number): RateLimiterAbstract {
    const id = `${kind}:${points}:${duration}`;
    let limiter = this.limiters.get(id);
    if (limiter) return limiter;
    const keyPrefix = `${this.settings.prefix}${kind}`;
    limiter = !this.redis
      ? new RateLimiterMemory({ points, duration, keyPrefix })
      : new RateLimiterRedis({
          storeClient: this.redis,
          points,
          duration,
          keyPrefix,
          customIncrTtlLuaScript: SPEND_IF_IT_FITS,
          // While Redis is not connected, fail at once rather than wait for it.
          rejectIfRedisNotReady: true,
          ...(this.settings.redisDown === "memory" ? { insuranceLimiter: new InsuranceMemory({ points, duration, keyPrefix }, () => this.warnStoreDown(null, null)) } : {}),
        });
    this.limiters.set(id, limiter);
    return limiter;
  }

  private buckets(principal: Principal, now: number): Bucket[] {
    const limits = limitsFor(this.settings, principal);
    const { day, msLeft } = quotaDay(now);
    // The day's key outlives the day by a minute: a request at 23:59:59.9 still finds it.
    const dayDuration = Math.ceil(msLeft / 1000) + 60;
    const buckets: Bucket[] = [];
    const windowSeconds = Math.max(1, Math.round(this.settings.windowMs / 1000));
    if (limits.rate) buckets.push({ limit: "rate", limiter: this.limiter("rate", limits.rate, windowSeconds), key: principalKey(principal), points: limits.rate });
    if (limits.agencyDaily) buckets.push({ limit: "daily", limiter: this.limiter("daily", limits.agencyDaily, 86_460), key: `${agencyScope(principal)}:${day}`, customDuration: dayDuration, points: limits.agencyDaily });
    if (limits.keyDaily) buckets.push({ limit: "daily", limiter: this.limiter("daily", limits.keyDaily, 86_460), key: `key:${principalKey(principal)}:${day}`, customDuration: dayDuration, points: limits.keyDaily });
    return buckets;
  }

  private async spend(buckets: Bucket[], points: number, requestId: string): Promise<void> {
    const spent: Bucket[] = [];
    for (const bucket of buckets) {
      const options = bucket.customDuration ? { customDuration: bucket.customDuration } : {};
      try {
        await bucket.limiter.consume(bucket.key, points, options);
        spent.push(bucket);
      } catch (outcome) {
        // Refused by a later budget: give the earlier ones back, so a refused request spends nothing.
        await Promise.all(spent.map((b) => b.limiter.reward(b.key, points, b.customDuration ? { customDuration: b.customDuration } : {}).catch(() => {})));
        if (outcome instanceof RateLimiterRes) {
          // In memory a refusal is counted too (in Redis the script adds nothing): given back.
          if (!this.redis) await bucket.limiter.reward(bucket.key, points, options).catch(() => {});
          throw this.refused(bucket, outcome, requestId);
        }
        // The store failed and no insurance limiter took over (RATE_LIMIT_REDIS_DOWN allow or deny).
        this.warnStoreDown(outcome, requestId);
        if (this.settings.redisDown === "deny") {
          throw refusal("limit.rateUnavailable", "RATE_LIMIT_UNAVAILABLE", 503, { limit: bucket.limit, requestId }, { "retry-after": "5" });
        }
        return;
      }
    }
  }

  private refused(bucket: Bucket, outcome: RateLimiterRes, requestId: string) {
    const ms = bucket.limit === "daily" ? quotaDay(Date.now()).msLeft : outcome.msBeforeNext;
    const retryAfter = String(Math.max(1, Math.ceil(ms / 1000)));
    return refusal(bucket.limit === "rate" ? "limit.rate" : "limit.daily", "RATE_LIMITED", 429, { limit: bucket.limit, requestId }, { "retry-after": retryAfter });
  }

  /** `error` and `requestId` are null when the library's insurance limiter took over (it tells neither). */
  private warnStoreDown(error: unknown, requestId: string | null): void {
    // Once a minute, not once a request, while the store is down.
    if (Date.now() - this.lastWarning < 60_000) return;
    this.lastWarning = Date.now();
    this.logger.warn({ ...(error ? { err: error } : {}), ...(requestId ? { reqId: requestId } : {}), mode: this.settings.redisDown }, "rate-limit store unavailable");
  }

  /** What the principal has left, without spending anything. */
  async budget(principal: Principal): Promise<Budget> {
    const now = Date.now();
    const resetsAt = new Date(now + quotaDay(now).msLeft);
    const left = async (bucket: Bucket) => {
      const res = await bucket.limiter.get(bucket.key).catch(() => undefined);
      if (res === undefined) return { remaining: null, ms: null };
      return { remaining: res ? Math.max(bucket.points - res.consumedPoints, 0) : bucket.points, ms: res ? res.msBeforeNext : null };
    };
    const budget: Budget = { rate: null, agencyDaily: null, keyDaily: null };
    const buckets = this.buckets(principal, now);
    const limits = limitsFor(this.settings, principal);
    for (const bucket of buckets) {
      const { remaining, ms } = await left(bucket);
      if (bucket.limit === "rate") budget.rate = { limit: bucket.points, windowSeconds: Math.max(1, Math.round(this.settings.windowMs / 1000)), remaining, resetsInMs: ms };
      else if (bucket.key.startsWith("key:")) budget.keyDaily = { limit: limits.keyDaily, remaining, resetsAt };
      else budget.agencyDaily = { limit: limits.agencyDaily, remaining, resetsAt };
    }
    return budget;
  }

  async close(): Promise<void> {
    if (this.redis) await this.redis.quit().catch(() => this.redis?.disconnect());
  }
}

/** The limiter the configuration asks for: counts in Redis when REDIS_URL is set, else in memory. */
export async function createRateLimiter(settings: RateLimitSettings, redisUrl: string | null, logger: Logger): Promise<RateLimiter> {
  if (!redisUrl) return new RateLimiter(settings, null, logger);
  const redis = limitsRedis(redisUrl, logger);
  // Connected now, so that the first requests do not wait; a failure is logged, not fatal.
  await redis.connect().catch(() => {});
  return new RateLimiter(settings, redis, logger);
}

