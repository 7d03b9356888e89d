// Signed webhooks (issue 12 item 5), against a real server and real receivers on 127.0.0.1:
// registration (SYSTEM keys only, allowed hosts, no SSRF tricks, the secret shown once), signed
// bodies that verify, visibility (an endpoint gets only alerts its principal may see), redirects
// never followed, DEAD after N attempts and redelivery. Runs on PGlite and on PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import { insertRule, raiseAlert, Receiver, until, type Sql } from "./helpers/webhooks.ts";
import { verifyWebhook } from "../src/alerts/webhooks/signature.ts";
import { emitDigests } from "../src/alerts/digest.ts";

const MAX_ATTEMPTS = 3;
let server: TestServer;
let sql: Sql;
const receivers: Receiver[] = [];

const RESULT = `__typename ... on MutationError { message } ... on ValidationError { issues { field rule message } }`;
const REGISTER = `mutation($input: WebhookEndpointInput!) { registerWebhookEndpoint(input: $input) { ${RESULT} ... on MutationRegisterWebhookEndpointSuccess { data { secret endpoint { id url topics active } } } } }`;
const DELIVERIES = `query($filter: WebhookDeliveryFilter) { webhookDeliveries(filter: $filter) { id eventId topic status attempts lastStatus lastError body endpoint { id } attemptLog { status error } } }`;

/** A new SYSTEM key of an agency (the demo keys are USER keys, but for the credit platform's). */
async function systemKey(agency: string, county?: string): Promise<string> {
  const res = await server.gql(
    `mutation($input: ApiKeyInput!) { createApiKey(input: $input) { ${RESULT} ... on MutationCreateApiKeySuccess { data { key } } } }`,
    { input: { agency, name: `webhook-test-${agency.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}`, kind: "SYSTEM", ...(county ? { county } : {}) } },
  );
  const key = res.body.data?.createApiKey?.data?.key;
  if (!key) throw new Error(`createApiKey: ${JSON.stringify(res.body)}`);
  server.keys[`system:${key}`] = key;
  return key;
}

const as = (key: string) => `system:${key}`;

async function register(key: string, input: Record<string, unknown>) {
  return (await server.gql(REGISTER, { input }, as(key))).body;
}

async function endpointFor(key: string, receiver: Receiver, topics?: string[]): Promise<{ id: number; secret: string }> {
  const body = await register(key, { url: receiver.url, ...(topics ? { topics } : {}) });
  const data = body.data?.registerWebhookEndpoint?.data;
  if (!data) throw new Error(`registerWebhookEndpoint: ${JSON.stringify(body)}`);
  return { id: data.endpoint.id, secret: data.secret };
}

async function deliveries(key: string, filter: Record<string, unknown> = {}) {
  const res = await server.gql(DELIVERIES, { filter }, as(key));
  if (!res.body.data) throw new Error(JSON.stringify(res.body.errors));
  return res.body.data.webhookDeliveries as Array<{ id: string; eventId: string; status: string; attempts: number; lastStatus: number | null; lastError: string | null; body: string; endpoint: { id: number }; attemptLog: Array<{ status: number | null; error: string | null }> }>;
}

async function receiver(host?: string): Promise<Receiver> {
  const r = await new Receiver(host).start();
  receivers.push(r);
  return r;
}

beforeAll(async () => {
  server = await startTestServer({
    scale: 0.02,
    env: {
      WEBHOOK_ALLOWED_HOSTS: "127.0.0.1",
      WEBHOOK_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
      WEBHOOK_RETRY_BASE_MS: "100",
      WEBHOOK_RETRY_CAP_MS: "400",
      // the poll is only the fallback: events wake the worker through the event feed (the latency case shows it)
      WEBHOOK_POLL_MS: "1000",
      WEBHOOK_TIMEOUT_MS: "3000",
    },
  });
  sql = (text, params = []) => server.running.db.prisma.$queryRawUnsafe(text, ...params);
});

afterAll(async () => {
  for (const r of receivers) await r.stop();
  await server?.close();
});

describe("registering an endpoint", () => {
  it("is for SYSTEM keys only: a USER key is refused, naming the rule", async () => {
    const res = await server.gql(REGISTER, { input: { url: "http://127.0.0.1:9/hooks" } }, "FINANCE_BUREAU");
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: "FORBIDDEN", resource: "alerts.webhooks" });
    expect(res.body.errors?.[0]?.message).toBe("Forbidden: alerts.webhooks is for agency systems only: call with a SYSTEM API key, not a USER key.");
    const list = await server.gql(`{ webhookEndpoints { id } }`, {}, "PBOC");
    expect(list.body.errors?.[0]?.extensions).toMatchObject({ code: "FORBIDDEN", resource: "alerts.webhooks" });
  });

  it.each([
    ["a host not on the list", "http://example.com/hooks", "webhook.allowedHost"],
    ["localhost, which is not 127.0.0.1 on the list", "http://localhost:8080/hooks", "webhook.allowedHost"],
    ["IPv6 loopback", "http://[::1]:8080/hooks", "webhook.allowedHost"],
    ["a private address", "http://10.0.0.1/hooks", "webhook.allowedHost"],
    ["a non-http scheme", "ftp://127.0.0.1/hooks", "webhook.scheme"],
    ["a file URL", "file:///etc/passwd", "webhook.scheme"],
    ["javascript", "javascript:alert(1)", "webhook.scheme"],
    ["an allowed name before @", "http://127.0.0.1@evil.example/hooks", "webhook.userinfo"],
    ["an allowed name before @ with a port", "http://127.0.0.1:80@10.0.0.1/hooks", "webhook.userinfo"],
    ["credentials on an allowed host", "http://user:pw@127.0.0.1/hooks", "webhook.userinfo"],
    ["the allowed name as a subdomain", "http://127.0.0.1.evil.example/hooks", "webhook.allowedHost"],
    ["not a URL", "127.0.0.1/hooks", "webhook.url"],
  ])("refuses %s (%s)", async (_what, url, rule) => {
    const key = await systemKey("PBOC");
    const body = await register(key, { url });
    expect(body.data.registerWebhookEndpoint).toMatchObject({ __typename: "ValidationError", issues: [{ field: "input.url", rule }] });
    // nothing was written
    expect((await server.gql(`{ webhookEndpoints(includeRevoked: true) { id } }`, {}, as(key))).body.data.webhookEndpoints).toEqual([]);
  });

  it("shows the secret once: the endpoint has no secret field, and other systems do not see it", async () => {
    const key = await systemKey("PBOC");
    const other = await systemKey("CBRC");
    const r = await receiver();
    const { id, secret } = await endpointFor(key, r, ["ALERT_RAISED"]);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const list = await server.gql(`{ webhookEndpoints { id url topics active } }`, {}, as(key));
    expect(list.body.data.webhookEndpoints).toEqual([{ id, url: r.url, topics: ["ALERT_RAISED"], active: true }]);
    expect((await server.gql(`{ webhookEndpoints { id secret } }`, {}, as(key))).body.errors?.[0]?.message).toMatch(/Cannot query field "secret"/);
    expect((await server.gql(`{ webhookEndpoints { id } }`, {}, as(other))).body.data.webhookEndpoints).toEqual([]);
    // another system can neither rotate nor revoke it: not found, as if it did not exist
    const revoke = await server.gql(`mutation($id: Int!) { revokeWebhookEndpoint(id: $id) { ${RESULT} } }`, { id }, as(other));
    expect(revoke.body.data.revokeWebhookEndpoint).toMatchObject({ __typename: "NotFoundError" });
    const rotated = await server.gql(`mutation($id: Int!) { rotateWebhookSecret(id: $id) { ${RESULT} ... on MutationRotateWebhookSecretSuccess { data { secret } } } }`, { id }, as(key));
    expect(rotated.body.data.rotateWebhookSecret.data.secret).not.toBe(secret);
  });
});

describe("delivery", () => {
  it("POSTs each visible event once, signed over id, timestamp and body with the endpoint's secret", async () => {
    const key = await systemKey("PBOC");
    const r = await receiver();
    const { secret } = await endpointFor(key, r);
    const rule = await insertRule(sql, ["enterprise.registration"]);
    const events = [await raiseAlert(sql, rule), await raiseAlert(sql, rule)];
    await until("both events at the receiver", () => events.every((e) => r.accepted().includes(e.eventId)));
    for (const e of events) {
      const got = r.requests.filter((q) => q.headers["x-dlg-event-id"] === e.eventId);
      expect(got).toHaveLength(1);
      const request = got[0]!;
      expect(request.headers["content-type"]).toBe("application/json");
      expect(verifyWebhook({ secret, id: e.eventId, timestamp: request.headers["x-dlg-timestamp"] as string, signature: request.headers["x-dlg-signature"] as string, body: request.body })).toEqual({ ok: true });
      // a wrong secret, a changed body, another id or an old timestamp do not verify
      expect(verifyWebhook({ secret: "whsec_wrong", id: e.eventId, timestamp: request.headers["x-dlg-timestamp"] as string, signature: request.headers["x-dlg-signature"] as string, body: request.body }).ok).toBe(false);
      expect(verifyWebhook({ secret, id: e.eventId, timestamp: request.headers["x-dlg-timestamp"] as string, signature: request.headers["x-dlg-signature"] as string, body: request.body.replace("HIGH", "LOW") }).ok).toBe(false);
      expect(verifyWebhook({ secret, id: events.find((x) => x !== e)!.eventId, timestamp: request.headers["x-dlg-timestamp"] as string, signature: request.headers["x-dlg-signature"] as string, body: request.body }).ok).toBe(false);
      expect(verifyWebhook({ secret, id: e.eventId, timestamp: request.headers["x-dlg-timestamp"] as string, signature: request.headers["x-dlg-signature"] as string, body: request.body, nowSeconds: Math.floor(Date.now() / 1000) + 3600 })).toEqual({ ok: false, reason: "timestamp outside the window (replay?)" });
      const body = JSON.parse(request.body);
      expect(body).toMatchObject({ id: e.eventId, topic: "alert.raised", kind: "RAISED", data: { alertId: e.alertId, status: "OPEN", severity: "HIGH", countyCode: "441702", rule: { nameEn: "Test rule" } } });
      expect(Date.parse(body.occurredAt)).not.toBeNaN();
    }
    // the owner's log: delivered at the first attempt, the body as sent
    // (the receiver answers before the sender records the outcome: wait for the record)
    const log = await until("both deliveries recorded", async () => {
      const rows = await deliveries(key, { status: "DELIVERED" });
      return rows.length === events.length ? rows : null;
    });
    expect(log.map((d) => d.eventId).sort()).toEqual(events.map((e) => e.eventId).sort());
    for (const d of log) {
      expect(d).toMatchObject({ status: "DELIVERED", attempts: 1, lastStatus: 200, lastError: null, attemptLog: [{ status: 200, error: null }] });
      expect(d.body).toBe(r.requests.find((q) => q.headers["x-dlg-event-id"] === d.eventId)!.body);
    }
  });

  it("gives an endpoint no delivery of an alert its principal may not see (denied resource, other county); topics filter", async () => {
    const finance = await systemKey("FINANCE_BUREAU");
    const platform = await systemKey("CREDIT_PLATFORM");
    const county = await systemKey("COUNTY", "441704");
    const digestsOnly = await systemKey("PBOC");
    const [rf, rp, rc, rd] = [await receiver(), await receiver(), await receiver(), await receiver()];
    await endpointFor(finance, rf);
    await endpointFor(platform, rp);
    await endpointFor(county, rc);
    await endpointFor(digestsOnly, rd, ["ALERT_DIGEST"]);
    // fundraising.informant is FINANCE_BUREAU's alone; enterprise.registration everyone's
    const secret = await raiseAlert(sql, await insertRule(sql, ["fundraising.informant"]), "441704");
    const publicRule = await insertRule(sql, ["enterprise.registration"]);
    const elsewhere = await raiseAlert(sql, publicRule, "441702");
    const here = await raiseAlert(sql, publicRule, "441704");
    // events are fanned out in order: once the last one has arrived, the earlier ones were decided
    await until("the last event at every receiver that may see it", () => [rf, rp, rc].every((r) => r.accepted().includes(here.eventId)));
    expect(rf.accepted()).toEqual(expect.arrayContaining([secret.eventId, elsewhere.eventId, here.eventId]));
    expect(rp.accepted()).not.toContain(secret.eventId);
    expect(rp.accepted()).toEqual(expect.arrayContaining([elsewhere.eventId, here.eventId]));
    expect(rc.accepted()).not.toContain(secret.eventId);
    expect(rc.accepted()).not.toContain(elsewhere.eventId);
    expect(rd.requests).toHaveLength(0);
    // and no delivery row exists for them, so nothing of the alert is stored for that principal
    expect((await deliveries(platform)).map((d) => d.eventId)).not.toContain(secret.eventId);
    expect((await deliveries(county)).map((d) => d.eventId)).toEqual([here.eventId]);
  });

  it("never follows a redirect (here to a host off the list) and goes DEAD after the configured attempts; redelivery sends it again", async () => {
    const key = await systemKey("PBOC");
    const target = await receiver("localhost");
    const r = await receiver();
    r.behaviour = { status: 302, location: `http://localhost:${target.port}/stolen` };
    await endpointFor(key, r);
    const event = await raiseAlert(sql, await insertRule(sql, ["enterprise.registration"]));
    const dead = await until("the delivery to be DEAD", async () => (await deliveries(key, { status: "DEAD" })).find((d) => d.eventId === event.eventId));
    expect(dead).toMatchObject({ attempts: MAX_ATTEMPTS, lastStatus: 302, lastError: "redirect not followed: answer 2xx at the registered URL" });
    expect(dead.attemptLog).toHaveLength(MAX_ATTEMPTS);
    expect(r.requests).toHaveLength(MAX_ATTEMPTS);
    expect(target.requests).toHaveLength(0);

    // a receiver that fails with 500 is retried the same way; once fixed, redelivery gets it through
    r.behaviour = { status: 200 };
    const REDELIVER = `mutation($id: String!) { redeliverWebhook(id: $id) { ${RESULT} ... on MutationRedeliverWebhookSuccess { data { id status attempts } } } }`;
    const again = await server.gql(REDELIVER, { id: dead.id }, as(key));
    expect(again.body.data.redeliverWebhook.data).toEqual({ id: dead.id, status: "PENDING", attempts: 0 });
    // redelivering a pending delivery is a conflict; another system's delivery is not found
    expect((await server.gql(REDELIVER, { id: dead.id }, as(key))).body.data.redeliverWebhook.__typename).toBe("ConflictError");
    expect((await server.gql(REDELIVER, { id: dead.id }, as(await systemKey("CBRC")))).body.data.redeliverWebhook.__typename).toBe("NotFoundError");
    await until("the redelivery to arrive", () => r.accepted().includes(event.eventId));
    const done = await until("the delivery to be DELIVERED", async () => (await deliveries(key, { status: "DELIVERED" })).find((d) => d.eventId === event.eventId));
    expect(done).toMatchObject({ attempts: 1, lastStatus: 200 });
    // the earlier attempts stay in the log
    expect(done.attemptLog.map((a) => a.status)).toEqual([302, 302, 302, 200]);
  });

  it("sends nothing more to a revoked endpoint", async () => {
    const key = await systemKey("PBOC");
    const r = await receiver();
    const { id } = await endpointFor(key, r);
    const rule = await insertRule(sql, ["enterprise.registration"]);
    const first = await raiseAlert(sql, rule);
    await until("the first event", () => r.accepted().includes(first.eventId));
    const revoked = await server.gql(`mutation($id: Int!) { revokeWebhookEndpoint(id: $id) { ${RESULT} ... on MutationRevokeWebhookEndpointSuccess { data { active revokedAt } } } }`, { id }, as(key));
    expect(revoked.body.data.revokeWebhookEndpoint.data.active).toBe(false);
    const second = await raiseAlert(sql, rule);
    // a later event for another endpoint shows the fan-out has passed the second one
    const witness = await receiver();
    await endpointFor(await systemKey("CBRC"), witness);
    const third = await raiseAlert(sql, rule);
    await until("the witness's event", () => witness.accepted().includes(third.eventId));
    expect(r.accepted()).not.toContain(second.eventId);
    expect((await deliveries(key)).map((d) => d.eventId)).toEqual([first.eventId]);
  });

  it("delivers a period's digest to the endpoints of the agency (and county) it is for, with that principal's counts", async () => {
    const pboc = await systemKey("PBOC");
    const county = await systemKey("COUNTY", "441704");
    const raisedOnly = await systemKey("CBRC");
    const [rp, rc, rr] = [await receiver(), await receiver(), await receiver()];
    await endpointFor(pboc, rp, ["ALERT_DIGEST"]);
    await endpointFor(county, rc, ["ALERT_DIGEST"]);
    await endpointFor(raisedOnly, rr, ["ALERT_RAISED"]);
    const rule = await insertRule(sql, ["enterprise.registration"]);
    await raiseAlert(sql, rule, "441702");
    await raiseAlert(sql, rule, "441704");
    // what the scheduler does at a period's end: one alert.digest event per agency and county
    expect(await server.running.db.prisma.$transaction((tx) => emitDigests(tx, "2018Q4"))).toBeGreaterThan(0);
    const p = await until("PBOC's digest", () => rp.requests.find((r) => r.status === 200));
    const c = await until("the county's digest", () => rc.requests.find((r) => r.status === 200));
    const pb = JSON.parse(p.body);
    const cb = JSON.parse(c.body);
    expect(pb).toMatchObject({ topic: "alert.digest", data: { period: { from: "2018-10-01", to: "2018-12-31" } } });
    expect(cb).toMatchObject({ topic: "alert.digest", data: { period: { from: "2018-10-01", to: "2018-12-31" } } });
    expect(pb.id).not.toBe(cb.id);
    // the county's digest counts only its own county's alerts
    expect(cb.data.rows.length).toBeGreaterThan(0);
    expect(cb.data.rows.every((r: { countyCode: string | null }) => r.countyCode === "441704")).toBe(true);
    expect(pb.data.rows.some((r: { countyCode: string | null }) => r.countyCode === "441702")).toBe(true);
    expect(rp.requests).toHaveLength(1);
    expect(rc.requests).toHaveLength(1);
    // the endpoint that asked for ALERT_RAISED only got the two alerts, no digest
    await until("the raised alerts at the other endpoint", () => rr.requests.length >= 2);
    expect(rr.requests.map((r) => JSON.parse(r.body).topic)).toEqual(["alert.raised", "alert.raised"]);
  });

  it("reaches the receiver soon after the commit (measured: commit to arrival, one event at a time)", async () => {
    const key = await systemKey("PBOC");
    const r = await receiver();
    await endpointFor(key, r);
    const rule = await insertRule(sql, ["enterprise.registration"]);
    const delays: number[] = [];
    for (let i = 0; i < 20; i++) {
      const e = await raiseAlert(sql, rule);
      const arrived = await until("the event", () => r.requests.find((q) => q.headers["x-dlg-event-id"] === e.eventId));
      delays.push(Math.max(0, arrived.at - e.committedAt));
    }
    delays.sort((a, b) => a - b);
    const p50 = delays[Math.floor(delays.length * 0.5)]!;
    const p95 = delays[Math.ceil(delays.length * 0.95) - 1]!;
    console.log(`commit to webhook arrival over ${delays.length} events: p50 ${p50} ms, p95 ${p95} ms, max ${delays.at(-1)} ms`);
    // woken by the event feed, not by the poll: well under a poll interval plus the round
    expect(p95).toBeLessThan(2_000);
  });
});
