// The APQ cache (automatic persisted queries) in Redis when REDIS_URL is set: a query registered
// by its hash on one node is found by the hash alone on every other node. Apollo's default is an
// in-memory LRU per process, so a client whose next request reached another node got
// PERSISTED_QUERY_NOT_FOUND and had to send the query again. Entries expire after APQ_TTL_SECONDS
// (bounded: a hash no client sends any more does not stay forever).
import type { KeyValueCache, KeyValueCacheSetOptions } from "@apollo/utils.keyvaluecache";
import type { Redis } from "ioredis";

export class RedisApqCache implements KeyValueCache<string> {
  constructor(
    private redis: Redis,
    private prefix: string,
    private ttlSeconds: number,
  ) {}

  async get(key: string): Promise<string | undefined> {
    // A Redis that does not answer is a cache miss: the client sends the query again.
    return (await this.redis.get(this.prefix + key).catch(() => null)) ?? undefined;
  }

  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    const ttl = Math.min(options?.ttl ?? this.ttlSeconds, this.ttlSeconds);
    await this.redis.set(this.prefix + key, value, "EX", Math.max(1, Math.round(ttl))).catch(() => {});
  }

  async delete(key: string): Promise<boolean> {
    return (await this.redis.del(this.prefix + key).catch(() => 0)) > 0;
  }
}
