// Per-principal rate limit (RATE_LIMIT_MAX operations per RATE_LIMIT_WINDOW_MS, default 1,200 per
// minute; 0: off). Counted per API key (per subject for JWTs) once the credential is verified, so
// a request without a valid credential never spends a real principal's budget; /healthz and
// /readyz are not counted. A batch of n operations counts n, refused or admitted whole before any
// of them runs. Fixed windows: a refusal is HTTP 429 with Retry-After (seconds until the window
// ends) and code RATE_LIMITED. Counts live in memory, or in Redis when REDIS_URL is set so that
// every server process shares one budget (rate-limit.redis.ts); if Redis fails, this process
// falls back to counting in memory rather than refusing or admitting everything.
import { createHash } from "node:crypto";
import type { FastifyRequest } from "fastify";
import type { Principal } from "../access/principal.ts";
import type { Logger } from "../logger.ts";
import { refusal } from "./refusal.ts";

export interface WindowCount {
  /** operations counted in the current window, this request's included */
  count: number;
  /** ms until the window ends */
  resetMs: number;
}

export interface RateLimitStore {
  hit(key: string, weight: number, windowMs: number): Promise<WindowCount>;
  close(): Promise<void>;
}

export class MemoryStore implements RateLimitStore {
  private windows = new Map<string, { count: number; endsAt: number }>();
  private sweeps = 0;

  async hit(key: string, weight: number, windowMs: number): Promise<WindowCount> {
    const now = Date.now();
    // Now and then, forget the windows that have ended.
    if (++this.sweeps % 1000 === 0) for (const [k, w] of this.windows) if (w.endsAt <= now) this.windows.delete(k);
    let window = this.windows.get(key);
    if (!window || window.endsAt <= now) this.windows.set(key, (window = { count: 0, endsAt: now + windowMs }));
    window.count += weight;
    return { count: window.count, resetMs: window.endsAt - now };
  }

  async close(): Promise<void> {
    this.windows.clear();
  }
}

export interface RateLimitOptions {
  max: number;
  windowMs: number;
  prefix: string;
}

/** One budget per credential: the API key (its prefix), or the JWT issuer and subject. */
export function principalKey(principal: Principal): string {
  return createHash("sha256").update(`${principal.keyPrefix}\u0000${principal.name}`).digest("base64url").slice(0, 22);
}

export class RateLimiter {
  // The decision for each HTTP request, so that the operations of a batch share it.
  private decided = new WeakMap<FastifyRequest, Promise<void>>();
  private fallback = new MemoryStore();
  private lastWarning = 0;

  constructor(
    private options: RateLimitOptions,
    private store: RateLimitStore,
    private logger: Logger,
  ) {}

  /** Counts the request against its principal's budget; throws the 429 error when it is spent. */
  admit(request: FastifyRequest, principal: Principal): Promise<void> {
    if (!this.options.max) return Promise.resolve();
    let decision = this.decided.get(request);
    if (!decision) {
      const weight = Array.isArray(request.body) ? Math.max(request.body.length, 1) : 1;
      decision = this.take(this.options.prefix + principalKey(principal), weight, request.id);
      this.decided.set(request, decision);
    }
    return decision;
  }

  private async take(key: string, weight: number, requestId: string): Promise<void> {
    let window: WindowCount;
    try {
      window = await this.store.hit(key, weight, this.options.windowMs);
    } catch (error) {
      // Once a minute, not once a request, while the store is down.
      if (Date.now() - this.lastWarning > 60_000) {
        this.lastWarning = Date.now();
        this.logger.warn({ err: error, reqId: requestId }, "rate-limit store unavailable; counting in this process");
      }
      window = await this.fallback.hit(key, weight, this.options.windowMs);
    }
    if (window.count <= this.options.max) return;
    const retryAfter = Math.max(1, Math.ceil(window.resetMs / 1000));
    throw refusal("Too many requests for this API key: wait before sending more (see Retry-After).", "RATE_LIMITED", 429, { limit: "rate", requestId }, { "retry-after": String(retryAfter) });
  }

  close(): Promise<void> {
    return Promise.all([this.store.close(), this.fallback.close()]).then(() => undefined);
  }
}

/** The limiter the configuration asks for: counts in Redis when REDIS_URL is set, else in memory. */
export async function createRateLimiter(options: RateLimitOptions, redisUrl: string | null, logger: Logger): Promise<RateLimiter> {
  if (!redisUrl || !options.max) return new RateLimiter(options, new MemoryStore(), logger);
  const { RedisStore } = await import("./rate-limit.redis.ts");
  const store = new RedisStore(redisUrl, logger);
  await store.connect();
  return new RateLimiter(options, store, logger);
}
