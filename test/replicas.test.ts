// Read replicas (issue 14, item 1) on loopback: a private primary and a real streaming replica of
// it (pg_basebackup -R), both started here, never the shared server. Shows that queries' reads go
// to the replica (counted on the replica itself), that a principal's read right after its own
// write returns the write while the replica is behind, that a replica behind REPLICA_MAX_LAG_MS
// leaves the rotation and comes back, and that killing the replica under a read load fails no
// request: reads move to the primary, and the replica rejoins once restarted.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onPostgres } from "./helpers/backend.ts";
import { startPrivatePostgres, type PrivatePostgres } from "./helpers/private-postgres.ts";
import { enterpriseInput } from "./helpers/factories.ts";
import { loadConfig } from "../src/config.ts";
import { createLogger } from "../src/logger.ts";
import { startApp, type RunningApp } from "../src/app.ts";
import type { DatabaseStatus } from "../src/db/replicas.ts";

let primary: PrivatePostgres;
let replica: PrivatePostgres;
let running: RunningApp;
let keys: Record<string, string>;
const MAX_LAG_MS = 8_000;

const LOOKUP = `query($uscc: String!) { enterprise(uscc: $uscc) { uscc name } }`;
const NESTED = `query { enterprises(first: 5) { nodes { uscc name loans(first: 5) { nodes { contractNo amount lender { code name } } } bonds(first: 3) { nodes { code schedule { dueDate amountDue } } } } } }`;
const WRITE = `mutation($i: EnterpriseInput!) { upsertEnterprise(input: $i) { __typename ... on MutationUpsertEnterpriseSuccess { data { uscc name } } } }`;

async function gql(query: string, variables: Record<string, unknown>, as: string) {
  const res = await fetch(running.url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${keys[as]}` }, body: JSON.stringify({ query, variables }) });
  return { status: res.status, body: (await res.json()) as { data?: any; errors?: Array<{ message: string }> } };
}

async function readyz(): Promise<{ status: number; body: { status: string; databases?: DatabaseStatus[] } }> {
  const res = await fetch(new URL("/readyz", running.url));
  return { status: res.status, body: await res.json() };
}
const replicaStatus = async () => (await readyz()).body.databases!.find((d) => d.role === "replica")!;

/** Waits for a condition, not a duration: the machine is shared. */
async function until<T>(what: string, probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T;
  do {
    last = await probe();
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  } while (Date.now() < deadline);
  throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
}

async function onReplica<R extends pg.QueryResultRow>(sql: string): Promise<R[]> {
  const client = new pg.Client({ connectionString: replica.url });
  await client.connect();
  try {
    return (await client.query<R>(sql)).rows;
  } finally {
    await client.end();
  }
}
/** Transactions the replica has committed in the platform's database: each read there is at least one. */
const replicaTransactions = async () => Number((await onReplica<{ n: string }>("SELECT xact_commit::text AS n FROM pg_stat_database WHERE datname = 'postgres'"))[0]!.n);
/** recovery_min_apply_delay holds back the replay of each commit: a replica that is behind, on demand. */
async function delayReplay(delay: string) {
  await onReplica(`ALTER SYSTEM SET recovery_min_apply_delay = '${delay}'`);
  await onReplica("SELECT pg_reload_conf()");
}

describe.runIf(onPostgres)("read replicas", () => {
  beforeAll(async () => {
    primary = await startPrivatePostgres();
    // The replica is made before the server starts: the migrations and the seed stream to it.
    replica = await startPrivatePostgres({ replicaOf: primary });
    const config = loadConfig({
      NODE_ENV: "test",
      DEFAULT_LANGUAGE: "en",
      PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
      DATA_DIR: "memory",
      SEED_DEMO: "true",
      SEED_SCALE: "0.02",
      DATABASE_URL: primary.url,
      DATABASE_REPLICA_URLS: replica.url,
      REPLICA_MAX_LAG_MS: String(MAX_LAG_MS),
      REPLICA_CHECK_MS: "200",
    });
    running = await startApp(config, createLogger(config));
    keys = running.demoKeys!;
  }, 240_000);
  afterAll(async () => {
    await running?.close().catch(() => {});
    await replica?.destroy();
    await primary?.destroy();
  });

  it("reports each database on /readyz: the primary, and the replica up, in rotation, with its lag", async () => {
    const status = await until("the replica in rotation", replicaStatus, (r) => r.inRotation === true);
    expect(status).toMatchObject({ role: "replica", up: true, inRotation: true });
    expect(status.lagMs).toBeGreaterThanOrEqual(0);
    expect(status.lagMs).toBeLessThanOrEqual(MAX_LAG_MS);
    const { status: code, body } = await readyz();
    expect(code).toBe(200);
    expect(body.databases![0]).toMatchObject({ role: "primary", up: true });
    // Named by host, port and database: never a user or password.
    expect(JSON.stringify(body.databases)).not.toMatch(/postgres@/);
  });

  it("sends queries' reads to the replica, counted on the replica itself", async () => {
    await until("the replica in rotation", replicaStatus, (r) => r.inRotation === true);
    const before = await replicaTransactions();
    const servedBefore = (await replicaStatus()).reads!;
    const n = 20;
    for (let i = 0; i < n; i++) {
      const res = await gql(NESTED, {}, "FINANCE_BUREAU");
      expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
      expect(res.body.data.enterprises.nodes.length).toBeGreaterThan(0);
    }
    // Each request's reads ran there (the nested query is several statements per request).
    expect((await replicaStatus()).reads! - servedBefore).toBe(n);
    // The replica's statistics are reported by its backends after a delay: wait for them.
    await expect.poll(async () => (await replicaTransactions()) - before, { timeout: 30_000 }).toBeGreaterThanOrEqual(n);
    const sessions = await onReplica<{ n: string }>("SELECT count(*)::text AS n FROM pg_stat_activity WHERE application_name = 'dlg-replica-reads'");
    expect(Number(sessions[0]!.n)).toBeGreaterThan(0);
  });

  it("answers a principal's read right after its own write with the write, while the replica is behind", async () => {
    await delayReplay("3s");
    try {
      const input = enterpriseInput();
      const wrote = await gql(WRITE, { i: input }, "MARKET_REGULATION");
      expect(wrote.body.data?.upsertEnterprise?.__typename, JSON.stringify(wrote.body)).toBe("MutationUpsertEnterpriseSuccess");
      // At once: the writer reads its write back (on the primary, the replica not having replayed it).
      const read = await gql(LOOKUP, { uscc: input.uscc }, "MARKET_REGULATION");
      expect(read.body.errors).toBeUndefined();
      expect(read.body.data.enterprise).toEqual({ uscc: input.uscc, name: input.name });
      // The test means something: another principal, reading from the replica, does not see it yet...
      const other = await gql(LOOKUP, { uscc: input.uscc }, "FINANCE_BUREAU");
      expect(other.body.data.enterprise).toBeNull();
      // ...and sees it once the replica has replayed it.
      await until("the replica to replay the write", () => gql(LOOKUP, { uscc: input.uscc }, "FINANCE_BUREAU"), (r) => r.body.data?.enterprise?.name === input.name);
    } finally {
      await delayReplay("0");
    }
  });

  it("takes a replica further behind than REPLICA_MAX_LAG_MS out of rotation, and brings it back when it catches up", async () => {
    await until("the replica in rotation", replicaStatus, (r) => r.inRotation === true);
    await delayReplay("1h");
    try {
      // A write the replica holds back: it falls behind by the time since.
      const wrote = await gql(WRITE, { i: enterpriseInput() }, "MARKET_REGULATION");
      expect(wrote.body.data?.upsertEnterprise?.__typename).toBe("MutationUpsertEnterpriseSuccess");
      const out = await until("the lagging replica out of rotation", replicaStatus, (r) => r.inRotation === false, MAX_LAG_MS + 30_000);
      expect(out.up).toBe(true);
      expect(out.lagMs).toBeGreaterThan(MAX_LAG_MS);
      // Reads keep working, on the primary.
      const served = out.reads!;
      const res = await gql(NESTED, {}, "FINANCE_BUREAU");
      expect(res.body.errors).toBeUndefined();
      expect((await replicaStatus()).reads).toBe(served);
    } finally {
      await delayReplay("0");
    }
    const back = await until("the replica back in rotation", replicaStatus, (r) => r.inRotation === true);
    expect(back.lagMs).toBeLessThanOrEqual(MAX_LAG_MS);
  });

  it("fails no request when the replica is killed under a read load: reads move to the primary, and it rejoins when restarted", async () => {
    await until("the replica in rotation", replicaStatus, (r) => r.inRotation === true);
    const failures: string[] = [];
    let done = 0;
    let stop = false;
    const uscc = (await gql(NESTED, {}, "FINANCE_BUREAU")).body.data.enterprises.nodes[0].uscc as string;
    const worker = async () => {
      while (!stop) {
        const res = await gql(LOOKUP, { uscc }, "FINANCE_BUREAU").catch((e: Error) => ({ status: 0, body: { errors: [{ message: e.message }] } as { data?: any; errors?: Array<{ message: string }> } }));
        if (res.status !== 200 || res.body.errors || res.body.data?.enterprise?.uscc !== uscc) failures.push(`${res.status} ${JSON.stringify(res.body.errors ?? res.body.data)}`);
        done++;
      }
    };
    const workers = Array.from({ length: 4 }, worker);
    try {
      await until("reads on the replica under load", replicaStatus, (r) => r.reads! > 0 && done > 20);
      const primaryReadsBefore = (await readyz()).body.databases![0]!.reads!;
      replica.kill();
      await until("the killed replica out of rotation", replicaStatus, (r) => r.up === false && r.inRotation === false, 30_000);
      const killedAt = done;
      // The load goes on, on the primary.
      await until("reads served by the primary", async () => ({ done, primaryReads: (await readyz()).body.databases![0]!.reads! }), (s) => s.done > killedAt + 40 && s.primaryReads > primaryReadsBefore + 20);
      replica.start();
      const rejoined = await until("the restarted replica in rotation", replicaStatus, (r) => r.inRotation === true, 60_000);
      const servedAtRejoin = rejoined.reads!;
      await until("reads on the replica again", replicaStatus, (r) => r.reads! > servedAtRejoin + 10);
    } finally {
      stop = true;
      await Promise.all(workers);
    }
    // A read in flight on the replica when it died ran again on the primary: none failed.
    expect(failures).toEqual([]);
    expect(done).toBeGreaterThan(100);
  });
});

describe("replica settings", () => {
  it("refuses replicas or a listen URL without DATABASE_URL, and a replica URL that is not PostgreSQL's, naming the variable", () => {
    expect(() => loadConfig({ DATABASE_REPLICA_URLS: "postgresql://r1/db" })).toThrow(/DATABASE_REPLICA_URLS: needs DATABASE_URL/);
    expect(() => loadConfig({ DATABASE_LISTEN_URL: "postgresql://p/db" })).toThrow(/DATABASE_REPLICA_URLS: needs DATABASE_URL/);
    expect(() => loadConfig({ DATABASE_URL: "postgresql://p/db", DATABASE_REPLICA_URLS: "postgresql://r1/db, mysql://r2/db" })).toThrow(/DATABASE_REPLICA_URLS: must be a comma-separated list of postgresql:\/\/ connection URLs/);
    const config = loadConfig({ DATABASE_URL: "postgresql://p/db", DATABASE_REPLICA_URLS: "postgresql://r1/db, postgresql://r2/db", REPLICA_MAX_LAG_MS: "2000" });
    expect(config.database).toMatchObject({ replicaUrls: ["postgresql://r1/db", "postgresql://r2/db"], replicaMaxLagMs: 2000, listenUrl: "postgresql://p/db" });
  });
});
