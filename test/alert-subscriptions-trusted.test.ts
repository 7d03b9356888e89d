// Trusted operations over WebSocket as over HTTP: where TRUSTED_OPERATIONS=enforce (production's
// default), a machine principal (a SYSTEM key) may subscribe only with a registered document
// (clients/alert-subscriber/alerts.graphql); an analyst (USER) may send any subscription.
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import { seededEnterprise, testAlert, testRule } from "./helpers/alerts.ts";
import { bearer, subscriber, type Subscriber } from "./helpers/subscriptions.ts";

let server: TestServer;
const open: Subscriber[] = [];
beforeAll(async () => {
  server = await startTestServer({ env: { TRUSTED_OPERATIONS: "enforce" } });
});
afterAll(async () => {
  await Promise.all(open.map((s) => s.dispose().catch(() => {})));
  await server?.close();
});

describe("registered subscriptions for agency systems", () => {
  it("refuses a SYSTEM key's unregistered subscription and serves the registered one", async () => {
    const system = server.keys.CREDIT_PLATFORM!;
    const adHoc = subscriber(server.url, bearer(system), `subscription { alertRaised { alertId } }`);
    open.push(adHoc);
    await expect.poll(() => adHoc.error, { timeout: 10_000 }).toBeTruthy();
    expect(JSON.stringify(adHoc.error)).toContain("PERSISTED_QUERY_NOT_FOUND");

    const registered = await readFile(new URL("../clients/alert-subscriber/alerts.graphql", import.meta.url), "utf8");
    const feed = subscriber(server.url, bearer(system), registered, {}, "AlertRaisedFeed");
    open.push(feed);
    const db = server.running.db.prisma;
    const rule = await testRule(db, { resources: ["enterprise.registration"] });
    const e = await seededEnterprise(db, "441704");
    // Raised until one arrives (the subscription may still be starting).
    const deadline = Date.now() + 30_000;
    while (!feed.received.length) {
      if (Date.now() > deadline || feed.error) throw new Error(`nothing arrived: ${JSON.stringify(feed.error)}`);
      await testAlert(db, { ruleId: rule.id, subjectId: e.id, subjectKey: e.uscc, subjectName: e.name, countyCode: e.countyCode });
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(feed.received[0]!.data!.alertRaised).toMatchObject({ rule: { code: rule.code }, subjectName: e.name });
  }, 120_000);
});
