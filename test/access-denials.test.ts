// A denial loses only what it denies, and is reported once per field: a denied root field, a
// field refused for its filter and an id of nodes(ids:) each come back null alone, beside the rest
// of the answer (HTTP 200); the errors hold one FORBIDDEN error per denied coordinate with the
// number of places, and extensions.access every place, compactly.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { maskIdNumber } from "../src/access/masking.ts";
import { onPostgres } from "./helpers/backend.ts";
import { deniedPlaces, expandPath, expectAbsent, expectForbiddenAt, globalId } from "./helpers/attack.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";

let server: TestServer;
const db = () => server.running.db.prisma;
beforeAll(async () => {
  server = await startTestServer({ scale: 0.05 });
});
afterAll(() => server?.close());

const YD = "COUNTY:阳东区";

describe(`denials that lose nothing else (${onPostgres ? "PostgreSQL" : "PGlite"})`, () => {
  it("a denied root list (guaranteeCircles as a county, topList as DEVELOPMENT_REFORM) is null alone, its siblings answered", async () => {
    const counties = await server.gql(`{ counties { code } guaranteeCircles(maxLength: 4) { length } }`, {}, YD);
    expect(counties.status).toBe(200);
    expect(counties.body.data).toEqual({ counties: [{ code: "441704" }], guaranteeCircles: null });
    expectForbiddenAt(counties.body, ["guaranteeCircles"], "debt.guarantees");

    const drc = await server.gql(`{ enterprises(first: 2) { totalCount } topList(kind: TOP_BORROWERS, lender: "B0001H244170001", month: "2016-06-01") { rank } }`, {}, "DEVELOPMENT_REFORM");
    expect(drc.status).toBe(200);
    expect(drc.body.data!.enterprises).toEqual({ totalCount: await db().enterprise.count({ where: { retiredAt: null } }) });
    // Top-10 lists are their own resource since issue 9 (debt.monitoring, conditional for DEVELOPMENT_REFORM).
    expectForbiddenAt(drc.body, ["topList"], "debt.monitoring");
  });

  it("nodes(ids:) with a refused id: that item is null with its error, the others are answered", async () => {
    const [e, loan] = await Promise.all([
      db().enterprise.findFirstOrThrow({ where: { retiredAt: null }, orderBy: { id: "asc" } }),
      db().loan.findFirstOrThrow({ where: { retiredAt: null }, orderBy: { id: "asc" } }),
    ]);
    const ids = [globalId("Enterprise", e.id), globalId("Loan", loan.id), globalId("Enterprise", e.id)];
    const res = await server.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`, { ids }, "DEVELOPMENT_REFORM");
    expect(res.status).toBe(200);
    expect(res.body.data!.nodes).toEqual([{ __typename: "Enterprise", id: ids[0] }, null, { __typename: "Enterprise", id: ids[2] }]);
    expectForbiddenAt(res.body, ["nodes", 1], "debt.loans");
    expectAbsent(res.body, loan.contractNo);
    // The refused id is not looked up: the answer costs what the allowed ids alone cost.
    const allowed = await server.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`, { ids: [ids[0], ids[2]] }, "DEVELOPMENT_REFORM");
    expect(res.body.extensions!.statements).toBe(allowed.body.extensions!.statements);
  });

  it("a field refused for its group key is null alone, HTTP 200, its siblings answered", async () => {
    const res = await server.gql(`{ enterprises(first: 1) { totalCount } loanBalances(groupBy: [COUNTY]) { totalBalance } }`, {}, "DEVELOPMENT_REFORM");
    expect(res.status).toBe(200);
    expect(res.body.data!.enterprises).toEqual({ totalCount: expect.any(Number) });
    expectForbiddenAt(res.body, ["loanBalances"], "debt.loans");
    expect(res.body.errors![0]!.extensions).toMatchObject({ input: "LoanGroupKey.COUNTY", coordinate: "Query.loanBalances" });
  });
});

describe(`denials reported once per field (${onPostgres ? "PostgreSQL" : "PGlite"})`, () => {
  const QUERY = `query($n: Int!) { enterprises(first: $n) { nodes { uscc loans(first: 1) { nodes { id } } guaranteesGiven(first: 1) { nodes { id } } guaranteesReceived(first: 1) { nodes { id } } legalRepresentative { idNumber } } } }`;

  it("one FORBIDDEN error per denied coordinate, with the number of places; every place in extensions.access", async () => {
    const res = await server.gql(QUERY, { n: 40 }, "DEVELOPMENT_REFORM");
    expect(res.status).toBe(200);
    const rows = res.body.data!.enterprises.nodes as { uscc: string; legalRepresentative: { idNumber: string } | null }[];
    expect(rows).toHaveLength(40);
    const fields = ["loans", "guaranteesGiven", "guaranteesReceived"];
    expect(res.body.errors!.map((e) => [e.extensions!.coordinate, e.extensions!.count, e.path])).toEqual(fields.map((f) => [`Enterprise.${f}`, 40, ["enterprises", "nodes", 0, f]]));
    for (const e of res.body.errors!) expect(e.extensions).toMatchObject({ code: "FORBIDDEN", sharing: "CONDITIONAL", requestId: res.headers.get("x-request-id") });
    const access = res.body.extensions!.access as { denied: { coordinate: string; count: number; paths: string[] }[]; masked: { coordinate: string; resource: string; count: number; paths: string[] }[] };
    expect(access.denied.map((d) => [d.coordinate, d.count, d.paths])).toEqual(fields.map((f) => [`Enterprise.${f}`, 40, [`enterprises.nodes.0-39.${f}`]]));
    // Every place is there, and each is null in the data.
    const places = deniedPlaces(res.body).map((p) => p.path);
    expect(places).toHaveLength(120);
    for (let i = 0; i < 40; i++) for (const f of fields) expectForbiddenAt(res.body, ["enterprises", "nodes", i, f], f === "loans" ? "debt.loans" : "debt.guarantees");
    // Masked ID numbers: one entry, every place listed.
    const withRep = rows.map((r, i) => [r, i] as const).filter(([r]) => r.legalRepresentative);
    expect(withRep.length).toBeGreaterThan(0);
    expect(access.masked).toEqual([expect.objectContaining({ coordinate: "Person.idNumber", resource: "person.identifiers", count: withRep.length })]);
    expect(access.masked[0]!.paths.flatMap(expandPath).sort()).toEqual(withRep.map(([, i]) => `enterprises.nodes.${i}.legalRepresentative.idNumber`).sort());
    const reps = await db().enterprise.findMany({ where: { uscc: { in: withRep.map(([r]) => r.uscc) } }, include: { legalRepresentative: true } });
    for (const [r] of withRep) expect(r.legalRepresentative!.idNumber).toBe(maskIdNumber(reps.find((e) => e.uscc === r.uscc)!.legalRepresentative!.idNumber));
  });

  it("the report does not grow with the rows: 40 rows and 4 rows carry the same errors and entries", async () => {
    const [small, large] = await Promise.all([server.gql(QUERY, { n: 4 }, "DEVELOPMENT_REFORM"), server.gql(QUERY, { n: 40 }, "DEVELOPMENT_REFORM")]);
    const errors = (b: typeof small.body) => JSON.stringify(b.errors!.map(({ extensions, ...e }) => ({ ...e, extensions: { ...extensions, count: 0, requestId: "" } })));
    expect(errors(large.body)).toBe(errors(small.body));
    const denied = (b: typeof small.body) => JSON.stringify((b.extensions!.access as { denied: unknown[] }).denied).replace(/0-\d+/g, "0-n").replace(/"count":\d+/g, '"count":n');
    expect(denied(large.body)).toBe(denied(small.body));
    // The errors and the report together are a few hundred bytes, however many rows.
    expect(JSON.stringify(large.body.errors).length + JSON.stringify((large.body.extensions!.access as { denied: unknown }).denied).length).toBeLessThan(2_000);
  });
});
