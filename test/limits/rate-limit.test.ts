// Per-principal rate limit (RATE_LIMIT_MAX per RATE_LIMIT_WINDOW_MS): 429 with Retry-After once a
// principal's budget is spent; other principals, failed credentials and the probes are not
// counted against it. With REDIS_URL, several server processes share one budget.
import { randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/logger.ts";
import { createRateLimiter } from "../../src/limits/rate-limit.ts";
import type { Principal } from "../../src/access/principal.ts";
import { buildServer } from "../../src/server.ts";
import { onPostgres } from "../helpers/backend.ts";
import { refusedWith, send } from "../helpers/http.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const REDIS_URL = "redis://127.0.0.1:6379";
// A prefix of this run's own, so that runs (and the two backends' suites) never share counts.
const PREFIX = `dlg:test:${process.pid}:${randomBytes(4).toString("hex")}:`;
const WINDOW = { RATE_LIMIT_WINDOW_MS: "60000" };

let memory: TestServer;
let shared: TestServer;
let second: FastifyInstance;
let secondUrl: string;
beforeAll(async () => {
  [memory, shared] = await Promise.all([
    startTestServer({ scale: 0.02, env: { RATE_LIMIT_MAX: "3", ...WINDOW } }),
    startTestServer({ scale: 0.02, env: { RATE_LIMIT_MAX: "4", ...WINDOW, REDIS_URL, RATE_LIMIT_PREFIX: PREFIX } }),
  ]);
  // A second server process's worth: its own Fastify and Apollo, the same database and Redis.
  // On PostgreSQL it must name the same database: its event feed and access changes listen there.
  let database: Record<string, string> = { DATA_DIR: "memory" };
  if (onPostgres) {
    const [{ name }] = (await shared.running.db.raw<{ name: string }>("SELECT current_database() AS name")) as [{ name: string }];
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${name}`;
    database = { DATABASE_URL: url.toString() };
  }
  const config = loadConfig({ NODE_ENV: "test", DEFAULT_LANGUAGE: "en", LOG_LEVEL: "silent", ...database, RATE_LIMIT_MAX: "4", ...WINDOW, REDIS_URL, RATE_LIMIT_PREFIX: PREFIX });
  second = await buildServer({ config, db: shared.running.db, logger: createLogger(config) });
  await second.listen({ port: 0, host: "127.0.0.1" });
  const address = second.server.address();
  secondUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/graphql`;
});
afterAll(async () => {
  await second?.close();
  await memory?.close();
  await shared?.close();
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${PREFIX}*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
});

const QUERY = { query: `{ __typename }` };
const REFUSAL = { message: "Too many requests for this API key: wait before sending more (see Retry-After).", extensions: { code: "RATE_LIMITED", limit: "rate" } };

describe(`rate limit (${onPostgres ? "PostgreSQL" : "PGlite"})`, () => {
  it("is 24,000,000 points (operations' cost) a minute per key by default, no daily quota, counted in memory", () => {
    const config = loadConfig({});
    expect(config.limits.rateLimit).toEqual({ max: 24_000_000, windowMs: 60_000, prefix: "dlg:ratelimit:", daily: 0, overrides: {}, redisDown: "memory" });
    expect(config.redisUrl).toBeNull();
    // A Redis URL may hold a password: named, never echoed.
    expect(() => loadConfig({ REDIS_URL: "http://user:hunter2@cache:6379" })).toThrow(/^invalid environment variable REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL$/);
    expect(() => loadConfig({ RATE_LIMIT_MAX: "lots" })).toThrow('invalid environment variable RATE_LIMIT_MAX="lots": must be an integer between 0 and 1000000000');
    expect(loadConfig({ RATE_LIMITS: '{"PBOC": {"daily": 500}, "PBOC/dlg_ab12": {"rate": 9}}' }).limits.rateLimit.overrides).toEqual({ PBOC: { daily: 500 }, "PBOC/dlg_ab12": { rate: 9 } });
    expect(() => loadConfig({ RATE_LIMITS: "{PBOC: 5}" })).toThrow(/^invalid environment variable RATE_LIMITS.*must be a JSON object/);
    expect(() => loadConfig({ RATE_LIMITS: '{"PBOC": {"rate": -1}}' })).toThrow(/^invalid environment variable RATE_LIMITS/);
    expect(() => loadConfig({ RATE_LIMIT_REDIS_DOWN: "maybe" })).toThrow(/RATE_LIMIT_REDIS_DOWN.*must be memory, allow or deny/);
  });

  describe("in memory (one process)", () => {
    it("admits the budget, then answers 429 with Retry-After; failed credentials, other principals and probes are not counted", async () => {
      const pboc = memory.keys.PBOC!;
      // A wrong secret under PBOC's key prefix: refused, and not spent from PBOC's budget.
      const forged = `${pboc.slice(0, pboc.lastIndexOf("_") + 1)}${"A".repeat(32)}`;
      for (let i = 0; i < 5; i++) {
        const res = await send(memory, { body: QUERY, as: null, headers: { authorization: `Bearer ${forged}` } });
        expect(res.status).toBe(401);
      }
      for (let i = 0; i < 3; i++) expect((await send(memory, { body: QUERY, as: "PBOC" })).status).toBe(200);
      const res = await send(memory, { body: QUERY, as: "PBOC" });
      expect(refusedWith(res, 429)).toEqual({ ...REFUSAL, extensions: { ...REFUSAL.extensions, requestId: res.headers.get("x-request-id") } });
      const retryAfter = Number(res.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(res.text).not.toMatch(/\b3\b|__typename|stacktrace/);
      // Another principal has a budget of its own; the probes are never limited.
      expect((await send(memory, { body: QUERY, as: "CBRC" })).status).toBe(200);
      for (const probe of ["/healthz", "/readyz"]) expect((await fetch(`${memory.origin}${probe}`)).status).toBe(200);
    });

    it("counts a batch once per operation, and refuses it whole", async () => {
      expect((await send(memory, { body: [QUERY, QUERY], as: "FISCAL" })).status).toBe(200);
      const audits = await memory.running.db.prisma.auditEntry.count();
      const res = await send(memory, { body: [QUERY, { query: `{ enterprises(first: 1) { totalCount } }` }], as: "FISCAL" });
      expect(res.status).toBe(429);
      expect(res.body.errors[0].extensions).toMatchObject({ code: "RATE_LIMITED" });
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(await memory.running.db.prisma.auditEntry.count()).toBe(audits);
    });
  });

  describe("the NDJSON export", () => {
    const exportUrl = () => `${memory.origin}/export/dishonesty-records.ndjson`;
    const download = (key: string | null) => fetch(exportUrl(), { headers: key ? { authorization: `Bearer ${key}` } : {} });

    it("counts against the caller's budget like an operation, and is refused with 429 once it is spent", async () => {
      const key = memory.keys.CREDIT_PLATFORM!;
      // A refused credential on the export spends nothing.
      expect((await download(`${key.slice(0, key.lastIndexOf("_") + 1)}${"A".repeat(32)}`)).status).toBe(401);
      const first = await download(key);
      expect(first.status).toBe(200);
      expect((await first.text()).trimEnd().split("\n").at(-1)).toMatch(/^\{"cursor":"\d+"\}$/);
      expect((await send(memory, { body: QUERY, as: "CREDIT_PLATFORM" })).status).toBe(200);
      expect((await download(key)).status).toBe(200);
      // 3 spent: the fourth request, export or operation, is refused.
      const audits = await memory.running.db.prisma.auditEntry.count();
      const refused = await download(key);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(refused.headers.get("content-type")).toMatch(/^application\/json/);
      const body = await refused.json();
      expect(body).toEqual({ errors: [{ ...REFUSAL, extensions: { ...REFUSAL.extensions, requestId: refused.headers.get("x-request-id") } }] });
      expect(await memory.running.db.prisma.auditEntry.count()).toBe(audits);
      expect((await send(memory, { body: QUERY, as: "CREDIT_PLATFORM" })).status).toBe(429);
    });
  });

  describe("shared through Redis (two server processes)", () => {
    it("spends one budget across both servers", async () => {
      const other = { ...shared, url: secondUrl };
      expect((await send(shared, { body: QUERY, as: "PBOC" })).status).toBe(200);
      expect((await send(other, { body: QUERY, as: "PBOC" })).status).toBe(200);
      expect((await send(shared, { body: QUERY, as: "PBOC" })).status).toBe(200);
      expect((await send(other, { body: QUERY, as: "PBOC" })).status).toBe(200);
      for (const server of [shared, other]) {
        const res = await send(server, { body: QUERY, as: "PBOC" });
        expect(refusedWith(res, 429)).toMatchObject(REFUSAL);
        expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      }
      // The count is in Redis, under this run's prefix, expiring with its window; the refused
      // requests spent nothing (4 admitted points, not 6).
      const redis = new Redis(REDIS_URL);
      try {
        const keys = await redis.keys(`${PREFIX}*`);
        expect(keys).toHaveLength(1);
        expect(keys[0]).toMatch(new RegExp(`^${PREFIX}rate:`));
        expect(Number(await redis.get(keys[0]!))).toBe(4);
        expect(await redis.pttl(keys[0]!)).toBeGreaterThan(0);
      } finally {
        await redis.quit();
      }
      // Another principal still has its whole budget, on either server.
      expect((await send(other, { body: QUERY, as: "CBRC" })).status).toBe(200);
    });

    it("counts in memory when Redis does not answer, rather than refusing or admitting everything, and says so once in the log", async () => {
      const config = loadConfig({ LOG_LEVEL: "warn" });
      const lines: Array<Record<string, unknown>> = [];
      const limiter = await createRateLimiter({ max: 2, windowMs: 60_000, prefix: PREFIX, daily: 0, overrides: {}, redisDown: "memory" }, "redis://127.0.0.1:1", createLogger(config, { write: (line: string) => void lines.push(JSON.parse(line)) }));
      const principal: Principal = { agency: "PBOC", countyCode: null, name: "probe", kind: "SYSTEM", keyPrefix: "dlg_probe" };
      const request = (id: string) => ({ id, body: {} }) as never;
      try {
        const started = performance.now();
        const outcomes = [];
        for (const id of ["a", "b", "c"]) outcomes.push(await limiter.admit(request(id), principal).then(() => "admitted", (e: { extensions: { code: string } }) => e.extensions.code));
        expect(outcomes).toEqual(["admitted", "admitted", "RATE_LIMITED"]);
        expect(performance.now() - started).toBeLessThan(1000);
        // the budgets now hold per node only: the operator is told (once a minute, not per request)
        expect(lines.filter((l) => l.msg === "rate-limit store unavailable")).toEqual([expect.objectContaining({ level: 40, mode: "memory" })]);
      } finally {
        await limiter.close();
      }
    });
  });
});
