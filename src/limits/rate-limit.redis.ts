// The rate limit's counts in Redis (REDIS_URL), shared by every server process: one atomic script
// adds the request's weight to the principal's window and starts the window's expiry on its first
// hit. Keys are RATE_LIMIT_PREFIX + a hash of the credential; they expire with their window.
import { Redis } from "ioredis";
import type { Logger } from "../logger.ts";
import type { RateLimitStore, WindowCount } from "./rate-limit.ts";

const HIT = `
local count = redis.call('INCRBY', KEYS[1], ARGV[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  ttl = tonumber(ARGV[2])
end
return {count, ttl}`;

type WithHit = Redis & { rateLimitHit(key: string, weight: number, windowMs: number): Promise<[number, number]> };

export class RedisStore implements RateLimitStore {
  private redis: WithHit;
  private lastWarning = 0;

  constructor(url: string, logger: Logger) {
    // Fail fast: while disconnected a command fails at once (no offline queue), and a slow Redis
    // is given a second; either way the in-memory fallback counts the request.
    this.redis = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 1000, connectTimeout: 2000 }) as WithHit;
    this.redis.defineCommand("rateLimitHit", { numberOfKeys: 1, lua: HIT });
    this.redis.on("error", (error) => {
      // Reconnection errors repeat: say so once a minute, not on every attempt.
      if (Date.now() - this.lastWarning < 60_000) return;
      this.lastWarning = Date.now();
      logger.warn({ err: error }, "redis connection failed; rate limits are counted per process until it returns");
    });
  }

  /** Connects now, so that the first requests do not wait; a failure is logged, not fatal. */
  async connect(): Promise<void> {
    await this.redis.connect().catch(() => {});
  }

  async hit(key: string, weight: number, windowMs: number): Promise<WindowCount> {
    const [count, resetMs] = await this.redis.rateLimitHit(key, weight, windowMs);
    return { count: Number(count), resetMs: Number(resetMs) };
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
