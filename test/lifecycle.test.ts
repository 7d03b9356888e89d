import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase, onPostgres } from "./helpers/backend.ts";
import { demoKeysOf, spawnServer } from "./helpers/process.ts";

const cleanup: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

const COUNT = `{ enterprises(first: 500) { nodes { uscc loans(first: 50) { nodes { amount classification lender { name } } } } } }`;

describe(`npm start on ${onPostgres ? "PostgreSQL" : "a persisted PGlite directory"}`, () => {
  // Two real server processes, each starting from cold: minutes on a busy machine.
  it("seeds once, drains in-flight requests on SIGTERM, closes cleanly and restarts on the same data", { timeout: 600_000 }, async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "dlg-life-"));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const database = await createTestDatabase();
    cleanup.push(() => database.drop());
    const env = { DATA_DIR: dataDir, SEED_SCALE: "0.05", ...(database.env.DATABASE_URL ? database.env : {}) };

    const first = await spawnServer(env);
    cleanup.push(async () => first.child.kill("SIGKILL"));
    expect(first.logs.some((l) => l.msg === "demo data seeded")).toBe(true);
    const keys = await demoKeysOf(first);
    // Each response body is read as it arrives, as a real client does.
    const call = () =>
      fetch(first.url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${keys.FINANCE_BUREAU}` },
        body: JSON.stringify({ query: COUNT }),
      }).then(async (r) => ({ status: r.status, body: await r.json() }));
    const baseline = (await call()).body;
    const enterprises = baseline.data.enterprises.nodes.length;
    expect(enterprises).toBeGreaterThan(0);

    // Twenty heavy requests: once the server has accepted all of them, SIGTERM arrives while
    // (on PGlite, which answers one query at a time, certainly) most are still in flight.
    const accepted = () => first.logs.filter((l) => l.msg === "incoming request").length;
    const before = accepted();
    const inFlight = Array.from({ length: 20 }, call);
    while (accepted() < before + 20) await new Promise((r) => setTimeout(r, 5));
    first.child.kill("SIGTERM");
    const responses = await Promise.all(inFlight);
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    for (const r of responses) expect(r.body.data.enterprises.nodes).toHaveLength(enterprises);
    expect(await first.exited).toBe(0);
    expect(first.logs.some((l) => l.msg === "stopped cleanly")).toBe(true);

    const second = await spawnServer(env);
    cleanup.push(async () => second.child.kill("SIGKILL"));
    expect(second.logs.some((l) => l.msg === "demo data seeded")).toBe(false);
    const again = await fetch(second.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${keys.FINANCE_BUREAU}` },
      body: JSON.stringify({ query: COUNT }),
    });
    expect(await again.json()).toEqual(baseline);
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  });
});
