// End to end (issue 12): a real write through the graph crosses a rule's line; the runner evaluates
// it (dirty marks, the evaluation worker), the alert's event reaches the outbox, and the webhook of
// an agency system that may see it receives it, signed; a system that may not read the rule's
// resources receives nothing. A correction that clears the line is delivered as alert.changed.
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import { Receiver, until } from "./helpers/webhooks.ts";
import { verifyWebhook } from "../src/alerts/webhooks/signature.ts";
import { alertRunnerOf } from "../src/alerts/runner.ts";

let server: TestServer;
const receivers: Receiver[] = [];
/** 阳春农商行: a local legal-person bank, which reports its own indicators */
const BANK = "B1219H244178101";
const RULE = "BANK_LEVERAGE_BELOW_MIN";

beforeAll(async () => {
  server = await startTestServer({ scale: 0.1, env: { WEBHOOK_RETRY_BASE_MS: "100", WEBHOOK_RETRY_CAP_MS: "500" } });
});
afterAll(async () => {
  for (const r of receivers) await r.stop();
  await server?.close();
});

async function systemKey(agency: string): Promise<string> {
  const res = await server.gql(`mutation($input: ApiKeyInput!) { createApiKey(input: $input) { ... on MutationCreateApiKeySuccess { data { key } } } }`, { input: { agency, name: `e2e-${agency.toLowerCase()}`, kind: "SYSTEM" } });
  const key = res.body.data.createApiKey.data.key as string;
  server.keys[`system:${agency}`] = key;
  return key;
}

async function endpoint(agency: string): Promise<{ receiver: Receiver; secret: string }> {
  await systemKey(agency);
  const receiver = await new Receiver().start();
  receivers.push(receiver);
  const res = await server.gql(`mutation($url: String!) { registerWebhookEndpoint(input: { url: $url }) { ... on MutationRegisterWebhookEndpointSuccess { data { secret } } } }`, { url: receiver.url }, `system:${agency}`);
  return { receiver, secret: res.body.data.registerWebhookEndpoint.data.secret };
}

async function report(leverage: string) {
  const res = await server.gql(
    `mutation($input: IndicatorReportInput!) { reportIndicators(input: $input) { __typename ... on MutationError { message } } }`,
    { input: { institutionCode: BANK, periodEnd: "2018-12-31", values: [{ indicator: "LEVERAGE_RATIO", value: leverage }] } },
    "CBRC",
  );
  expect(res.body.data?.reportIndicators?.__typename, JSON.stringify(res.body)).toBe("MutationReportIndicatorsSuccess");
}

const bodies = (r: Receiver) => r.requests.filter((q) => q.status === 200).map((q) => ({ request: q, body: JSON.parse(q.body) }));

it("a report crossing the bank leverage line reaches the CBRC system's webhook, signed, and never COMMERCE's", { timeout: 120_000 }, async () => {
  // start inside the line, evaluated
  await report("0.055");
  await alertRunnerOf(server.running.app)!.worker!.idle();
  const cbrc = await endpoint("CBRC");
  // COMMERCE may not read bank indicators (institutions.bankIndicators "-")
  const commerce = await endpoint("COMMERCE");

  await report("0.035");
  const raised = await until("the alert at CBRC's receiver", () => bodies(cbrc.receiver).find((b) => b.body.topic === "alert.raised" && b.body.data.rule.code === RULE), 60_000);
  expect(raised.body.data).toMatchObject({ status: "OPEN", subjectType: "Institution", rule: { code: RULE } });
  const h = raised.request.headers;
  expect(verifyWebhook({ secret: cbrc.secret, id: h["x-dlg-event-id"] as string, timestamp: h["x-dlg-timestamp"] as string, signature: h["x-dlg-signature"] as string, body: raised.request.body })).toEqual({ ok: true });

  // the correction resolves it by itself: delivered as alert.changed
  await report("0.055");
  const resolved = await until("the auto-resolution", () => bodies(cbrc.receiver).find((b) => b.body.topic === "alert.changed" && b.body.data.alertId === raised.body.data.alertId && b.body.kind === "AUTO_RESOLVED"), 60_000);
  expect(resolved.body.data).toMatchObject({ status: "RESOLVED", autoResolved: true });
  await alertRunnerOf(server.running.app)!.worker!.idle();
  // the COMMERCE system got nothing of it (its fan-out was decided with CBRC's)
  expect(commerce.receiver.requests.filter((q) => JSON.parse(q.body).data?.rule?.code === RULE)).toEqual([]);
  const log = await server.gql(`{ webhookDeliveries { eventId } }`, {}, "system:COMMERCE");
  expect(log.body.data.webhookDeliveries.map((d: { eventId: string }) => d.eventId)).not.toContain(raised.body.id);
});
