// Rules and alerts in the graph (issue 12 items 1, 3, 6): the rule catalogue and its editing, the
// alert connection and counts, the disposal workflow with its history, audit and outbox, the
// escalation of overdue alerts and the digest. The server runs on a business clock moved to
// 2019-01-08, so deadlines can pass; alerts are written as the evaluator writes them (helpers/alerts.ts).
import { encodeGlobalID } from "@pothos/plugin-relay";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onPostgres } from "./helpers/backend.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import { enterpriseAlert, seededEnterprise, testAlert, testRule } from "./helpers/alerts.ts";
import { escalateOverdue } from "../src/alerts/escalation.ts";
import { emitDigests } from "../src/alerts/digest.ts";
import { mutationDocument } from "./helpers/mutations.ts";

let server: TestServer;
const db = () => server.running.db.prisma;
beforeAll(async () => {
  server = await startTestServer({ scale: 0.02, env: { CLOCK: "2019-01-08" } });
});
afterAll(() => server?.close());

const COUNTY_NAMES: Record<string, string> = { "441702": "江城区", "441704": "阳东区", "441721": "阳西县", "441781": "阳春市" };
const gid = (id: number) => encodeGlobalID("Alert", id);
const ALERT = `id alertId status version assignedAgencies overdue escalated closeReason rule { code } plan { planNo } history { kind fromStatus toStatus agency note }`;
const act = (mutation: string, args: Record<string, unknown>, as: string, selection = ALERT) => {
  const success = `Mutation${mutation[0]!.toUpperCase()}${mutation.slice(1)}Success`;
  return server.gql(mutationDocument(mutation, Object.keys(args), `__typename ... on MutationError { message } ... on ValidationError { issues { path rule message } } ... on ConflictError { currentVersion } ... on ${success} { data { ${selection} } }`), args, as);
};

describe(`rules in the graph, on ${onPostgres ? "PostgreSQL" : "PGlite"}`, () => {
  it("lists the rules with every column, parameters as JSON, and whether the caller sees their alerts", async () => {
    const rule = await testRule(db(), { resources: ["debt.loans"], parameters: { debtRatio: 0.7, days: 30 } });
    const res = await server.gql(`query($c: String!) { riskRule(code: $c) { code nameZh severity parameters responsibleAgencies resources alertsVisible subjectType triggers enabled ackWorkingDays disposeWorkingDays version } riskRules { code } }`, { c: rule.code }, "PUBLIC_SECURITY");
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.riskRule).toEqual({
      code: rule.code, nameZh: rule.nameZh, severity: "HIGH", parameters: JSON.stringify({ days: 30, debtRatio: 0.7 }), responsibleAgencies: ["FINANCE_BUREAU", "CBRC"],
      resources: ["debt.loans"], alertsVisible: false, subjectType: "Enterprise", triggers: ["WRITE"], enabled: true, ackWorkingDays: 2, disposeWorkingDays: 10, version: 1,
    });
    expect(res.body.data.riskRules.map((r: { code: string }) => r.code)).toContain(rule.code);
    const cbrc = await server.gql(`query($c: String!) { riskRule(code: $c) { alertsVisible } }`, { c: rule.code }, "CBRC");
    expect(cbrc.body.data.riskRule.alertsVisible).toBe(true);
  });

  it("lets FINANCE_BUREAU edit a rule, validating parameters against the rule's, with the reason in its change log", async () => {
    const rule = await testRule(db(), { resources: ["enterprise.registration"], parameters: { debtRatio: 0.7, days: 30 } });
    const doc = `mutation($c: String!, $i: RiskRuleInput!, $r: String!, $v: Int) { updateRiskRule(code: $c, input: $i, reason: $r, expectedVersion: $v) { __typename ... on MutationError { message } ... on ValidationError { issues { path rule message } } ... on MutationUpdateRiskRuleSuccess { data { parameters severity version history { edges { node { reason fields actor } } } } } } }`;
    const bad = await server.gql(doc, { c: rule.code, i: { parameters: JSON.stringify({ debtRatio: "70%", extra: 1 }) }, r: "调整" });
    expect(bad.body.data.updateRiskRule.__typename).toBe("ValidationError");
    expect(bad.body.data.updateRiskRule.issues).toEqual([
      { path: ["input", "parameters", "days"], rule: "required", message: "is required (the rule's SQL reads it)" },
      { path: ["input", "parameters", "debtRatio"], rule: "type", message: "must be a number as before, not a string" },
      { path: ["input", "parameters", "extra"], rule: "unknown", message: "is not a parameter of this rule" },
    ]);
    const notJson = await server.gql(doc, { c: rule.code, i: { parameters: "{debtRatio" }, r: "调整" });
    expect(notJson.body.data.updateRiskRule.issues).toEqual([{ path: ["input", "parameters"], rule: "json", message: "must be valid JSON" }]);
    const loansRule = await testRule(db(), { resources: ["debt.loans"] });
    const blind = await server.gql(doc, { c: loansRule.code, i: { responsibleAgencies: ["CBRC", "PUBLIC_SECURITY"] }, r: "调整" });
    expect(blind.body.data.updateRiskRule.issues).toEqual([{ path: ["input", "responsibleAgencies", "1"], rule: "path", message: "PUBLIC_SECURITY may not read debt.loans (not shared with it), so it could not see the alerts assigned to it" }]);
    const noReason = await server.gql(doc, { c: rule.code, i: { severity: "LOW" }, r: "  " });
    expect(noReason.body.data.updateRiskRule.issues[0]).toMatchObject({ path: ["reason"] });
    expect((await db().riskRule.findUniqueOrThrow({ where: { id: rule.id } })).version).toBe(1);

    const ok = await server.gql(doc, { c: rule.code, i: { parameters: JSON.stringify({ debtRatio: 0.75, days: 30 }), severity: "CRITICAL" }, r: "按2019年监管要求调整资产负债率阈值", v: 1 });
    expect(ok.body.data.updateRiskRule, JSON.stringify(ok.body)).toEqual({
      __typename: "MutationUpdateRiskRuleSuccess",
      // (JSONB keeps an object's keys in its own order)
      data: { parameters: JSON.stringify({ days: 30, debtRatio: 0.75 }), severity: "CRITICAL", version: 2, history: { edges: [{ node: { reason: "按2019年监管要求调整资产负债率阈值", fields: ["severity", "parameters"], actor: "demo-finance_bureau" } }] } },
    });
    const stale = await server.gql(doc, { c: rule.code, i: { severity: "LOW" }, r: "再调整", v: 1 });
    expect(stale.body.data.updateRiskRule.__typename).toBe("ConflictError");
    // Outside FINANCE_BUREAU's view of the schema, the mutation is one that does not exist.
    const other = await server.gql(doc, { c: rule.code, i: { severity: "LOW" }, r: "越权" }, "CBRC");
    expect(other.body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect((await db().riskRule.findUniqueOrThrow({ where: { id: rule.id } })).severity).toBe("CRITICAL");
  });
});

describe("alerts: the connection, its filters and the counts", () => {
  it("lists alerts with their rule, filtered by rule, severity, status, county, subject and overdue, and counts them alike", async () => {
    const rule = await testRule(db(), { resources: ["enterprise.registration"], severity: "MEDIUM" });
    const [e1, e2] = [await seededEnterprise(db(), "441704"), await seededEnterprise(db(), "441721")];
    const a1 = await testAlert(db(), { ruleId: rule.id, subjectId: e1.id, subjectKey: e1.uscc, subjectName: e1.name, countyCode: e1.countyCode });
    const a2 = await testAlert(db(), { ruleId: rule.id, subjectId: e2.id, subjectKey: e2.uscc, subjectName: e2.name, countyCode: e2.countyCode, ackDueOn: "2019-01-04" });
    const list = (filter: object) => server.gql(`query($f: AlertFilter) { alerts(filter: $f) { totalCount nodes { alertId subjectKey overdue rule { code } enterprise { uscc } } } alertCounts(filter: $f) { total overdue byCounty { countyCode count } byRule { ruleCode count } byStatus { status count } bySeverity { severity count } } }`, { f: filter });
    const all = await list({ rule: [rule.code] });
    expect(all.body.errors).toBeUndefined();
    expect(all.body.data.alerts.nodes).toEqual([
      { alertId: a2.id, subjectKey: e2.uscc, overdue: true, rule: { code: rule.code }, enterprise: { uscc: e2.uscc } },
      { alertId: a1.id, subjectKey: e1.uscc, overdue: false, rule: { code: rule.code }, enterprise: { uscc: e1.uscc } },
    ]);
    expect(all.body.data.alertCounts).toEqual({
      total: 2, overdue: 1,
      byCounty: [{ countyCode: "441704", count: 1 }, { countyCode: "441721", count: 1 }],
      byRule: [{ ruleCode: rule.code, count: 2 }], byStatus: [{ status: "OPEN", count: 2 }], bySeverity: [{ severity: "MEDIUM", count: 2 }],
    });
    const ids = async (filter: object) => (await list({ rule: [rule.code], ...filter })).body.data.alerts.nodes.map((n: { alertId: number }) => n.alertId);
    expect(await ids({ county: "阳西县" })).toEqual([a2.id]);
    expect(await ids({ overdue: true })).toEqual([a2.id]);
    expect(await ids({ overdue: false })).toEqual([a1.id]);
    expect(await ids({ subjectKey: e1.uscc })).toEqual([a1.id]);
    expect(await ids({ subjectType: "Enterprise", subjectId: e2.id })).toEqual([a2.id]);
    expect(await ids({ severity: ["HIGH"] })).toEqual([]);
    expect(await ids({ status: ["OPEN"], live: true })).toEqual([a2.id, a1.id]);
    const node = await server.gql(`query($id: ID!) { node(id: $id) { ... on Alert { alertId period status rule { code } } } }`, { id: gid(a1.id) });
    expect(node.body.data.node).toEqual({ alertId: a1.id, period: a1.period, status: "OPEN", rule: { code: rule.code } });
  });
});

describe("the disposal workflow", () => {
  it("acknowledges, starts the disposal linked to the enterprise's plan and resolves, each step in the history, the audit and the outbox", async () => {
    const plan = await db().deleveragingPlan.findFirstOrThrow({ where: { retiredAt: null }, orderBy: { id: "asc" } });
    const e = await db().enterprise.findUniqueOrThrow({ where: { id: plan.enterpriseId } });
    const rule = await testRule(db(), { resources: ["enterprise.registration", "debt.monitoring"], responsibleAgencies: ["CBRC", "PBOC"] });
    const alert = await testAlert(db(), { ruleId: rule.id, subjectId: e.id, subjectKey: e.uscc, subjectName: e.name, countyCode: e.countyCode });
    const outboxBefore = await db().outboxEvent.count({ where: { alertId: alert.id } });
    expect(outboxBefore).toBe(1);

    // Seen but not assigned (the enterprise's county government reads both resources): refused, naming who may act.
    const county = await act("acknowledgeAlert", { id: gid(alert.id) }, `COUNTY:${COUNTY_NAMES[e.countyCode]}`);
    expect(county.body.errors?.[0], JSON.stringify(county.body)).toMatchObject({ message: "Forbidden: only the agencies the alert is assigned to (CBRC, PBOC) or FINANCE_BUREAU may act on it.", extensions: { code: "FORBIDDEN" } });

    const ack = await act("acknowledgeAlert", { id: gid(alert.id), expectedVersion: 1 }, "CBRC");
    expect(ack.body.data.acknowledgeAlert.data, JSON.stringify(ack.body)).toMatchObject({ status: "ACKNOWLEDGED", version: 2 });
    const again = await act("acknowledgeAlert", { id: gid(alert.id) }, "PBOC");
    expect(again.body.data.acknowledgeAlert).toMatchObject({ __typename: "ValidationError", message: "Invalid input: status: an alert that is ACKNOWLEDGED cannot be acknowledged", issues: [{ path: ["status"], rule: "transition" }] });
    const stale = await act("startAlertDisposal", { id: gid(alert.id), planNo: plan.planNo, expectedVersion: 1 }, "CBRC");
    expect(stale.body.data.startAlertDisposal).toMatchObject({ __typename: "ConflictError", currentVersion: 2 });

    const otherPlan = await db().deleveragingPlan.findFirstOrThrow({ where: { retiredAt: null, enterpriseId: { not: e.id } } });
    const wrong = await act("startAlertDisposal", { id: gid(alert.id), planNo: otherPlan.planNo }, "CBRC");
    expect(wrong.body.data.startAlertDisposal.issues).toEqual([{ path: ["planNo"], rule: "link", message: `plan ${otherPlan.planNo} is not a plan of the alert's enterprise` }]);
    const none = await act("startAlertDisposal", { id: gid(alert.id) }, "CBRC");
    expect(none.body.data.startAlertDisposal.issues[0]).toMatchObject({ path: ["planNo"], rule: "required" });

    const started = await act("startAlertDisposal", { id: gid(alert.id), planNo: plan.planNo, expectedVersion: 2 }, "PBOC");
    expect(started.body.data.startAlertDisposal.data).toMatchObject({ status: "IN_DISPOSAL", plan: { planNo: plan.planNo } });
    const noReason = await act("resolveAlert", { id: gid(alert.id), reason: " " }, "CBRC");
    expect(noReason.body.data.resolveAlert.issues).toEqual([{ path: ["reason"], rule: "required", message: "is required: say why the alert is resolved" }]);
    const comment = await act("commentOnAlert", { id: gid(alert.id), note: "已约谈企业负责人" }, "FINANCE_BUREAU");
    expect(comment.body.data.commentOnAlert.__typename).toBe("MutationCommentOnAlertSuccess");
    const resolved = await act("resolveAlert", { id: gid(alert.id), reason: "一企一策方案落实，资产负债率降至65%" }, "CBRC");
    expect(resolved.body.data.resolveAlert.data).toMatchObject({ status: "RESOLVED", closeReason: "一企一策方案落实，资产负债率降至65%", version: 4 });
    expect(resolved.body.data.resolveAlert.data.history).toEqual([
      { kind: "RAISED", fromStatus: null, toStatus: "OPEN", agency: null, note: null },
      { kind: "ACKNOWLEDGED", fromStatus: "OPEN", toStatus: "ACKNOWLEDGED", agency: "CBRC", note: null },
      { kind: "DISPOSAL_STARTED", fromStatus: "ACKNOWLEDGED", toStatus: "IN_DISPOSAL", agency: "PBOC", note: null },
      { kind: "COMMENTED", fromStatus: "IN_DISPOSAL", toStatus: "IN_DISPOSAL", agency: "FINANCE_BUREAU", note: "已约谈企业负责人" },
      { kind: "RESOLVED", fromStatus: "IN_DISPOSAL", toStatus: "RESOLVED", agency: "CBRC", note: "一企一策方案落实，资产负债率降至65%" },
    ]);
    const dismiss = await act("dismissAlert", { id: gid(alert.id), reason: "误报" }, "CBRC");
    expect(dismiss.body.data.dismissAlert.message).toBe("Invalid input: status: an alert that is RESOLVED cannot be dismissed");
    // Closed: live is NULL (another alert may be raised in the same period), closedAt set.
    const stored = await db().alert.findUniqueOrThrow({ where: { id: alert.id } });
    expect([stored.live, stored.closedAt !== null, stored.autoResolved]).toEqual([null, true, false]);
    // Every transition put one event in the outbox (the trigger), in order.
    const outbox = await db().outboxEvent.findMany({ where: { alertId: alert.id }, orderBy: { createdAt: "asc" } });
    expect(outbox.map((o) => [o.topic, (o.payload as { kind: string }).kind])).toEqual([
      ["alert.raised", "RAISED"], ["alert.changed", "ACKNOWLEDGED"], ["alert.changed", "DISPOSAL_STARTED"], ["alert.changed", "COMMENTED"], ["alert.changed", "RESOLVED"],
    ]);
    // Each write's audit entry names the alert; refused writes wrote nothing.
    const audits = await db().auditEntry.findMany({ where: { operationName: { in: ["Mutation.acknowledgeAlert", "Mutation.startAlertDisposal", "Mutation.resolveAlert", "Mutation.commentOnAlert"] }, recordKeys: { has: `Alert:${alert.id}` } } });
    expect(audits).toHaveLength(4);
  });

  it("answers an alert the caller cannot see, or that does not exist, alike", async () => {
    const { alert } = await enterpriseAlert(db(), ["debt.loans"], { agencies: ["PUBLIC_SECURITY", "CBRC"] });
    const hidden = await act("acknowledgeAlert", { id: gid(alert.id) }, "PUBLIC_SECURITY", "status");
    const missing = await act("acknowledgeAlert", { id: gid(99_999_999) }, "PUBLIC_SECURITY", "status");
    expect(hidden.body.errors, JSON.stringify(hidden.body)).toBeUndefined();
    expect(hidden.body.data.acknowledgeAlert.__typename).toBe("NotFoundError");
    expect(hidden.body.data.acknowledgeAlert.message.replace(/\S+ does not exist/, "X does not exist")).toBe(missing.body.data.acknowledgeAlert.message.replace(/\S+ does not exist/, "X does not exist"));
    expect((await db().alert.findUniqueOrThrow({ where: { id: alert.id } })).status).toBe("OPEN");
  });
});

describe("escalation of overdue alerts (business clock 2019-01-08)", () => {
  it("assigns FINANCE_BUREAU and writes one ESCALATED event per overdue live alert, once", async () => {
    const late = await enterpriseAlert(db(), ["enterprise.registration"], { agencies: ["CBRC"], dueDates: { raisedOn: "2019-01-02", ackDueOn: "2019-01-04", disposeDueOn: "2019-01-18" } });
    const inTime = await enterpriseAlert(db(), ["enterprise.registration"], { agencies: ["CBRC"], dueDates: { raisedOn: "2019-01-07", ackDueOn: "2019-01-09", disposeDueOn: "2019-01-21" } });
    const closed = await enterpriseAlert(db(), ["enterprise.registration"], { agencies: ["CBRC"], status: "DISMISSED", dueDates: { raisedOn: "2019-01-02", ackDueOn: "2019-01-04", disposeDueOn: "2019-01-07" } });
    const overdue = await server.gql(`query($id: ID!) { node(id: $id) { ... on Alert { overdue escalated } } }`, { id: gid(late.alert.id) });
    expect(overdue.body.data.node).toEqual({ overdue: true, escalated: false });

    const first = await db().$transaction((tx) => escalateOverdue(tx, "2019-01-08"));
    expect(first).toBeGreaterThanOrEqual(1);
    const second = await db().$transaction((tx) => escalateOverdue(tx, "2019-01-08"));
    expect(second).toBe(0);
    const [l, t, c] = await Promise.all([late, inTime, closed].map((x) => db().alert.findUniqueOrThrow({ where: { id: x.alert.id }, include: { events: { orderBy: { id: "asc" } } } })));
    expect(l!.assignedAgencies).toEqual(["CBRC", "FINANCE_BUREAU"]);
    expect(l!.escalatedAt).not.toBeNull();
    expect(l!.events.map((e) => e.kind)).toEqual(["RAISED", "ESCALATED"]);
    expect(l!.events[1]!.note).toBe("deadline to acknowledge (2019-01-04) passed: escalated to FINANCE_BUREAU");
    expect([t!.escalatedAt, c!.escalatedAt]).toEqual([null, null]);
    expect(await db().outboxEvent.count({ where: { alertId: l!.id, topic: "alert.changed", payload: { path: ["kind"], equals: "ESCALATED" } } })).toBe(1);
    // Later, the in-time one passes its deadline too.
    expect(await db().$transaction((tx) => escalateOverdue(tx, "2019-01-10"))).toBeGreaterThanOrEqual(1);
    expect((await db().alert.findUniqueOrThrow({ where: { id: inTime.alert.id } })).escalatedAt).not.toBeNull();
    const shown = await server.gql(`query($id: ID!) { node(id: $id) { ... on Alert { escalated assignedAgencies history { kind } } } }`, { id: gid(late.alert.id) });
    expect(shown.body.data.node).toEqual({ escalated: true, assignedAgencies: ["CBRC", "FINANCE_BUREAU"], history: [{ kind: "RAISED" }, { kind: "ESCALATED" }] });
  });
});

describe("the digest", () => {
  it("counts new, open and overdue alerts by county and rule for the caller, and emits one digest event per agency once", async () => {
    const rule = await testRule(db(), { resources: ["enterprise.registration"] });
    const e = await seededEnterprise(db(), "441781");
    await testAlert(db(), { ruleId: rule.id, subjectId: e.id, subjectKey: e.uscc, subjectName: e.name, countyCode: e.countyCode, raisedOn: "2018-11-20", ackDueOn: "2018-11-22", disposeDueOn: "2018-12-05" });
    await testAlert(db(), { ruleId: rule.id, subjectId: e.id, subjectKey: e.uscc, subjectName: e.name, countyCode: e.countyCode, raisedOn: "2018-12-10", ackDueOn: "2018-12-12", disposeDueOn: "2019-01-20" });
    const doc = `query($p: String!) { alertDigest(period: $p) { period from to new open overdue rows { countyCode ruleCode new open overdue } } }`;
    const res = await server.gql(doc, { p: "2018Q4" }, "COUNTY:阳春市");
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.alertDigest.rows.filter((r: { ruleCode: string }) => r.ruleCode === rule.code)).toEqual([{ countyCode: "441781", ruleCode: rule.code, new: 2, open: 2, overdue: 2 }]);
    expect(res.body.data.alertDigest).toMatchObject({ period: "2018Q4", from: "2018-10-01", to: "2018-12-31" });
    const other = await server.gql(doc, { p: "2018Q4" }, "COUNTY:阳东区");
    expect(other.body.data.alertDigest.rows.filter((r: { ruleCode: string }) => r.ruleCode === rule.code)).toEqual([]);
    const bad = await server.gql(doc, { p: "2018Q5" });
    expect(bad.body.errors?.[0]).toMatchObject({ message: 'period: "2018Q5" is not a quarter (2018Q4), a month (2018-12) or a day (2018-12-31)', extensions: { code: "BAD_USER_INPUT" } });

    const written = await db().$transaction((tx) => emitDigests(tx, "2018Q4"));
    expect(written).toBe(11 + 4);
    expect(await db().$transaction((tx) => emitDigests(tx, "2018Q4"))).toBe(0);
    const events = await db().outboxEvent.findMany({ where: { topic: "alert.digest" } });
    expect(events.every((ev) => (ev.payload as { period: string }).period === "2018Q4")).toBe(true);
    expect(events.filter((ev) => ev.agency === "COUNTY").map((ev) => ev.countyCode).sort()).toEqual(["441702", "441704", "441721", "441781"]);
  });
});
