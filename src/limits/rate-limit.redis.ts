// The Redis side of the limits (REDIS_URL): one ioredis client shared by every limiter of the
// process, and the script rate-limiter-flexible runs to spend points. The library's own script
// adds the points even when it then refuses them, so a refused request of cost 5 with 3 points
// left would spend them and also refuse every smaller request after it; a daily quota would then
// admit less than it says. This one adds nothing when the points do not fit: what is admitted
// across every node sums to the quota exactly. (ARGV: points, window seconds, limit, duration.)
import { Redis } from "ioredis";
import type { Logger } from "../logger.ts";

export const SPEND_IF_IT_FITS = `
redis.call('set', KEYS[1], 0, 'EX', ARGV[2], 'NX')
local spent = tonumber(redis.call('get', KEYS[1]))
local ttl = redis.call('pttl', KEYS[1])
local points = tonumber(ARGV[1])
if points > 0 and spent + points > tonumber(ARGV[3]) then
  return {spent + points, ttl}
end
local consumed = redis.call('incrby', KEYS[1], points)
if ttl == -1 then
  redis.call('expire', KEYS[1], ARGV[2])
  ttl = 1000 * ARGV[2]
end
return {consumed, ttl}`;

export function limitsRedis(url: string, logger: Logger): Redis {
  // Fail fast: while disconnected a command fails at once (no offline queue) and a slow Redis is
  // given a second; RATE_LIMIT_REDIS_DOWN then decides.
  const redis = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 1000, connectTimeout: 2000 });
  let lastWarning = 0;
  redis.on("error", (error) => {
    // Reconnection errors repeat: said once a minute, not on every attempt.
    if (Date.now() - lastWarning < 60_000) return;
    lastWarning = Date.now();
    logger.warn({ err: error }, "redis connection failed; rate limits follow RATE_LIMIT_REDIS_DOWN until it returns");
  });
  return redis;
}
