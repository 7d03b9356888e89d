// A database outage (issue 8, item 6): while PostgreSQL is down, an operation answers 503 with
// Retry-After and the code DATABASE_UNAVAILABLE, and nothing of the server's insides; /readyz says
// 503; once the database is back, the next request succeeds. On a private PostgreSQL server the
// test starts and stops itself (test/helpers/private-postgres.ts), in the PostgreSQL pass.
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onPostgres } from "./helpers/backend.ts";
import { startPrivatePostgres, type PrivatePostgres } from "./helpers/private-postgres.ts";
import { loadConfig } from "../src/config.ts";
import { createLogger } from "../src/logger.ts";
import { startApp, type RunningApp } from "../src/app.ts";

let postgres: PrivatePostgres;
/** API keys, in production: the credential is looked up in the database, so the outage shows while building the context */
let running: RunningApp;
/**
 * JWTs with access enforcement off (the benchmarks' setting, never in production), in development,
 * where errors carry their stack: nothing about the request needs the database before the
 * resolvers, so the outage shows there.
 */
let tokens: RunningApp;
let keys: Record<string, string>;
const SECRET = "a-test-secret-that-is-long-enough-for-hs256";
const JWT = { JWT_ISSUER: "https://sso.yangjiang.example", JWT_AUDIENCE: "deleveraging-graph", JWT_SECRET: SECRET };

const QUERY = "{ enterprises(first: 3) { nodes { uscc name } } }";
const MUTATION = `mutation { createApiKey(input: { agency: PBOC, name: "during-outage" }) { __typename } }`;

async function start(env: Record<string, string>): Promise<RunningApp> {
  const config = loadConfig({ PORT: "0", HOST: "127.0.0.1", DEFAULT_LANGUAGE: "en", LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent", DATABASE_URL: postgres.url, SEED_SCALE: "0.02", DATA_DIR: "memory", ...env });
  return startApp(config, createLogger(config));
}

async function post(app: RunningApp, query: string, token: string) {
  const res = await fetch(app.url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify({ query }) });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

const jwt = () =>
  new SignJWT({ agency: "FINANCE_BUREAU", kind: "USER" })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer(JWT.JWT_ISSUER)
    .setAudience(JWT.JWT_AUDIENCE)
    .setSubject("analyst-wang")
    .setIssuedAt()
    .setExpirationTime("10m")
    .sign(new TextEncoder().encode(SECRET));

function expectUnavailable(res: { status: number; headers: Headers; text: string }, label: string) {
  expect(res.status, `${label}: ${res.text}`).toBe(503);
  expect(Number(res.headers.get("retry-after")), label).toBeGreaterThan(0);
  const body = JSON.parse(res.text);
  expect(body.errors.map((e: { extensions: { code: string } }) => e.extensions.code), label).toContain("DATABASE_UNAVAILABLE");
  // Nothing of the failure itself: no driver message, address, source file or stack.
  expect(res.text, label).not.toMatch(/prisma|ECONNREFUSED|127\.0\.0\.1|\.ts\b|stack|postgres|INTERNAL_SERVER_ERROR/i);
}

describe.runIf(onPostgres)("a PostgreSQL outage", () => {
  beforeAll(async () => {
    postgres = await startPrivatePostgres();
    running = await start({ NODE_ENV: "production", SEED_DEMO: "true", TRUSTED_OPERATIONS: "off" });
    keys = running.demoKeys!;
    tokens = await start({ NODE_ENV: "development", SEED_DEMO: "false", ACCESS_ENFORCEMENT: "off", ...JWT });
  }, 180_000);
  afterAll(async () => {
    await running?.close().catch(() => {});
    await tokens?.close().catch(() => {});
    await postgres?.destroy();
  });

  it(
    "answers 503 with Retry-After and DATABASE_UNAVAILABLE while the database is down, and 200 once it is back",
    async () => {
      const token = await jwt();
      expect((await post(running, QUERY, keys.FINANCE_BUREAU!)).status).toBe(200);
      expect((await post(tokens, QUERY, token)).status).toBe(200);
      postgres.stop();
      try {
        for (const [label, query] of [["query", QUERY], ["mutation", MUTATION], ["query again", QUERY]] as const) {
          expectUnavailable(await post(tokens, query, token), `JWT, ${label}`);
          expectUnavailable(await post(running, query, keys.FINANCE_BUREAU!), `API key, ${label}`);
        }
        for (const app of [running, tokens]) {
          const ready = await fetch(`${new URL(app.url).origin}/readyz`);
          expect(ready.status).toBe(503);
        }
      } finally {
        postgres.start();
      }
      for (const [app, credential] of [[running, keys.FINANCE_BUREAU!], [tokens, token]] as const) {
        const back = await post(app, QUERY, credential);
        expect(back.status, back.text).toBe(200);
        expect(JSON.parse(back.text).data.enterprises.nodes).toHaveLength(3);
      }
    },
    180_000,
  );
});
