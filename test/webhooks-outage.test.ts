// The closing check for webhooks: a receiver on 127.0.0.1 that is down for a while (first
// answering 503, then not listening at all: connection refused) and then accepts gets every event
// exactly once by id, each signature valid. The issue put the outage at 30 s; what those seconds
// stood for is an outage that outlasts several retries of every event, its backoff growing, so the
// outage here lasts until that has happened (each event refused REFUSALS times by the 503, then
// REFUSALS times by the closed port, as the delivery log records) rather than for a fixed time: at
// the retry schedule configured below, 30 s would have been idle waiting once that was done.
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import { insertRule, raiseAlert, Receiver, until, type Sql } from "./helpers/webhooks.ts";
import { verifyWebhook } from "../src/alerts/webhooks/signature.ts";

/** refusals of each kind every event meets before the receiver comes back: its backoff has grown 2^REFUSALS-fold */
const REFUSALS = 3;
let server: TestServer;
let sql: Sql;
const receiver = new Receiver();

beforeAll(async () => {
  server = await startTestServer({
    scale: 0.02,
    env: { WEBHOOK_ALLOWED_HOSTS: "127.0.0.1", WEBHOOK_MAX_ATTEMPTS: "100", WEBHOOK_RETRY_BASE_MS: "200", WEBHOOK_RETRY_CAP_MS: "2000", WEBHOOK_POLL_MS: "100", WEBHOOK_TIMEOUT_MS: "2000" },
  });
  sql = (text, params = []) => server.running.db.prisma.$queryRawUnsafe(text, ...params);
  await receiver.start();
});

afterAll(async () => {
  await receiver.stop();
  await server?.close();
});

it(`a receiver refusing each event ${REFUSALS} times with 503, then ${REFUSALS} times with connection refused, then accepting, gets every event exactly once by id, signed`, { timeout: 120_000 }, async () => {
  const created = await server.gql(`mutation { createApiKey(input: { agency: PBOC, name: "outage-test", kind: SYSTEM }) { ... on MutationCreateApiKeySuccess { data { key } } } }`);
  const key = created.body.data.createApiKey.data.key as string;
  server.keys.system = key;
  const reg = await server.gql(`mutation($url: String!) { registerWebhookEndpoint(input: { url: $url }) { ... on MutationRegisterWebhookEndpointSuccess { data { secret } } } }`, { url: receiver.url }, "system");
  const secret = reg.body.data.registerWebhookEndpoint.data.secret as string;
  const rule = await insertRule(sql, ["enterprise.registration"]);

  const started = Date.now();
  receiver.behaviour = { status: 503 };
  const events: string[] = [];
  // events before and during the outage
  for (let i = 0; i < 4; i++) events.push((await raiseAlert(sql, rule)).eventId);
  const refusedBy503 = (id: string) => receiver.requests.filter((r) => r.status === 503 && r.headers["x-dlg-event-id"] === id).length;
  await until("every event refused by the 503", () => events.every((id) => refusedBy503(id) >= REFUSALS), 60_000);
  // the second half: nothing listens on the port
  const port = receiver.port;
  await receiver.stop();
  for (let i = 0; i < 4; i++) events.push((await raiseAlert(sql, rule)).eventId);
  await until("every event refused by the closed port", async () => {
    const rows = await sql(
      `SELECT d.event_id::text AS id, count(a.id) FILTER (WHERE a.error LIKE 'ECONNREFUSED%') AS refused
         FROM webhook_delivery d LEFT JOIN webhook_attempt a ON a.delivery_id = d.id GROUP BY d.event_id`,
    );
    const refused = new Map(rows.map((r) => [String(r.id), Number(r.refused)]));
    return events.every((id) => (refused.get(id) ?? 0) >= REFUSALS);
  }, 60_000);
  receiver.behaviour = { status: 200 };
  await receiver.start(port);
  const back = Date.now();

  await until("every event accepted", () => events.every((id) => receiver.accepted().includes(id)), 30_000);
  const recovered = Date.now() - back;
  // every delivery is DELIVERED in the owner's log, so no retry is still on its way
  const log = await until("every delivery DELIVERED", async () => {
    const res = await server.gql(`{ webhookDeliveries(first: 50) { eventId status attempts attemptLog { status error } } }`, {}, "system");
    const rows = res.body.data.webhookDeliveries as Array<{ eventId: string; status: string; attempts: number; attemptLog: Array<{ status: number | null; error: string | null }> }>;
    return rows.length === events.length && rows.every((d) => d.status === "DELIVERED") ? rows : null;
  });
  const accepted = receiver.accepted();
  for (const id of events) expect(accepted.filter((a) => a === id)).toHaveLength(1);
  expect(accepted).toHaveLength(events.length);
  for (const request of receiver.requests.filter((r) => r.status === 200)) {
    const h = request.headers;
    expect(verifyWebhook({ secret, id: h["x-dlg-event-id"] as string, timestamp: h["x-dlg-timestamp"] as string, signature: h["x-dlg-signature"] as string, body: request.body })).toEqual({ ok: true });
  }
  // the log shows both kinds of refusal
  const errors = new Set(log.flatMap((d) => d.attemptLog.map((a) => a.error)).filter(Boolean));
  expect(errors).toContain("HTTP 503");
  expect([...errors].some((e) => e!.startsWith("ECONNREFUSED"))).toBe(true);
  const attempts = log.map((d) => d.attempts);
  console.log(`outage ${back - started} ms; all delivered ${recovered} ms after the receiver came back; attempts per delivery ${Math.min(...attempts)}–${Math.max(...attempts)}`);
});
