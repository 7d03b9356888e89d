// Indicator values as one list for every principal that reads some kind of them: INSURANCE_ASSOC
// (which owns the insurers' indicators) lists its own kinds, with or without a filter, and never
// the banks' unless a grant opens them (issue 9: the default filter counted as a read of bank
// indicators, and the list itself was the bank indicators', so INSURANCE_ASSOC could not call it).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onPostgres } from "./helpers/backend.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ scale: 0.1 });
});
afterAll(() => server?.close());

const MARKET = ["SECURITIES", "FUTURES", "INSURER"] as const;
const BANKS = ["COMMERCIAL_BANK_BRANCH", "LOCAL_LEGAL_PERSON_BANK", "RURAL_CREDIT_COOP"] as const;
const LIST = `query($f: IndicatorValueFilter) { indicatorValues(first: 500, filter: $f) { totalCount nodes { value institution { kind } } } }`;
const db = () => server.running.db.prisma;

describe(`indicatorValues by the kinds a principal reads (${onPostgres ? "PostgreSQL" : "PGlite"})`, () => {
  it("INSURANCE_ASSOC lists the securities, futures and insurers' values: all of them, none of the banks', no error", async () => {
    const res = await server.gql(LIST, {}, "INSURANCE_ASSOC");
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    const want = await db().indicatorValue.count({ where: { institution: { kind: { in: [...MARKET] } } } });
    expect(want).toBeGreaterThan(0);
    expect(res.body.data.indicatorValues.totalCount).toBe(want);
    expect(new Set(res.body.data.indicatorValues.nodes.map((n: { institution: { kind: string } }) => n.institution.kind))).toEqual(
      new Set((await db().institution.findMany({ where: { kind: { in: [...MARKET] }, indicators: { some: {} } }, select: { kind: true } })).map((i) => i.kind)),
    );
  });

  it("INSURANCE_ASSOC filters them, the defaulted breachesOnly included, and breaches are judged on its rows only", async () => {
    const solvency = await server.gql(LIST, { f: { indicators: ["COMPREHENSIVE_SOLVENCY", "CORE_SOLVENCY"] } }, "INSURANCE_ASSOC");
    expect(solvency.body.errors).toBeUndefined();
    expect(solvency.body.data.indicatorValues.totalCount).toBe(await db().indicatorValue.count({ where: { indicator: { in: ["COMPREHENSIVE_SOLVENCY", "CORE_SOLVENCY"] } } }));
    // Asking for the banks' kinds answers nothing: the rows are limited before the filter applies.
    const banks = await server.gql(LIST, { f: { institutionKinds: [...BANKS] } }, "INSURANCE_ASSOC");
    expect(banks.body.errors).toBeUndefined();
    expect(banks.body.data.indicatorValues.totalCount).toBe(0);
    const breaches = await server.gql(LIST, { f: { breachesOnly: true } }, "INSURANCE_ASSOC");
    expect(breaches.body.errors).toBeUndefined();
    const all = await server.gql(LIST, { f: { breachesOnly: true } });
    const marketBreaches = all.body.data.indicatorValues.nodes.filter((n: { institution: { kind: string } }) => (MARKET as readonly string[]).includes(n.institution.kind));
    expect(breaches.body.data.indicatorValues.totalCount).toBe(marketBreaches.length);
  });

  it("a bank-indicator grant (conditional for INSURANCE_ASSOC, seed 二(一)3) adds the banks' values, with its purpose only", async () => {
    const purpose = "去杠杆 金融机构杠杆率监测";
    const requested = await server.gql(
      `mutation($p: String!, $u: DateTime!) { requestAccess(resource: "institutions.bankIndicators", purpose: $p, until: $u) { ... on MutationRequestAccessSuccess { data { id } } } }`,
      { p: purpose, u: new Date(Date.now() + 3600_000).toISOString() },
      "INSURANCE_ASSOC",
    );
    const id = requested.body.data.requestAccess.data.id;
    const approved = await server.gql(`mutation($id: Int!) { approveAccessRequest(requestId: $id) { __typename } }`, { id }, "CBRC");
    expect(approved.body.data.approveAccessRequest.__typename).toBe("MutationApproveAccessRequestSuccess");
    const kinds = [...MARKET, ...BANKS];
    const opened = await server.gql(LIST, {}, "INSURANCE_ASSOC", { "x-purpose": encodeURIComponent(purpose) });
    expect(opened.body.errors).toBeUndefined();
    expect(opened.body.data.indicatorValues.totalCount).toBe(await db().indicatorValue.count({ where: { institution: { kind: { in: kinds } } } }));
    const without = await server.gql(LIST, {}, "INSURANCE_ASSOC");
    expect(without.body.data.indicatorValues.totalCount).toBe(await db().indicatorValue.count({ where: { institution: { kind: { in: [...MARKET] } } } }));
  });

  it("a county government, conditional on every kind, is refused the list until a grant opens one kind; then it lists that kind in its county", async () => {
    const as = "COUNTY:阳东区";
    const closed = await server.gql(LIST, {}, as);
    expect(closed.body.data.indicatorValues).toBeNull();
    expect(closed.body.errors?.[0]?.extensions).toMatchObject({ code: "FORBIDDEN", resource: "institutions.bankIndicators", sharing: "CONDITIONAL" });
    const purpose = "属地金融风险监测";
    const requested = await server.gql(
      `mutation($p: String!, $u: DateTime!) { requestAccess(resource: "institutions.localOrgIndicators", purpose: $p, until: $u) { ... on MutationRequestAccessSuccess { data { id } } } }`,
      { p: purpose, u: new Date(Date.now() + 3600_000).toISOString() },
      as,
    );
    const id = requested.body.data.requestAccess.data.id;
    expect((await server.gql(`mutation($id: Int!) { approveAccessRequest(requestId: $id) { __typename } }`, { id }, "FINANCE_BUREAU")).body.data.approveAccessRequest.__typename).toBe(
      "MutationApproveAccessRequestSuccess",
    );
    const open = await server.gql(LIST, {}, as, { "x-purpose": encodeURIComponent(purpose) });
    expect(open.body.errors).toBeUndefined();
    const want = await db().indicatorValue.count({ where: { institution: { kind: { in: ["SMALL_LOAN", "FINANCING_GUARANTEE", "FINANCING_LEASING"] }, countyCode: "441704" } } });
    expect(open.body.data.indicatorValues.totalCount).toBe(want);
  });

  it("a principal that reads no kind (MARKET_REGULATION) gets the answer a misspelt field gets", async () => {
    const res = await server.gql(`{ indicatorValues(first: 1) { totalCount } }`, {}, "MARKET_REGULATION");
    const twin = await server.gql(`{ indicatorValuez(first: 1) { totalCount } }`, {}, "MARKET_REGULATION");
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.message.replace("indicatorValues", "<f>")).toBe(twin.body.errors?.[0]?.message.replace("indicatorValuez", "<f>"));
  });
});
