// Complaints and reports received by the regulators (plan 二(二)2) over HTTP: each regulator owns
// what it received; the complainant's identity is its own resource, masked for county governments.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "../src/generated/prisma/client.ts";
import { maskIdNumber, maskName, maskPhone } from "../src/access/masking.ts";
import { idNumberCheckChar } from "../src/enterprise/id-number.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";

let server: TestServer;
let db: PrismaClient;
beforeAll(async () => {
  server = await startTestServer({ scale: 0.2 });
  db = server.running.db.prisma;
});
afterAll(() => server?.close());

type Issues = { issues: { field: string; rule: string }[] };
const issuesOf = (result: unknown) => (result as Issues).issues.map((i) => [i.field, i.rule]);
const iso = (d: Date) => d.toISOString().slice(0, 10);
const COUNTY_NAMES: Record<string, string> = { "441702": "江城区", "441704": "阳东区", "441721": "阳西县", "441781": "阳春市" };
let seq = 0;
const tag = () => `${process.pid % 10000}${String(++seq).padStart(3, "0")}`;

const LIST = `query($f: ComplaintFilter) { complaints(first: 200, filter: $f) { totalCount nodes { complaintNo receivedBy receivedOn status handledOn county { code } complainantName complainantIdNumber complainantPhone } } }`;
const UPSERT = `mutation($i: ComplaintInput!) { upsertComplaint(input: $i) {
  __typename ... on MutationUpsertComplaintSuccess { data { complaintNo version receivedBy status handledOn institution { code } history(first: 5) { nodes { action agency } } } }
  ... on ValidationError { issues { field rule message } } } }`;

describe("complaints (二(二)2)", () => {
  it("lists one regulator's open complaints, latest first, as stored", async () => {
    const res = await server.gql(LIST, { f: { receivedBy: ["CBRC"], status: ["RECEIVED", "IN_PROGRESS", "HANDLED"] } });
    const rows = await db.complaint.findMany({ where: { retiredAt: null, ownerAgency: "CBRC", status: { in: ["RECEIVED", "IN_PROGRESS", "HANDLED"] } }, orderBy: [{ receivedOn: "desc" }, { id: "asc" }] });
    expect(rows.length).toBeGreaterThan(1);
    expect(res.body.data.complaints).toEqual({
      totalCount: rows.length,
      nodes: rows.map((r) => ({ complaintNo: r.complaintNo, receivedBy: "CBRC", receivedOn: iso(r.receivedOn), status: r.status, handledOn: r.handledOn && iso(r.handledOn), county: { code: r.countyCode }, complainantName: r.complainantName, complainantIdNumber: r.complainantIdNumber, complainantPhone: r.complainantPhone })),
    });
  });

  it("a county government reads its own county's complaints, the complainant masked", async () => {
    const sample = await db.complaint.findFirstOrThrow({ where: { complainantIdNumber: { not: null } }, orderBy: { id: "asc" } });
    const res = await server.gql(LIST, {}, `COUNTY:${COUNTY_NAMES[sample.countyCode]}`);
    const rows = await db.complaint.findMany({ where: { retiredAt: null, countyCode: sample.countyCode }, orderBy: [{ receivedOn: "desc" }, { id: "asc" }] });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.complaints.totalCount).toBe(rows.length);
    expect(res.body.data.complaints.nodes.map((n: { complainantIdNumber: string | null; complainantName: string | null; complainantPhone: string | null }) => [n.complainantName, n.complainantIdNumber, n.complainantPhone])).toEqual(
      rows.map((r) => [r.complainantName && maskName(r.complainantName), r.complainantIdNumber && maskIdNumber(r.complainantIdNumber), r.complainantPhone && maskPhone(r.complainantPhone)]),
    );
    expect(JSON.stringify(res.body)).not.toContain(sample.complainantIdNumber);
    expect(((res.body.extensions as { access: { masked: unknown } }).access.masked as { resource: string }[]).map((m) => m.resource)).toContain("supervision.complainant");
  });

  it("is outside the view of an agency the clause does not name", async () => {
    const res = await server.gql(`{ complaints(first: 1) { totalCount } }`, {}, "COMMERCE");
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  it("the receiving regulator records and concludes its complaint; another regulator cannot change it", async () => {
    const bank = await db.institution.findFirstOrThrow({ where: { kind: "COMMERCIAL_BANK_BRANCH" }, orderBy: { id: "asc" } });
    const id = "44170219800101001" + idNumberCheckChar("44170219800101001");
    const input = { complaintNo: `TSTEST-${tag()}`, receivedOn: "2017-04-10", channel: "HOTLINE", county: "江城区", institution: bank.code, category: "FEES", summary: "反映贷款时被收取额外费用", status: "RECEIVED", complainantName: "李明", complainantIdNumber: id, complainantPhone: "13800138000" };
    const created = await server.gql(UPSERT, { i: input }, "CBRC");
    expect(created.body.data.upsertComplaint).toMatchObject({ __typename: "MutationUpsertComplaintSuccess", data: { version: 1, receivedBy: "CBRC", status: "RECEIVED", institution: { code: bank.code } } });
    const taken = await server.gql(UPSERT, { i: { ...input, status: "UNFOUNDED", handledOn: "2017-05-01" } }, "PBOC");
    expect(taken.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(JSON.stringify(taken.body)).not.toContain(id);
    const done = await server.gql(UPSERT, { i: { ...input, status: "HANDLED", handledOn: "2017-05-02", expectedVersion: 1 } }, "CBRC");
    expect(done.body.data.upsertComplaint.data).toMatchObject({ version: 2, status: "HANDLED", handledOn: "2017-05-02", receivedBy: "CBRC" });
    expect(done.body.data.upsertComplaint.data.history.nodes).toEqual([{ action: "UPDATE", agency: "CBRC" }, { action: "CREATE", agency: "CBRC" }]);
    expect((await db.complaint.findUniqueOrThrow({ where: { complaintNo: input.complaintNo } })).ownerAgency).toBe("CBRC");
  });

  it("names each bad field and rule, writing nothing", async () => {
    const input = { complaintNo: `TSTEST-${tag()}`, receivedOn: "2017-04-10", channel: "LETTER", county: "441700", category: "OTHER", summary: "x", status: "HANDLED", handledOn: "2017-04-01", complainantIdNumber: "441702198001010010", complainantPhone: "12345" };
    const res = await server.gql(UPSERT, { i: input }, "INSURANCE_ASSOC");
    expect(issuesOf(res.body.data.upsertComplaint)).toEqual([
      ["input.complainantIdNumber", expect.any(String)],
      ["input.complainantPhone", "format"],
      ["input.county", "exists"],
      ["input.institution", "subjectRequired"],
      ["input.handledOn", "dateOrder"],
    ]);
    expect(await db.complaint.count({ where: { complaintNo: input.complaintNo } })).toBe(0);
  });
});

describe("actual controllers (二(四)2 joint punishment targets)", () => {
  const Q = `query($u: String!) { enterprise(uscc: $u) { actualController { basis shareRatio person { name idNumber } } } }`;
  const LIST = `query($f: ActualControllerFilter) { actualControllers(first: 500, filter: $f) { totalCount nodes { enterprise { uscc } } } }`;
  const UPSERT = `mutation($i: ActualControllerInput!) { upsertActualController(input: $i) {
    __typename ... on MutationUpsertActualControllerSuccess { data { version basis shareRatio person { name } enterprise { uscc } history(first: 3) { nodes { action agency } } } }
    ... on ValidationError { issues { field rule message } } } }`;

  it("reads the controller; the ID number is masked for the same agencies as a legal representative's", async () => {
    const c = await db.actualController.findFirstOrThrow({ include: { enterprise: true, person: true }, orderBy: { id: "asc" } });
    const clear = await server.gql(Q, { u: c.enterprise.uscc }, "MARKET_REGULATION");
    expect(clear.body.data.enterprise.actualController).toEqual({ basis: c.basis, shareRatio: c.shareRatio?.toFixed() ?? null, person: { name: c.person.name, idNumber: c.person.idNumber } });
    const masked = await server.gql(Q, { u: c.enterprise.uscc }, "CBRC");
    expect(masked.body.data.enterprise.actualController.person).toEqual({ name: c.person.name, idNumber: maskIdNumber(c.person.idNumber) });
    expect(JSON.stringify(masked.body)).not.toContain(c.person.idNumber);
    const denied = await server.gql(`query($u: String!) { enterprise(uscc: $u) { name actualController { basis } } }`, { u: c.enterprise.uscc }, "COMMERCE");
    expect(JSON.stringify(denied.body)).not.toContain(`"${c.basis}"`);
  });

  it("lists the controllers of enterprises on the debt-evasion list", async () => {
    const res = await server.gql(LIST, { f: { enterpriseOnList: ["DEBT_EVASION"] } });
    const expected = await db.actualController.findMany({
      where: { retiredAt: null, enterprise: { dishonestyRecords: { some: { list: "DEBT_EVASION", status: "ACTIVE", deletedAt: null } } } },
      orderBy: [{ enterpriseId: "asc" }, { id: "asc" }],
      include: { enterprise: true },
    });
    expect(expected.length).toBeGreaterThan(0);
    expect(res.body.data.actualControllers).toEqual({ totalCount: expected.length, nodes: expected.map((c) => ({ enterprise: { uscc: c.enterprise.uscc } })) });
  });

  it("MARKET_REGULATION identifies a controller, registering a new person; bad input names field and rule", async () => {
    const e = await db.enterprise.findFirstOrThrow({ where: { actualController: null }, orderBy: { id: "asc" } });
    const body17 = "44170419750315002";
    const person = { name: "王测试", idNumber: body17 + idNumberCheckChar(body17) };
    const bad = await server.gql(UPSERT, { i: { enterpriseUscc: e.uscc, person, basis: "EQUITY", identifiedOn: "2017-01-01" } }, "MARKET_REGULATION");
    expect(issuesOf(bad.body.data.upsertActualController)).toEqual([["input.shareRatio", "required"]]);
    expect(await db.person.count({ where: { idNumber: person.idNumber } })).toBe(0);
    const ok = await server.gql(UPSERT, { i: { enterpriseUscc: e.uscc, person, basis: "EQUITY", shareRatio: "0.62", identifiedOn: "2017-01-01" } }, "MARKET_REGULATION");
    expect(ok.body.data.upsertActualController.data).toEqual({ version: 1, basis: "EQUITY", shareRatio: "0.62", person: { name: "王测试" }, enterprise: { uscc: e.uscc }, history: { nodes: [{ action: "CREATE", agency: "MARKET_REGULATION" }] } });
    const renamed = await server.gql(UPSERT, { i: { enterpriseUscc: e.uscc, person: { ...person, name: "王另名" }, basis: "FAMILY", identifiedOn: "2017-01-01" } }, "MARKET_REGULATION");
    expect(issuesOf(renamed.body.data.upsertActualController)).toEqual([["input.person.name", "matchesRegistry"]]);
  });
});
