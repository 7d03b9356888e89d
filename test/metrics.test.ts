// GET /metrics: refused without METRICS_TOKEN, absent when it is unset, and the Prometheus text
// with bounded labels (registered operation names, agencies, outcomes) when it is given.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/server.ts";

const TOKEN = "metrics-token-for-the-test-0123456789";
let server: TestServer;
let plain: TestServer;
beforeAll(async () => {
  [server, plain] = await Promise.all([
    startTestServer({ scale: 0.1, env: { METRICS_TOKEN: TOKEN, RATE_LIMIT_MAX: "4" } }),
    startTestServer({ scale: 0.1 }),
  ]);
});
afterAll(() => Promise.all([server?.close(), plain?.close()]));

const scrape = (s: TestServer, token?: string) =>
  fetch(`${s.origin}/metrics`, token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } });

/** The value of one sample line, e.g. sample(text, 'dlg_x{a="b"}'). */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe("/metrics", () => {
  it("does not exist without METRICS_TOKEN", async () => {
    expect((await scrape(plain)).status).toBe(404);
    expect((await scrape(plain, TOKEN)).status).toBe(404);
  });

  it("refuses a scrape without the token, with a wrong one, and with an agency's API key", async () => {
    for (const token of [undefined, "wrong-token-wrong-token", server.keys.FINANCE_BUREAU!]) {
      const res = await scrape(server, token);
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe('Bearer realm="metrics"');
      expect(await res.text()).not.toContain("dlg_");
    }
  });

  it("counts operations by registered name, agency and outcome; times them, their SQL and the audit; reports the pool, the event loop and the outbox", async () => {
    expect((await server.gql("query DishonestyRecordChanges { __typename }")).status).toBe(200);
    expect((await server.gql("query SomeNameOfTheClient { __typename }")).status).toBe(200);
    expect((await server.gql("{ __typename }")).status).toBe(200);
    expect((await server.gql("{ noSuchField }")).status).toBe(400);
    const res = await scrape(server, TOKEN);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(sample(text, 'dlg_graphql_operations_total{operation="DishonestyRecordChanges",agency="FINANCE_BUREAU",outcome="ok"}')).toBe(1);
    // A name no registered document declares is not a label: no client can mint series.
    expect(sample(text, 'dlg_graphql_operations_total{operation="unregistered",agency="FINANCE_BUREAU",outcome="ok"}')).toBe(1);
    expect(text).not.toContain("SomeNameOfTheClient");
    expect(sample(text, 'dlg_graphql_operations_total{operation="anonymous",agency="FINANCE_BUREAU",outcome="ok"}')).toBe(1);
    expect(sample(text, 'dlg_graphql_operations_total{operation="anonymous",agency="FINANCE_BUREAU",outcome="GRAPHQL_VALIDATION_FAILED"}')).toBe(1);
    expect(sample(text, 'dlg_graphql_operation_duration_seconds_count{operation="DishonestyRecordChanges",outcome="ok"}')).toBe(1);
    expect(sample(text, 'dlg_sql_statements_per_operation_count{operation="DishonestyRecordChanges"}')).toBe(1);
    expect(sample(text, "dlg_sql_statements_total")).toBeGreaterThan(0);
    expect(text).toContain("# TYPE dlg_audit_append_duration_seconds histogram");
    expect(text).toContain("# TYPE nodejs_eventloop_lag_seconds gauge");
    expect(sample(text, 'dlg_alert_outbox_depth{queue="outbox_undispatched"}')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'dlg_alert_outbox_depth{queue="alert_dirty"}')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'dlg_alert_outbox_depth{queue="webhook_pending"}')).toBeGreaterThanOrEqual(0);
    if (server.running.db.kind === "postgres") expect(sample(text, 'dlg_db_pool_connections{state="max"}')).toBeGreaterThan(0);
    // Nothing a client sent, and no credential, appears in the exposition.
    expect(text).not.toContain("__typename");
    expect(text).not.toContain(server.keys.FINANCE_BUREAU!);
  });

  it("counts rate-limit refusals by agency", async () => {
    const label = Object.keys(server.keys).find((k) => k !== "FINANCE_BUREAU")!;
    let refused = 0;
    for (let i = 0; i < 8 && !refused; i++) if ((await server.gql("{ __typename }", {}, label)).status === 429) refused++;
    expect(refused).toBe(1);
    const text = await (await scrape(server, TOKEN)).text();
    const line = text.split("\n").find((l) => l.startsWith("dlg_rate_limit_refusals_total{"));
    expect(line).toMatch(/^dlg_rate_limit_refusals_total\{agency="[A-Z_]+",status="429"\} 1$/);
    expect(sample(text, 'dlg_http_responses_total{route="/graphql",status="429"}')).toBe(1);
  });

  it("counts responses that never reached GraphQL, by route and status, with unknown paths as one label", async () => {
    expect((await fetch(`${server.url}`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"query":"{ __typename }"}' })).status).toBe(401);
    expect((await fetch(`${server.origin}/no/such/path/${Date.now()}`)).status).toBe(404);
    const text = await (await scrape(server, TOKEN)).text();
    expect(sample(text, 'dlg_http_responses_total{route="/graphql",status="401"}')).toBe(1);
    expect(sample(text, 'dlg_http_responses_total{route="unmatched",status="404"}')).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain("/no/such/path");
  });
});
