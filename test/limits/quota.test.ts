// Cost-weighted limits (issue 14, item 6): an operation spends its computed cost, a batch the
// sum; an agency's daily quota is shared by its keys and holds exactly (a refused request spends
// nothing); rateLimitBudget reads the caller's own budget; RATE_LIMIT_REDIS_DOWN decides what a
// node does while Redis does not answer. Two nodes sharing one quota: test/nodes.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onPostgres } from "../helpers/backend.ts";
import { refusedWith, send } from "../helpers/http.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

// 1 + 10 × (nodes 1 + name 1) = 21 points (src/limits/cost.ts).
const PAGE = { query: `{ enterprises(first: 10) { nodes { name } } }` };
const BUDGET = { query: `{ rateLimitBudget { agency rate { limit remaining windowSeconds } agencyDaily { limit remaining resetsAt } keyDaily { limit remaining } } }` };
const ONE = { query: `{ __typename }` };

let server: TestServer;
let allow: TestServer;
let deny: TestServer;
beforeAll(async () => {
  [server, allow, deny] = await Promise.all([
    startTestServer({ scale: 0.02, env: { RATE_LIMIT_MAX: "1000", RATE_LIMITS: JSON.stringify({ CBRC: { daily: 50 }, PBOC: { rate: 30 } }) } }),
    // Nothing listens on port 1: Redis is down from the start.
    startTestServer({ scale: 0.02, env: { RATE_LIMIT_MAX: "2", REDIS_URL: "redis://127.0.0.1:1", RATE_LIMIT_REDIS_DOWN: "allow" } }),
    startTestServer({ scale: 0.02, env: { RATE_LIMIT_MAX: "2", REDIS_URL: "redis://127.0.0.1:1", RATE_LIMIT_REDIS_DOWN: "deny" } }),
  ]);
});
afterAll(async () => {
  await Promise.all([server?.close(), allow?.close(), deny?.close()]);
});

describe(`cost-weighted limits (${onPostgres ? "PostgreSQL" : "PGlite"})`, () => {
  it("spends an operation's cost, and rateLimitBudget shows the caller's own budget and what is left", async () => {
    expect((await send(server, { body: PAGE, as: "FISCAL" })).status).toBe(200);
    const res = await send(server, { body: BUDGET, as: "FISCAL" });
    expect(res.status).toBe(200);
    // 21 for the page, 1 + (1 + 3) + (1 + 3) + (1 + 2) + agency 1 = 13 for this query itself.
    expect(res.body.data.rateLimitBudget).toEqual({ agency: "FISCAL", rate: { limit: 1000, remaining: 1000 - 21 - 13, windowSeconds: 60 }, agencyDaily: null, keyDaily: null });
  });

  // Over MAX_COST the cost limit refuses an operation before it runs: it spends 1 point, and the
  // answer is that refusal (400, limit "cost"), never a budget it would have spent (429).
  it("an operation over MAX_COST spends one point and is refused by the cost limit", async () => {
    const huge = { query: `{ enterprises(first: 500) { nodes { loans(first: 500) { nodes { amount } } } } }` };
    const before = (await send(server, { body: BUDGET, as: "FINANCE_BUREAU" })).body.data.rateLimitBudget.rate.remaining;
    const refused = await send(server, { body: huge, as: "FINANCE_BUREAU" });
    expect(refusedWith(refused, 400)).toMatchObject({ extensions: { code: "GRAPHQL_VALIDATION_FAILED", limit: "cost" } });
    const after = (await send(server, { body: BUDGET, as: "FINANCE_BUREAU" })).body.data.rateLimitBudget.rate.remaining;
    // the refused operation's 1 point and the second budget query's 13
    expect(before - after).toBe(1 + 13);
  });

  it("a per-agency rate overrides the default, and a batch spends the sum of its parts, refused whole", async () => {
    // PBOC: 30 points a minute. One page (21) fits; a batch of a page and the one-point query (22) no longer does.
    expect((await send(server, { body: PAGE, as: "PBOC" })).status).toBe(200);
    const audits = await server.running.db.prisma.auditEntry.count();
    const refused = await send(server, { body: [ONE, PAGE], as: "PBOC" });
    expect(refusedWith(refused, 429)).toMatchObject({ extensions: { code: "RATE_LIMITED", limit: "rate" } });
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(await server.running.db.prisma.auditEntry.count()).toBe(audits);
    // The refused batch spent nothing: 9 points are left, so nine one-point operations pass and the tenth is refused.
    const batch = await send(server, { body: Array.from({ length: 9 }, () => ONE), as: "PBOC" });
    expect(batch.status).toBe(200);
    expect((await send(server, { body: ONE, as: "PBOC" })).status).toBe(429);
  });

  it("an agency's daily quota holds exactly: a request that does not fit is refused until midnight and spends nothing", async () => {
    // CBRC: 50 points a day. 21 + 21 = 42 admitted; the third page (63) is refused, and so 8 one-point operations still fit.
    expect((await send(server, { body: PAGE, as: "CBRC" })).status).toBe(200);
    expect((await send(server, { body: PAGE, as: "CBRC" })).status).toBe(200);
    const refused = await send(server, { body: PAGE, as: "CBRC" });
    expect(refusedWith(refused, 429)).toEqual({
      message: "Today's quota is spent for this agency or key: it renews at midnight, Beijing time (see Retry-After and the rateLimitBudget query).",
      extensions: { code: "RATE_LIMITED", limit: "daily", requestId: refused.headers.get("x-request-id") },
    });
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(86_400);
    expect(refused.text).not.toMatch(/\b50\b/);
    expect((await send(server, { body: Array.from({ length: 8 }, () => ONE), as: "CBRC" })).status).toBe(200);
    expect((await send(server, { body: ONE, as: "CBRC" })).status).toBe(429);
    // Spent whole: even the budget query (which would read remaining 0) is refused; another agency is untouched.
    expect((await send(server, { body: ONE, as: "CREDIT_PLATFORM" })).status).toBe(200);
  });

  it("while Redis does not answer: RATE_LIMIT_REDIS_DOWN=allow admits, deny refuses with 503 and Retry-After", async () => {
    for (let i = 0; i < 4; i++) expect((await send(allow, { body: ONE, as: "PBOC" })).status).toBe(200);
    const res = await send(deny, { body: ONE, as: "PBOC" });
    expect(refusedWith(res, 503)).toMatchObject({ message: "Rate limits cannot be counted right now: try again shortly (see Retry-After).", extensions: { code: "RATE_LIMIT_UNAVAILABLE" } });
    expect(res.headers.get("retry-after")).toBe("5");
    // The probes do not depend on Redis.
    expect((await fetch(`${deny.origin}/healthz`)).status).toBe(200);
  });
});
