// Who sees an alert (issue 12 item 4), and a probe per class (denied resource, masked field, other
// county): an agency sees an alert only when it may read every resource its rule reads (a
// conditional one only with a grant in force and its purpose stated), a county government only its
// county's; evidence items are shown, masked or left out as their fields are. Checked in the
// connection, node(id:), the counts, filters, the digest and alertPayload, on the shipped rules'
// real alerts of the demo data as well as on alerts written for a case.
import { encodeGlobalID } from "@pothos/plugin-relay";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onPostgres } from "./helpers/backend.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import { testAlert, testRule } from "./helpers/alerts.ts";
import { COLUMNS, RESOURCE_NAMES, type Column } from "../src/access/policy/matrix.ts";
import { decide, type AccessState } from "../src/access/policy/decide.ts";
import { maskIdNumber } from "../src/access/masking.ts";
import { SHIPPED_RULES } from "../src/alerts/rules/catalogue.ts";
import { evaluateRules } from "../src/alerts/evaluate.ts";
import { alertPayload } from "../src/alerts/alert-view.ts";
import { alertDigest } from "../src/alerts/digest.ts";
import { evidenceItems, evidenceResource, indicatorKinds } from "../src/alerts/evidence.ts";

let server: TestServer;
const db = () => server.running.db.prisma;
const COUNTIES: Record<string, string> = { "441702": "江城区", "441704": "阳东区", "441721": "阳西县", "441781": "阳春市" };
const NO_GRANTS: AccessState = { overrides: new Map(), grants: new Map(), purpose: null };
const gid = (id: number) => encodeGlobalID("Alert", id);

beforeAll(async () => {
  server = await startTestServer({ scale: 0.1 });
  // The shipped rules' alerts on the demo data, as the scheduler's sweep raises them.
  const rules = await db().riskRule.findMany({ where: { enabled: true, code: { in: SHIPPED_RULES.map((r) => r.code) } } });
  await db().$transaction((tx) => evaluateRules(tx, { rules, businessDate: "2018-12-31" }), { timeout: 120_000 });
});
afterAll(() => server?.close());

/** Every principal the policy distinguishes, a county government for each county. */
type P = { label: string; agency: Column; countyCode: string | null };
const principals: P[] = COLUMNS.flatMap((c): P[] =>
  c === "COUNTY" ? Object.entries(COUNTIES).map(([code, name]) => ({ label: `COUNTY:${name}`, agency: c, countyCode: code })) : [{ label: c, agency: c, countyCode: null }],
);

const LIST = `query($f: AlertFilter, $after: String) { alerts(filter: $f, first: 500, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { alertId } } }`;
async function listed(as: string, filter: object = {}, headers?: Record<string, string>): Promise<number[]> {
  const ids: number[] = [];
  let after: string | null = null;
  for (;;) {
    const res: { body: { data?: any; errors?: unknown[] } } = await server.gql(LIST, { f: filter, after }, as, headers);
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    ids.push(...res.body.data.alerts.nodes.map((n: { alertId: number }) => n.alertId));
    if (!res.body.data.alerts.pageInfo.hasNextPage) return ids.sort((a, b) => a - b);
    after = res.body.data.alerts.pageInfo.endCursor;
  }
}
const counted = async (as: string, filter: object = {}) => (await server.gql(`query($f: AlertFilter) { alertCounts(filter: $f) { total byRule { ruleCode count } byCounty { countyCode count } } }`, { f: filter }, as)).body.data.alertCounts;
const byId = async (as: string, id: number) => server.gql(`query($id: ID!) { node(id: $id) { ... on Alert { alertId subjectKey subjectName evidence { field value masked } } } }`, { id: gid(id) }, as);

describe(`visibility on the shipped rules' alerts of the demo data, on ${onPostgres ? "PostgreSQL" : "PGlite"}`, () => {
  it("names only resources of the policy in every shipped rule", () => {
    for (const rule of SHIPPED_RULES) for (const r of rule.resources) expect(RESOURCE_NAMES as readonly string[], `${rule.code}: ${r}`).toContain(r);
  });

  it("classifies every evidence item of the shipped rules' alerts into a resource the rule reads, or a finer one of a field it reads", async () => {
    const all = await db().alert.findMany({ include: { rule: true } });
    const items = all.flatMap((a) => evidenceItems(a.evidence).map((item) => ({ item, rule: a.rule })));
    expect(items.length).toBeGreaterThan(all.length);
    const kinds = await indicatorKinds(db(), items.map((i) => i.item));
    const stray = items.filter(({ item, rule }) => !rule.resources.includes(evidenceResource(item, kinds) as string)).map(({ item, rule }) => `${rule.code}: ${item.field} → ${evidenceResource(item, kinds)}`);
    expect([...new Set(stray)]).toEqual([]);
  });

  it("shows each principal exactly the alerts of the rules whose every resource it may read, counties only their own", async () => {
    const all = await db().alert.findMany({ include: { rule: true } });
    expect(all.length).toBeGreaterThan(20);
    let someHidden = 0;
    for (const p of principals) {
      const readable = (r: string) => RESOURCE_NAMES.includes(r as never) && decide(NO_GRANTS, p, r as never).allow;
      const expected = all.filter((a) => a.rule.resources.length > 0 && a.rule.resources.every(readable) && (p.countyCode === null || a.countyCode === p.countyCode)).map((a) => a.id).sort((a, b) => a - b);
      if (expected.length < all.length) someHidden++;
      expect(await listed(p.label), p.label).toEqual(expected);
      const counts = await counted(p.label);
      expect(counts.total, p.label).toBe(expected.length);
      const rulesSeen = new Set(all.filter((a) => expected.includes(a.id)).map((a) => a.rule.code));
      expect(counts.byRule.map((r: { ruleCode: string }) => r.ruleCode).sort(), p.label).toEqual([...rulesSeen].sort());
    }
    expect(someHidden).toBeGreaterThan(5);
  });
});

describe("probe: a denied resource (the rule reads loans)", () => {
  it("shows no alert of that rule to a principal that may not read loans: not in the list, by id, in counts, filters, the digest nor alertPayload", async () => {
    const rule = await testRule(db(), { resources: ["enterprise.registration", "debt.loans"], responsibleAgencies: ["CBRC"] });
    const loan = await db().loan.findFirstOrThrow({ where: { retiredAt: null }, include: { borrower: true }, orderBy: { id: "asc" } });
    const e = loan.borrower;
    const alert = await testAlert(db(), {
      ruleId: rule.id, subjectId: e.id, subjectKey: e.uscc, subjectName: e.name, countyCode: e.countyCode, raisedOn: "2018-12-28",
      evidence: [{ field: "Loan.balance", value: loan.balance.toFixed(), recordType: "Loan", recordId: loan.id }],
    });
    const secret = loan.balance.toFixed();
    // PUBLIC_SECURITY: loans are not shared (-); DEVELOPMENT_REFORM: conditional, no grant.
    for (const as of ["PUBLIC_SECURITY", "DEVELOPMENT_REFORM"]) {
      expect(await listed(as, { rule: [rule.code] }), as).toEqual([]);
      // Filtering by the hidden rule answers as a code that does not exist.
      expect(await counted(as, { rule: [rule.code] })).toEqual(await counted(as, { rule: ["NO_SUCH_RULE"] }));
      expect((await counted(as)).byRule.map((r: { ruleCode: string }) => r.ruleCode)).not.toContain(rule.code);
      const node = await byId(as, alert.id);
      expect(node.body.data.node, as).toBeNull();
      expect(JSON.stringify(node.body)).not.toContain(secret);
      const nodes = await server.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { ... on Alert { alertId evidence { value } } } }`, { ids: [gid(alert.id)] }, as);
      expect(nodes.body.data.nodes, JSON.stringify(nodes.body)).toEqual([null]);
      const digest = await server.gql(`{ alertDigest(period: "2018Q4") { rows { ruleCode } } }`, {}, as);
      expect(digest.body.data.alertDigest.rows.map((r: { ruleCode: string }) => r.ruleCode)).not.toContain(rule.code);
      const principal = principals.find((p) => p.label === as)!;
      expect(await alertPayload(db(), principal, NO_GRANTS, alert.id)).toBeNull();
      expect((await alertDigest(db(), principal, NO_GRANTS, "2018Q4")).rows.map((r) => r.ruleCode)).not.toContain(rule.code);
    }
    // CBRC, which owns loans, sees it with its evidence.
    expect((await byId("CBRC", alert.id)).body.data.node.evidence).toEqual([{ field: "Loan.balance", value: secret, masked: false }]);
    expect(await listed("CBRC", { rule: [rule.code] })).toEqual([alert.id]);

    // A grant opens it, with its purpose stated, and only then (conditional resource).
    const purpose = "去杠杆预警核查";
    const req = await server.gql(`mutation($u: DateTime!, $p: String!) { requestAccess(resource: "debt.loans", purpose: $p, until: $u) { ... on MutationRequestAccessSuccess { data { id } } } }`, { u: new Date(Date.now() + 3600_000).toISOString(), p: purpose }, "DEVELOPMENT_REFORM");
    const approved = await server.gql(`mutation($id: Int!) { approveAccessRequest(requestId: $id) { __typename } }`, { id: req.body.data.requestAccess.data.id }, "CBRC");
    expect(approved.body.data.approveAccessRequest.__typename).toBe("MutationApproveAccessRequestSuccess");
    expect(await listed("DEVELOPMENT_REFORM", { rule: [rule.code] }, { "x-purpose": encodeURIComponent(purpose) })).toEqual([alert.id]);
    expect(await listed("DEVELOPMENT_REFORM", { rule: [rule.code] })).toEqual([]);
  });
});

describe("probe: a masked field (a legal representative's ID number as evidence)", () => {
  it("masks the evidence item where the cell is M, shows it to the owner, leaves it out where denied, and audits who received it", async () => {
    const e = await db().enterprise.findFirstOrThrow({ where: { legalRepresentativeId: { not: null }, countyCode: "441704" }, include: { legalRepresentative: true }, orderBy: { id: "asc" } });
    const person = e.legalRepresentative!;
    const rule = await testRule(db(), { resources: ["enterprise.registration"], responsibleAgencies: ["PBOC", "MARKET_REGULATION"] });
    const alert = await testAlert(db(), {
      ruleId: rule.id, subjectId: e.id, subjectKey: e.uscc, subjectName: e.name, countyCode: e.countyCode,
      evidence: [
        { field: "Enterprise.name", value: e.name, recordType: "Enterprise", recordId: e.id },
        { field: "Person.idNumber", value: person.idNumber, recordType: "Person", recordId: person.id },
      ],
    });
    const pboc = await byId("PBOC", alert.id);
    expect(pboc.body.data.node.evidence).toEqual([
      { field: "Enterprise.name", value: e.name, masked: false },
      { field: "Person.idNumber", value: maskIdNumber(person.idNumber), masked: true },
    ]);
    expect(JSON.stringify(pboc.body)).not.toContain(person.idNumber);
    expect(pboc.body.extensions!.access).toMatchObject({ masked: [{ coordinate: "Alert.evidence", resource: "person.identifiers" }] });
    // The owner of ID numbers reads it in clear; the credit platform (-) does not get the item at all.
    expect((await byId("MARKET_REGULATION", alert.id)).body.data.node.evidence[1]).toEqual({ field: "Person.idNumber", value: person.idNumber, masked: false });
    const platform = await byId("CREDIT_PLATFORM", alert.id);
    expect(platform.body.data.node.evidence).toEqual([{ field: "Enterprise.name", value: e.name, masked: false }]);
    expect(JSON.stringify(platform.body)).not.toContain(person.idNumber.slice(-4) + '"');
    // alertPayload (webhook bodies) decides alike.
    const payload = (await alertPayload(db(), { agency: "PBOC", countyCode: null }, NO_GRANTS, alert.id)) as { evidence: unknown[] };
    expect(payload.evidence).toEqual([
      { field: "Enterprise.name", value: e.name, recordType: "Enterprise", recordId: e.id, masked: false },
      { field: "Person.idNumber", value: maskIdNumber(person.idNumber), recordType: "Person", recordId: person.id, masked: true },
    ]);
    // Who received the ID number (a sensitive record) through the alert: in the owner's recipients list.
    const recipients = await server.gql(`query($id: Int!) { recipients(entityType: "Person", entityId: $id) { agency fields } }`, { id: person.id }, "MARKET_REGULATION");
    expect(recipients.body.data.recipients).toContainEqual({ agency: "PBOC", fields: ["idNumber"] });
  });

  it("masks a person subject's key and never matches a key filter on a masked key", async () => {
    const person = await db().person.findFirstOrThrow({ where: { countyCode: "441704" }, orderBy: { id: "asc" } });
    const rule = await testRule(db(), { resources: ["credit.dishonesty"], subjectType: "Person", responsibleAgencies: ["PBOC"] });
    const alert = await testAlert(db(), { ruleId: rule.id, subjectId: person.id, subjectKey: person.idNumber, subjectName: person.name, countyCode: "441704" });
    const pboc = await byId("PBOC", alert.id);
    expect(pboc.body.data.node.subjectKey).toBe(maskIdNumber(person.idNumber));
    expect(await listed("PBOC", { subjectKey: person.idNumber })).toEqual([]);
    expect(await listed("MARKET_REGULATION", { subjectKey: person.idNumber })).toEqual([alert.id]);
  });
});

describe("probe: another county", () => {
  it("shows a county government none of another county's alerts, and its own", async () => {
    const e = await db().enterprise.findFirstOrThrow({ where: { countyCode: "441704", retiredAt: null }, orderBy: { id: "asc" } });
    const rule = await testRule(db(), { resources: ["enterprise.registration"], responsibleAgencies: ["COUNTY", "FINANCE_BUREAU"] });
    const alert = await testAlert(db(), { ruleId: rule.id, subjectId: e.id, subjectKey: e.uscc, subjectName: e.name, countyCode: "441704", raisedOn: "2018-12-28" });
    const other = "COUNTY:江城区";
    expect(await listed(other, { rule: [rule.code] })).toEqual([]);
    expect(await listed(other, { county: "441704" })).toEqual([]);
    expect((await counted(other)).byCounty.map((c: { countyCode: string }) => c.countyCode)).toEqual(expect.not.arrayContaining(["441704"]));
    const node = await byId(other, alert.id);
    expect(node.body.data.node).toBeNull();
    expect(JSON.stringify(node.body)).not.toContain(e.uscc);
    const digest = await server.gql(`{ alertDigest(period: "2018Q4") { rows { countyCode ruleCode } } }`, {}, other);
    expect(digest.body.data.alertDigest.rows.filter((r: { countyCode: string }) => r.countyCode !== "441702")).toEqual([]);
    expect(await alertPayload(db(), { agency: "COUNTY", countyCode: "441702" }, NO_GRANTS, alert.id)).toBeNull();
    // Its own county's government sees it, and may act on it (COUNTY is assigned).
    expect(await listed("COUNTY:阳东区", { rule: [rule.code] })).toEqual([alert.id]);
    const ack = await server.gql(`mutation($id: ID!) { acknowledgeAlert(id: $id) { __typename } }`, { id: gid(alert.id) }, "COUNTY:阳东区");
    expect(ack.body.data.acknowledgeAlert.__typename).toBe("MutationAcknowledgeAlertSuccess");
    const refused = await server.gql(`mutation($id: ID!) { commentOnAlert(id: $id, note: "跨区") { __typename } }`, { id: gid(alert.id) }, other);
    expect(refused.body.data.commentOnAlert.__typename).toBe("NotFoundError");
  });
});
