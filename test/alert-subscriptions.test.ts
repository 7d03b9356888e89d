// alertRaised / alertChanged over graphql-ws on the server's own port (issue 12 item 5): an
// allowed subscriber receives the alert within 2 s of the write that raised it; subscribers who
// may not see it (a denied resource, another county) receive nothing, in the same test; a bad key
// is refused at connection_init; queries are not served over the socket.
//
// Alerts are written as the evaluator writes them (test/helpers/alerts.ts: alert + RAISED
// alert_event, whose trigger writes the outbox event that the feed carries).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "../src/generated/prisma/client.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import { seededEnterprise, testAlert, testRule } from "./helpers/alerts.ts";
import { bearer, subscriber, type Received, type Subscriber } from "./helpers/subscriptions.ts";
import { maskIdNumber } from "../src/access/masking.ts";

let server: TestServer;
let db: PrismaClient;
const open: Subscriber[] = [];
beforeAll(async () => {
  server = await startTestServer();
  db = server.running.db.prisma;
});
afterAll(async () => {
  await Promise.all(open.map((s) => s.dispose().catch(() => {})));
  await server?.close();
});

const RAISED = `subscription($f: AlertFilter) { alertRaised(filter: $f) { alertId period countyCode subjectName rule { code } } }`;
const JIANGCHENG = "441702";
const YANGDONG = "441704";

function subscribe(label: string, query = RAISED, variables: Record<string, unknown> = {}): Subscriber {
  const s = subscriber(server.url, bearer(server.keys[label]!), query, variables);
  open.push(s);
  return s;
}

let n = 0;
/** An alert of a rule reading `resources` on a seeded enterprise of `county`, with a period naming it. */
async function raise(resources: string[], county: string, marker: string) {
  const rule = await testRule(db, { resources });
  const e = await seededEnterprise(db, county);
  return testAlert(db, { ruleId: rule.id, subjectId: e.id, subjectKey: e.uscc, subjectName: e.name, countyCode: e.countyCode, period: `${marker}-${process.pid}-${++n}` });
}

const periods = (s: Subscriber, prefix: string) => s.received.filter((r) => String(r.data?.alertRaised?.period).startsWith(prefix)).map((r) => String(r.data!.alertRaised.period).split("-")[0]);

/** Writes warm-up alerts until every subscriber has received one: then each is known to be listening. */
async function warmUp(subscribers: Subscriber[]) {
  const deadline = Date.now() + 30_000;
  while (!subscribers.every((s) => s.received.some((r) => String(r.data?.alertRaised?.period).startsWith("WARM")))) {
    if (Date.now() > deadline) throw new Error("subscribers did not start listening within 30 s");
    await raise(["enterprise.registration"], YANGDONG, "WARM");
    await raise(["enterprise.registration"], JIANGCHENG, "WARM");
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("alertRaised over graphql-ws", () => {
  it("reaches exactly the subscribers who may see the alert, within 2 s of the write", async () => {
    const finance = subscribe("FINANCE_BUREAU");
    // MARKET_REGULATION may not read debt.loans ("-"); the counties read only their own county.
    const market = subscribe("MARKET_REGULATION");
    const yangdong = subscribe("COUNTY:阳东区");
    const jiangcheng = subscribe("COUNTY:江城区");
    await warmUp([finance, market, yangdong, jiangcheng]);

    const x = await raise(["debt.loans"], YANGDONG, "X"); // FINANCE_BUREAU only
    // From the commit (the write has returned) to the receipt.
    const committed = Date.now();
    const got = await finance.until((r) => r.data?.alertRaised?.alertId === x.id, 10_000);
    const latency = got.at - committed;
    console.log(`alertRaised: commit to receipt ${latency} ms (${server.running.db.kind})`);
    expect(latency).toBeLessThan(2_000);
    expect(got.data!.alertRaised).toMatchObject({ alertId: x.id, countyCode: YANGDONG });
    expect(got.extensions?.event).toMatchObject({ topic: "alert.raised", id: expect.stringMatching(/^[0-9a-f-]{36}$/) });

    await raise(["enterprise.registration"], JIANGCHENG, "Y"); // all but 阳东区
    await raise(["enterprise.registration"], YANGDONG, "Z"); // all but 江城区
    await raise(["enterprise.registration"], JIANGCHENG, "W"); // all but 阳东区
    // Each subscriber receives its events in commit order: the last one it may see proves it was
    // not sent the ones before that it may not.
    await finance.until((r) => String(r.data?.alertRaised?.period).startsWith("W-"));
    await market.until((r) => String(r.data?.alertRaised?.period).startsWith("W-"));
    await jiangcheng.until((r) => String(r.data?.alertRaised?.period).startsWith("W-"));
    await yangdong.until((r) => String(r.data?.alertRaised?.period).startsWith("Z-"));
    const real = (s: Subscriber) => periods(s, "").filter((p) => p !== "WARM");
    expect(real(finance)).toEqual(["X", "Y", "Z", "W"]);
    expect(real(market)).toEqual(["Y", "Z", "W"]);
    expect(real(jiangcheng)).toEqual(["Y", "W"]);
    expect(real(yangdong)).toEqual(["Z"]);
    // Nothing any of them received carries an error (no field of a visible alert was denied).
    for (const s of [finance, market, yangdong, jiangcheng]) expect(s.received.flatMap((r: Received) => r.errors ?? [])).toEqual([]);
  }, 120_000);

  it("masks evidence per subscriber as in a query, leaves out what a subscriber may not read, and audits each delivery", async () => {
    const EVIDENCE = `subscription { alertRaised { alertId period evidence { field value masked } } }`;
    const pboc = subscribe("PBOC", EVIDENCE); // person.identifiers: M
    const market = subscribe("MARKET_REGULATION", EVIDENCE); // the owner of ID numbers
    const platform = subscribe("CREDIT_PLATFORM", EVIDENCE); // "-": the item is left out
    await warmUp([pboc, market, platform]);
    const e = await db.enterprise.findFirstOrThrow({ where: { legalRepresentativeId: { not: null }, countyCode: YANGDONG }, include: { legalRepresentative: true }, orderBy: { id: "asc" } });
    const person = e.legalRepresentative!;
    const rule = await testRule(db, { resources: ["enterprise.registration"], responsibleAgencies: ["PBOC", "MARKET_REGULATION"] });
    const alert = await testAlert(db, {
      ruleId: rule.id, subjectId: e.id, subjectKey: e.uscc, subjectName: e.name, countyCode: e.countyCode, period: `MASK-${process.pid}`,
      evidence: [
        { field: "Enterprise.name", value: e.name, recordType: "Enterprise", recordId: e.id },
        { field: "Person.idNumber", value: person.idNumber, recordType: "Person", recordId: person.id },
      ],
    });
    const of = (s: Subscriber) => s.until((r) => r.data?.alertRaised?.alertId === alert.id);
    const [p, m, c] = await Promise.all([of(pboc), of(market), of(platform)]);
    expect(p.data!.alertRaised.evidence).toEqual([
      { field: "Enterprise.name", value: e.name, masked: false },
      { field: "Person.idNumber", value: maskIdNumber(person.idNumber), masked: true },
    ]);
    expect(JSON.stringify(p)).not.toContain(person.idNumber);
    expect(p.extensions?.access).toMatchObject({ masked: [{ coordinate: "Alert.evidence", resource: "person.identifiers" }] });
    expect(m.data!.alertRaised.evidence[1]).toEqual({ field: "Person.idNumber", value: person.idNumber, masked: false });
    expect(c.data!.alertRaised.evidence).toEqual([{ field: "Enterprise.name", value: e.name, masked: false }]);
    // The delivery was audited like a query's answer: the owner sees who received the ID number.
    const recipients = await server.gql(`query($id: Int!) { recipients(entityType: "Person", entityId: $id) { agency fields } }`, { id: person.id }, "MARKET_REGULATION");
    expect(recipients.body.data.recipients).toContainEqual({ agency: "PBOC", fields: ["idNumber"] });
  }, 120_000);

  it("ends a subscription whose key is revoked, at its next event, without delivering it", async () => {
    const created = await server.gql(`mutation { createApiKey(input: { agency: PBOC, name: "subscription-revoked", kind: USER }) { ... on MutationCreateApiKeySuccess { data { key apiKey { prefix } } } } }`);
    const { key, apiKey } = created.body.data.createApiKey.data;
    const s = subscriber(server.url, bearer(key), RAISED);
    open.push(s);
    await warmUp([s]);
    const revoked = await server.gql(`mutation($p: String!) { revokeApiKey(prefix: $p) { __typename } }`, { p: apiKey.prefix });
    expect(revoked.body.data.revokeApiKey.__typename).toBe("MutationRevokeApiKeySuccess");
    const after = await raise(["enterprise.registration"], YANGDONG, "REVOKED");
    await expect.poll(() => s.error, { timeout: 10_000 }).toBeTruthy();
    expect(JSON.stringify(s.error)).toContain("UNAUTHENTICATED");
    expect(s.received.some((r) => r.data?.alertRaised?.alertId === after.id)).toBe(false);
  }, 120_000);

  it("refuses a missing or invalid key at connection_init with 4401 and the reason", async () => {
    const none = subscriber(server.url, undefined, RAISED);
    const bad = subscriber(server.url, bearer("dlg_notakey_0000000000000000"), RAISED);
    open.push(none, bad);
    expect(await none.closed).toEqual({ code: 4401, reason: expect.stringContaining("Missing API key") });
    expect(await bad.closed).toEqual({ code: 4401, reason: expect.stringContaining("not valid") });
  });

  it("serves subscriptions only: a query over the socket is refused", async () => {
    const s = subscribe("FINANCE_BUREAU", `{ riskRules { code } }`);
    await expect.poll(() => s.error, { timeout: 10_000 }).toBeTruthy();
    expect(JSON.stringify(s.error)).toContain("Only subscriptions are served over WebSocket");
  });
});
