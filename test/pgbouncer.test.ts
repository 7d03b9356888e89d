// Behind PgBouncer in transaction mode (issue 14, item 3): Debian's pgbouncer, started here on a
// port of its own in front of a private PostgreSQL instance. The server migrates, seeds and
// serves through it: reads, writes, concurrent transactions, the audit (its entries and the
// sealer's advisory lock). LISTEN cannot work through a transaction pooler (the session it
// listens on is handed to other clients), so the feeds listen on DATABASE_LISTEN_URL, direct.
// Debian's PgBouncer (1.18) keeps no prepared statements: the server's named ones
// (src/db/statement-names.ts) are refused once, then sent unnamed.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onPostgres } from "./helpers/backend.ts";
import { startPrivatePostgres, type PrivatePostgres } from "./helpers/private-postgres.ts";
import { PGBOUNCER, startPgBouncer, type PrivatePgBouncer } from "./helpers/private-pgbouncer.ts";
import { enterpriseInput } from "./helpers/factories.ts";
import { loadConfig } from "../src/config.ts";
import { createLogger } from "../src/logger.ts";
import { startApp, type RunningApp } from "../src/app.ts";

let postgres: PrivatePostgres;
let bouncer: PrivatePgBouncer;
let running: RunningApp;
let keys: Record<string, string>;

const NESTED = `query { enterprises(first: 5) { nodes { uscc name loans(first: 5) { nodes { contractNo amount lender { code name } } } } } }`;
const LOOKUP = `query($uscc: String!) { enterprise(uscc: $uscc) { uscc name } }`;
const WRITE = `mutation($i: EnterpriseInput!) { upsertEnterprise(input: $i) { __typename ... on MutationUpsertEnterpriseSuccess { data { uscc name } } } }`;

async function gql(query: string, variables: Record<string, unknown>, as: string, requestId?: string) {
  const res = await fetch(running.url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${keys[as]}`, ...(requestId ? { "x-request-id": requestId } : {}) }, body: JSON.stringify({ query, variables }) });
  return { status: res.status, body: (await res.json()) as { data?: any; errors?: Array<{ message: string }> } };
}

/** Straight to PostgreSQL, past the pooler: what the database holds. */
async function direct<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: postgres.url });
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

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

describe.runIf(onPostgres && PGBOUNCER)("behind PgBouncer in transaction mode", () => {
  beforeAll(async () => {
    postgres = await startPrivatePostgres();
    bouncer = await startPgBouncer(postgres);
    const config = loadConfig({
      NODE_ENV: "test",
      DEFAULT_LANGUAGE: "en",
      PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
      DATA_DIR: "memory",
      SEED_DEMO: "true",
      SEED_SCALE: "0.02",
      DATABASE_URL: bouncer.url,
      DATABASE_LISTEN_URL: postgres.url,
    });
    running = await startApp(config, createLogger(config));
    keys = running.demoKeys!;
  }, 240_000);
  afterAll(async () => {
    await running?.close().catch(() => {});
    await bouncer?.destroy();
    await postgres?.destroy();
  });

  it("serves reads through the pooler", async () => {
    const res = await gql(NESTED, {}, "FINANCE_BUREAU");
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    expect(res.body.data.enterprises.nodes.length).toBeGreaterThan(0);
    // The pool's connections are PgBouncer's: its log names our clients' logins to it.
    expect(bouncer.log()).toMatch(/login attempt: db=postgres user=postgres/);
  });

  it("writes in transactions, concurrently, each with its audit entry, and the sealer seals them", async () => {
    const inputs = Array.from({ length: 8 }, () => enterpriseInput());
    const results = await Promise.all(inputs.map((i, n) => gql(WRITE, { i }, "MARKET_REGULATION", `pgbouncer-write-${n}-${i.uscc}`)));
    for (const r of results) expect(r.body.data?.upsertEnterprise?.__typename, JSON.stringify(r.body)).toBe("MutationUpsertEnterpriseSuccess");
    for (const i of inputs) expect((await gql(LOOKUP, { uscc: i.uscc }, "MARKET_REGULATION")).body.data.enterprise).toEqual({ uscc: i.uscc, name: i.name });
    // One write entry per mutation (its answer's reads are audited under the same request id too).
    const audited = await direct<{ n: string }>("SELECT count(DISTINCT request_id)::text AS n FROM audit_entry WHERE request_id LIKE 'pgbouncer-write-%' AND operation_name LIKE '%upsertEnterprise%'");
    expect(Number(audited[0]!.n)).toBe(inputs.length);
    // The sealer (a transaction-scoped advisory lock: fine in transaction mode) chains every entry.
    await until("the audit sealed", () => direct<{ n: string }>("SELECT count(*)::text AS n FROM audit_pending"), (rows) => rows[0]!.n === "0");
  });

  it("a named statement the pooler refuses is sent again unnamed: every answer right, naming off with one warning", async () => {
    // One server connection behind the pooler: the second of our connections to prepare a
    // statement finds it prepared already (42P05), deterministically, and a statement one of our
    // connections prepared may run on a server connection that never saw it (26000) with more.
    const single = await startPgBouncer(postgres, { default_pool_size: "1" });
    const lines: Array<Record<string, unknown>> = [];
    const config = loadConfig({ NODE_ENV: "test", DEFAULT_LANGUAGE: "en", PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "warn", DATA_DIR: "memory", SEED_DEMO: "false", DATABASE_URL: single.url, DATABASE_LISTEN_URL: postgres.url, DATABASE_POOL_SIZE: "4" });
    const app = await startApp(config, createLogger(config, { write: (line: string) => void lines.push(JSON.parse(line)) }));
    try {
      const usccs = (await direct<{ uscc: string; name: string }>("SELECT uscc, name FROM enterprise WHERE retired_at IS NULL ORDER BY id LIMIT 8")).map((r) => ({ uscc: r.uscc, name: r.name }));
      const read = async (uscc: string) => {
        const res = await fetch(app.url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${keys.FINANCE_BUREAU}` }, body: JSON.stringify({ query: LOOKUP, variables: { uscc } }) });
        return { status: res.status, body: (await res.json()) as { data?: any; errors?: unknown } };
      };
      const refusals = () => lines.filter((l) => String(l.msg).includes("refused a named prepared statement"));
      // Rounds of concurrent look-ups (each a compiled read and an audit insert, both named) until
      // two of our connections have met the one server connection; every answer must be right.
      for (let round = 0; round < 20 && refusals().length === 0; round++) {
        const answers = await Promise.all(usccs.map((e) => read(e.uscc)));
        answers.forEach((a, i) => expect({ status: a.status, errors: a.body.errors, data: a.body.data }, JSON.stringify(a.body)).toEqual({ status: 200, errors: undefined, data: { enterprise: usccs[i] } }));
      }
      expect(refusals(), "the pooler never refused a named statement").toHaveLength(1);
      // Unnamed from now on: more rounds, still right, no second warning.
      for (let round = 0; round < 3; round++) {
        const answers = await Promise.all(usccs.map((e) => read(e.uscc)));
        answers.forEach((a, i) => expect({ status: a.status, errors: a.body.errors, data: a.body.data }, JSON.stringify(a.body)).toEqual({ status: 200, errors: undefined, data: { enterprise: usccs[i] } }));
      }
      expect(refusals()).toHaveLength(1);
      expect(lines.filter((l) => (l.level as number) >= 50), JSON.stringify(lines)).toEqual([]);
    } finally {
      await app.close().catch(() => {});
      await single.destroy();
    }
  });

  it("listens on DATABASE_LISTEN_URL, past the pooler", async () => {
    // Each feed's LISTEN session is a direct connection of its own (application_name set by us; a
    // session through PgBouncer in transaction mode would lose its notifications).
    const listeners = await until(
      "the feeds' LISTEN sessions",
      () => direct<{ application_name: string }>("SELECT DISTINCT application_name FROM pg_stat_activity WHERE application_name LIKE 'dlg-%' ORDER BY 1"),
      (rows) => rows.length >= 3,
    );
    expect(listeners.map((r) => r.application_name)).toEqual(expect.arrayContaining(["dlg-access-changes", "dlg-alert-worker", "dlg-events"]));
  });
});
