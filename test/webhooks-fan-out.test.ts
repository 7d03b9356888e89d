// The webhook fan-out reads its recipients (endpoints, their keys' access) before its transaction,
// since the embedded database runs one transaction at a time and the directory reads outside it.
// These tests hold a fan-out right after that read, change the endpoints, raise an event, and let
// it go on: an endpoint revoked (or whose key was revoked) in between gets no delivery row, and an
// endpoint registered in between is not skipped for an event raised after its registration.
// The worker is off on this server: the test runs the fan-out itself, on the real database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import { insertRule, raiseAlert, type Sql } from "./helpers/webhooks.ts";
import { accessDirectoryOf } from "../src/server.ts";
import { fanOutEvents, type FanOutDeps } from "../src/alerts/webhooks/fan-out.ts";
import type { AccessDirectory } from "../src/access/directory.ts";

let server: TestServer;
let sql: Sql;
let directory: AccessDirectory;

const RESULT = `__typename ... on MutationError { message }`;

async function systemKey(agency: string): Promise<{ key: string; prefix: string }> {
  const res = await server.gql(
    `mutation($input: ApiKeyInput!) { createApiKey(input: $input) { ${RESULT} ... on MutationCreateApiKeySuccess { data { key apiKey { prefix } } } } }`,
    { input: { agency, name: `fan-out-test-${Math.random().toString(36).slice(2, 8)}`, kind: "SYSTEM" } },
  );
  const data = res.body.data?.createApiKey?.data;
  if (!data) throw new Error(`createApiKey: ${JSON.stringify(res.body)}`);
  server.keys[`system:${data.key}`] = data.key;
  return { key: data.key, prefix: data.apiKey.prefix };
}

async function endpointFor(key: string): Promise<number> {
  const res = await server.gql(
    `mutation($input: WebhookEndpointInput!) { registerWebhookEndpoint(input: $input) { ${RESULT} ... on MutationRegisterWebhookEndpointSuccess { data { endpoint { id } } } } }`,
    // nothing listens there: the worker is off, and these tests look at the delivery rows only
    { input: { url: "http://127.0.0.1:9/hooks" } },
    `system:${key}`,
  );
  const id = res.body.data?.registerWebhookEndpoint?.data?.endpoint?.id;
  if (typeof id !== "number") throw new Error(`registerWebhookEndpoint: ${JSON.stringify(res.body)}`);
  return id;
}

async function revokeEndpoint(key: string, id: number): Promise<void> {
  const res = await server.gql(`mutation($id: Int!) { revokeWebhookEndpoint(id: $id) { __typename } }`, { id }, `system:${key}`);
  expect(res.body.data?.revokeWebhookEndpoint?.__typename).toBe("MutationRevokeWebhookEndpointSuccess");
}

async function revokeKey(prefix: string): Promise<void> {
  const res = await server.gql(`mutation($prefix: String!) { revokeApiKey(prefix: $prefix) { __typename } }`, { prefix });
  expect(res.body.data?.revokeApiKey?.__typename).toBe("MutationRevokeApiKeySuccess");
}

const deps = (dir: FanOutDeps["directory"]): FanOutDeps => ({ prisma: server.running.db.prisma, directory: dir, businessDate: () => "2018-12-31" });

/** Fans out every pending event (the seed's, earlier tests'), so that the next fan-out claims what a test raises. */
async function drain(): Promise<void> {
  while ((await fanOutEvents(deps(directory))) > 0);
}

/**
 * A fan-out held after its recipients were read: the real directory, whose first access-state
 * read waits until `release`. `held` resolves once the fan-out is there.
 */
function heldFanOut() {
  let reached!: () => void;
  let release!: () => void;
  const held = new Promise<void>((r) => (reached = r));
  const gate = new Promise<void>((r) => (release = r));
  let calls = 0;
  const gated: FanOutDeps["directory"] = {
    accessState: async (principal, purpose, now) => {
      if (calls++ === 0) {
        reached();
        await gate;
      }
      return directory.accessState(principal, purpose, now);
    },
  };
  const done = fanOutEvents(deps(gated));
  return { held, release, done };
}

/** Which of `endpoints` (a test's own; earlier tests' stay active) got a delivery row for the event. */
async function deliveredTo(eventId: string, endpoints: number[]): Promise<number[]> {
  const rows = await sql(`SELECT endpoint_id AS "endpointId" FROM webhook_delivery WHERE event_id = $1::uuid ORDER BY endpoint_id`, [eventId]);
  return rows.map((r) => Number(r.endpointId)).filter((id) => endpoints.includes(id));
}

beforeAll(async () => {
  server = await startTestServer({ scale: 0.02, env: { WEBHOOK_DELIVERY: "off" } });
  sql = (text, params = []) => server.running.db.prisma.$queryRawUnsafe(text, ...params);
  directory = accessDirectoryOf(server.running.app)!;
});

afterAll(async () => {
  await server?.close();
});

describe("a fan-out whose recipients change between their read and its claim", () => {
  it("leaves out an endpoint revoked, and one whose key was revoked, in between", async () => {
    const rule = await insertRule(sql, ["enterprise.registration"]);
    const stays = await systemKey("PBOC");
    const goes = await systemKey("PBOC");
    const keyGoes = await systemKey("CBRC");
    const staying = await endpointFor(stays.key);
    const revoked = await endpointFor(goes.key);
    const ofRevokedKey = await endpointFor(keyGoes.key);
    await drain();

    const fanOut = heldFanOut();
    await fanOut.held;
    await revokeEndpoint(goes.key, revoked);
    await revokeKey(keyGoes.prefix);
    const event = await raiseAlert(sql, rule);
    fanOut.release();
    expect(await fanOut.done).toBeGreaterThan(0);

    expect(await deliveredTo(event.eventId, [staying, revoked, ofRevokedKey])).toEqual([staying]);
  });

  it("does not skip an endpoint registered in between, for an event raised after it", async () => {
    const rule = await insertRule(sql, ["enterprise.registration"]);
    const before = await systemKey("PBOC");
    const earlier = await endpointFor(before.key);
    await drain();

    const fanOut = heldFanOut();
    await fanOut.held;
    const after = await systemKey("CBRC");
    const later = await endpointFor(after.key);
    const event = await raiseAlert(sql, rule);
    fanOut.release();
    expect(await fanOut.done).toBeGreaterThan(0);

    expect(await deliveredTo(event.eventId, [earlier, later])).toEqual([earlier, later]);
  });
});
