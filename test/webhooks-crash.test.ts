// At-least-once across a crash (issue 12's closing check): the server process is killed with
// SIGKILL while POSTs are in flight to a slow receiver, then started again on the same PostgreSQL
// database: every event is delivered, none lost. The only duplicates allowed are events whose POST
// had reached the receiver before the kill but whose outcome was not recorded: they carry the same
// event id, so a receiver deduplicates them. PostgreSQL only: an embedded database has one process,
// and a child process on it cannot share the test's database.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { createTestDatabase, onPostgres } from "./helpers/backend.ts";
import { spawnServer, type ServerProcess } from "./helpers/process.ts";
import { DEFAULT_SEED, templateKey } from "./helpers/template-keys.ts";
import { insertRule, raiseAlert, Receiver, until, type Sql } from "./helpers/webhooks.ts";

const EVENTS = 20;
const cleanup: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn().catch(() => {});
});

async function gql(server: ServerProcess, key: string, query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(server.url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${key}` }, body: JSON.stringify({ query, variables }) });
  return (await res.json()) as { data?: any; errors?: unknown[] };
}

describe.skipIf(!onPostgres)("a server killed mid-delivery", () => {
  it("delivers every event after the restart, duplicates only of the POSTs in flight at the kill", { timeout: 240_000 }, async () => {
    const template = inject("templates")?.[templateKey(DEFAULT_SEED, 0.02)];
    const database = await createTestDatabase(template?.source);
    cleanup.push(() => database.drop());
    const dataDir = await mkdtemp(join(tmpdir(), "dlg-webhooks-crash-"));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const receiver = await new Receiver().start();
    cleanup.push(() => receiver.stop());
    const env = {
      ...database.env,
      DATA_DIR: dataDir,
      SEED_SCALE: "0.02",
      WEBHOOK_ALLOWED_HOSTS: "127.0.0.1",
      WEBHOOK_MAX_ATTEMPTS: "50",
      WEBHOOK_RETRY_BASE_MS: "200",
      WEBHOOK_RETRY_CAP_MS: "1000",
      WEBHOOK_POLL_MS: "100",
      WEBHOOK_TIMEOUT_MS: "3000",
    };
    const client = new pg.Client({ connectionString: database.env.DATABASE_URL });
    await client.connect();
    cleanup.push(() => client.end());
    const sql: Sql = async (text, params = []) => (await client.query(text, params)).rows;

    let server = await spawnServer(env);
    cleanup.push(async () => server.child.kill("SIGKILL"));
    const finance = template?.keys.FINANCE_BUREAU;
    if (!finance) throw new Error("no template keys for scale 0.02");
    const created = await gql(server, finance, `mutation { createApiKey(input: { agency: PBOC, name: "crash-test", kind: SYSTEM }) { ... on MutationCreateApiKeySuccess { data { key } } } }`);
    const key = created.data.createApiKey.data.key as string;
    const reg = await gql(server, key, `mutation($url: String!) { registerWebhookEndpoint(input: { url: $url }) { ... on MutationRegisterWebhookEndpointSuccess { data { endpoint { id } } } } }`, { url: receiver.url });
    expect(reg.data.registerWebhookEndpoint.data.endpoint.id).toBeGreaterThan(0);

    // A slow receiver: each POST is answered after 1.5 s, so the kill lands while some are in flight.
    receiver.behaviour = { status: 200, delayMs: 1_500 };
    const rule = await insertRule(sql, ["enterprise.registration"]);
    const events: string[] = [];
    for (let i = 0; i < EVENTS; i++) events.push((await raiseAlert(sql, rule)).eventId);
    await until("POSTs in flight", () => receiver.requests.length >= 3, 60_000, 10);
    server.child.kill("SIGKILL");
    await server.exited;
    const reachedBeforeKill = new Set(receiver.requests.map((r) => String(r.headers["x-dlg-event-id"])));
    const recordedBeforeKill = Number((await sql(`SELECT count(*) AS n FROM webhook_attempt`))[0]!.n);

    receiver.behaviour = { status: 200 };
    server = await spawnServer(env);
    // The killed process's claims expire after their lease (timeout + 30 s); then all is sent.
    await until("every event at the receiver", () => events.every((id) => receiver.accepted().includes(id)), 120_000, 100);
    await until("every delivery DELIVERED", async () => {
      const rows = await sql(`SELECT count(*) FILTER (WHERE status = 'DELIVERED') AS delivered, count(*) AS total FROM webhook_delivery`);
      return Number(rows[0]!.delivered) === EVENTS && Number(rows[0]!.total) === EVENTS;
    }, 60_000, 100);

    const counts = new Map<string, number>();
    for (const id of receiver.requests.map((r) => String(r.headers["x-dlg-event-id"]))) counts.set(id, (counts.get(id) ?? 0) + 1);
    const duplicated = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
    for (const id of events) expect(counts.get(id)).toBeGreaterThanOrEqual(1);
    // a duplicate is only ever an event whose POST had reached the receiver before the kill
    for (const id of duplicated) expect(reachedBeforeKill.has(id)).toBe(true);
    expect(counts.size).toBe(EVENTS);
    console.log(`killed with ${reachedBeforeKill.size} POSTs reached (${recordedBeforeKill} attempts recorded); after restart all ${EVENTS} delivered; duplicates by id: ${duplicated.length}`);
  });
});
