// Subscribers on any server process receive events from any other (issue 12 item 5): two server
// processes on one PostgreSQL database, a graphql-ws subscriber on B, and
// - an alert raised in the database by another writer (as the evaluator writes it: alert +
//   alert_event in one transaction, not through B) → alertRaised on B within 2 s;
// - a workflow mutation through A (acknowledgeAlert) → alertChanged on B within 2 s;
// - a real write through A that crosses a rule (a bank's leverage below its watch line, evaluated
//   by the runner) → alertRaised on B within 2 s of sending it;
// over LISTEN/NOTIFY, and over Redis pub/sub (REDIS_URL, a channel of this test's own); and an
// event committed while B's listening connection is cut is caught up from the outbox when it is back.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../src/db/database.ts";
import { onPostgres } from "./helpers/backend.ts";
import { seededProcessDatabase } from "./helpers/process-database.ts";
import { spawnServer, type ServerProcess } from "./helpers/process.ts";
import { seededEnterprise, testAlert, testRule } from "./helpers/alerts.ts";
import { bearer, LEVERAGE_BANK, LEVERAGE_RULE, reportLeverage, subscriber, type Subscriber } from "./helpers/subscriptions.ts";
import { TODAY } from "./helpers/alert-rules.ts";

const REDIS_URL = "redis://127.0.0.1:6379";
const cleanup: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn().catch(() => {});
});

async function twoServers(extraEnv: Record<string, string>): Promise<{ a: ServerProcess; b: ServerProcess; keys: Record<string, string>; db: Database; databaseName: string }> {
  // A seeded copy of the template: what is tested is events across processes, not a first start.
  const database = await seededProcessDatabase("dlg-subs-processes-");
  cleanup.push(() => database.drop());
  const { keys } = database;
  const env = { ...database.env, ...extraEnv };
  const a = await spawnServer(env);
  cleanup.push(async () => a.child.kill("SIGKILL"));
  const b = await spawnServer(env);
  cleanup.push(async () => b.child.kill("SIGKILL"));
  // A third writer on the same database: this test, as the evaluator or psql would write.
  const db = await openDatabase({ kind: "postgres", url: database.env.DATABASE_URL!, poolSize: 2 });
  cleanup.push(() => db.close());
  return { a, b, keys, db, databaseName: new URL(database.env.DATABASE_URL!).pathname.slice(1) };
}

const SUBSCRIPTION = `subscription { alertRaised { id alertId period subjectKey } }`;
const CHANGED = `subscription { alertChanged { alertId status history { kind agency } } }`;

let n = 0;
async function raise(db: Database, marker: string) {
  const rule = await testRule(db.prisma, { resources: ["enterprise.registration"], responsibleAgencies: ["CBRC"] });
  const e = await seededEnterprise(db.prisma, "441704");
  return testAlert(db.prisma, { ruleId: rule.id, subjectId: e.id, subjectKey: e.uscc, subjectName: e.name, countyCode: e.countyCode, period: `${marker}-${++n}` });
}

/** Raises warm-up alerts until the subscriber has received one: it is then known to be listening. */
async function warmUp(db: Database, s: Subscriber) {
  const deadline = Date.now() + 30_000;
  while (!s.received.some((r) => String(r.data?.alertRaised?.period).startsWith("WARM"))) {
    if (Date.now() > deadline) throw new Error(`the subscriber did not start listening within 30 s: ${JSON.stringify(s.error)}`);
    await raise(db, "WARM");
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function crossProcess(a: ServerProcess, b: ServerProcess, keys: Record<string, string>, db: Database): Promise<{ raised: number; changed: number; crossingWrite: number }> {
  const raisedOnB = subscriber(b.url, bearer(keys.CBRC!), SUBSCRIPTION);
  const changedOnB = subscriber(b.url, bearer(keys.CBRC!), CHANGED);
  cleanup.push(() => raisedOnB.dispose(), () => changedOnB.dispose());
  await warmUp(db, raisedOnB);

  // Delays count from the commit (the write has returned) to the subscriber's receipt.
  const alert = await raise(db, "CROSS");
  const committed = Date.now();
  const got = await raisedOnB.until((r) => r.data?.alertRaised?.alertId === alert.id, 10_000);
  const raised = got.at - committed;

  const res = await fetch(a.url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${keys.CBRC}` },
    body: JSON.stringify({ query: `mutation($id: ID!) { acknowledgeAlert(id: $id) { __typename } }`, variables: { id: got.data!.alertRaised.id } }),
  });
  expect(((await res.json()) as any).data.acknowledgeAlert.__typename).toBe("MutationAcknowledgeAlertSuccess");
  // A answered: the mutation has committed.
  const answered = Date.now();
  const change = await changedOnB.until((r) => r.data?.alertChanged?.alertId === alert.id, 10_000);
  expect(change.data!.alertChanged.status).toBe("ACKNOWLEDGED");
  expect(change.data!.alertChanged.history.map((h: { kind: string }) => h.kind)).toEqual(["RAISED", "ACKNOWLEDGED"]);

  // A real write through A that crosses a rule: the runner (in either process) evaluates it, and
  // B's subscriber receives the alert. Inside the line first, so that the crossing raises anew.
  const bank = await db.prisma.institution.findFirstOrThrow({ where: { code: LEVERAGE_BANK } });
  const live = () => db.prisma.alert.count({ where: { rule: { code: LEVERAGE_RULE }, subjectId: bank.id, live: true } });
  await reportLeverage(a.url, keys.CBRC!, TODAY, "0.055");
  await expect.poll(live, { timeout: 20_000 }).toBe(0);
  const sent = Date.now();
  await reportLeverage(a.url, keys.CBRC!, TODAY, "0.035");
  const crossed = await raisedOnB.until((r) => r.data?.alertRaised?.subjectKey === LEVERAGE_BANK && r.at >= sent, 10_000);
  return { raised, changed: change.at - answered, crossingWrite: crossed.at - sent };
}

describe.runIf(onPostgres)("alert events across server processes on one PostgreSQL database", () => {
  it("a subscriber on B receives what another writer raised and what A changed, within 2 s (LISTEN/NOTIFY)", async () => {
    const { a, b, keys, db } = await twoServers({});
    const ms = await crossProcess(a, b, keys, db);
    console.log(`cross-process delays over LISTEN/NOTIFY (ms): ${JSON.stringify(ms)}`);
    expect(ms.raised).toBeLessThan(2_000);
    expect(ms.changed).toBeLessThan(2_000);
    expect(ms.crossingWrite).toBeLessThan(2_000);
  }, 300_000);

  it("the same over Redis pub/sub when REDIS_URL is set (the outbox relay)", async () => {
    const prefix = `dlg-test-${randomBytes(4).toString("hex")}`;
    const { a, b, keys, db } = await twoServers({ REDIS_URL, RATE_LIMIT_PREFIX: `${prefix}:`, EVENTS_REDIS_CHANNEL: `${prefix}:events` });
    const ms = await crossProcess(a, b, keys, db);
    console.log(`cross-process delays over Redis (ms): ${JSON.stringify(ms)}`);
    expect(ms.raised).toBeLessThan(2_000);
    expect(ms.changed).toBeLessThan(2_000);
    expect(ms.crossingWrite).toBeLessThan(2_000);
    // Every event was relayed once, and marked so (the relay's claim).
    const [left] = await db.raw<{ n: number }>(`SELECT count(*)::int AS n FROM outbox_event WHERE relayed_at IS NULL`);
    expect(left!.n).toBe(0);
  }, 300_000);

  it("an event committed while B's listening connection is cut reaches B's subscriber when it listens again", async () => {
    const { b, keys, db, databaseName } = await twoServers({});
    const s = subscriber(b.url, bearer(keys.CBRC!), SUBSCRIPTION);
    cleanup.push(() => s.dispose());
    await warmUp(db, s);
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    cleanup.push(() => admin.end());
    // Cut B's listener, and in the same breath commit an alert: its NOTIFY finds nobody listening
    // on B (the listener reconnects after a backoff), so only the catch-up can bring it.
    const cut = await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'dlg-events' AND datname = $1`, [databaseName]);
    expect(cut.rowCount).toBeGreaterThanOrEqual(1);
    const alert = await raise(db, "MISSED");
    await s.until((r) => r.data?.alertRaised?.alertId === alert.id, 10_000);
    // Received once, not once per path.
    expect(s.received.filter((r) => r.data?.alertRaised?.alertId === alert.id)).toHaveLength(1);
  }, 300_000);
});
