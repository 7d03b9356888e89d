// County governments see only their own county's rows (src/access/row-scope.ts), whatever the entry
// point: lists and their totalCount, counts and aggregates computed in SQL, lookups by natural key
// and by global id, and relations. Checked for 阳东区 (441704) against the database itself.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Prisma } from "../src/generated/prisma/client.ts";
import { onPostgres } from "./helpers/backend.ts";
import { newUscc } from "./helpers/factories.ts";
import { openResources } from "./helpers/policy.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import { at, expectAbsent, expectForbiddenAt, globalId } from "./helpers/attack.ts";

const CODE = "441704";
const AS = "COUNTY:阳东区";
const ELSEWHERE = { not: CODE };
let server: TestServer;
const db = () => server.running.db.prisma;

beforeAll(async () => {
  server = await startTestServer({ scale: 0.2 });
});
afterAll(() => server?.close());

type County = string | Prisma.StringFilter | undefined;

// Each list, where a row says its county, and the database's count of rows in a county
// (undefined: the whole city), with the same conditions the list applies (not retired, not deleted).
const LISTS: { list: string; county: string; path: string[]; count: (c: County) => Promise<number> }[] = [
  { list: "enterprises", county: "county { code }", path: ["county", "code"], count: (c) => db().enterprise.count({ where: { retiredAt: null, countyCode: c } }) },
  { list: "bonds", county: "issuer { county { code } }", path: ["issuer", "county", "code"], count: (c) => db().bond.count({ where: { retiredAt: null, issuer: { countyCode: c } } }) },
  { list: "governmentDebts", county: "county { code }", path: ["county", "code"], count: (c) => db().governmentDebt.count({ where: { retiredAt: null, countyCode: c } }) },
  { list: "dishonestyRecords", county: "county { code }", path: ["county", "code"], count: (c) => db().dishonestyRecord.count({ where: { deletedAt: null, countyCode: c } }) },
  { list: "fundraisingClues", county: "county { code }", path: ["county", "code"], count: (c) => db().fundraisingClue.count({ where: { retiredAt: null, countyCode: c } }) },
  { list: "tradingVenues", county: "county { code }", path: ["county", "code"], count: (c) => db().tradingVenue.count({ where: { retiredAt: null, countyCode: c } }) },
];

// Each single lookup by natural key: a record of the county or elsewhere, and a key nothing has.
const LOOKUPS: { field: string; arg: string; type: string; find: (c: County) => Promise<{ id: number; key: string }>; missing: string }[] = [
  { field: "enterprise", arg: "uscc", type: "Enterprise", missing: newUscc("441702"), find: (c) => db().enterprise.findFirstOrThrow({ where: { retiredAt: null, countyCode: c } }).then((r) => ({ id: r.id, key: r.uscc })) },
  { field: "bond", arg: "code", type: "Bond", missing: "000000", find: (c) => db().bond.findFirstOrThrow({ where: { retiredAt: null, issuer: { countyCode: c } } }).then((r) => ({ id: r.id, key: r.code })) },
  { field: "dishonestyRecord", arg: "documentNo", type: "DishonestyRecord", missing: "(2099)粤1702执1号", find: (c) => db().dishonestyRecord.findFirstOrThrow({ where: { deletedAt: null, countyCode: c } }).then((r) => ({ id: r.id, key: r.documentNo })) },
  { field: "governmentDebt", arg: "debtNo", type: "GovernmentDebt", missing: "ZW441702209900001", find: (c) => db().governmentDebt.findFirstOrThrow({ where: { retiredAt: null, countyCode: c } }).then((r) => ({ id: r.id, key: r.debtNo })) },
  { field: "fundraisingClue", arg: "clueNo", type: "FundraisingClue", missing: "阳处非线〔2099〕1号", find: (c) => db().fundraisingClue.findFirstOrThrow({ where: { retiredAt: null, countyCode: c } }).then((r) => ({ id: r.id, key: r.clueNo })) },
  { field: "tradingVenue", arg: "code", type: "TradingVenue", missing: "JYCS4417999", find: (c) => db().tradingVenue.findFirstOrThrow({ where: { retiredAt: null, countyCode: c } }).then((r) => ({ id: r.id, key: r.code })) },
];

describe(`county row scope for 阳东区 (${onPostgres ? "PostgreSQL" : "PGlite"})`, () => {
  it.each(LISTS)("$list: only 441704's rows, and totalCount is the database's count of them", async ({ list, county, path, count }) => {
    const [own, city] = await Promise.all([count(CODE), count(undefined)]);
    // The county has rows, and other counties have rows that could leak.
    expect(own).toBeGreaterThan(0);
    expect(city).toBeGreaterThan(own);
    const res = await server.gql(`{ l: ${list}(first: 500) { totalCount nodes { ${county} } } }`, {}, AS);
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    expect(res.body.data.l.totalCount).toBe(own);
    expect(res.body.data.l.nodes).toHaveLength(Math.min(own, 500));
    expect(new Set(res.body.data.l.nodes.map((n: unknown) => at(n, path)))).toEqual(new Set([CODE]));
    // Asking for another county by name finds nothing (the filter and the scope are both applied).
    const other = await server.gql(`{ l: ${list}(first: 5, filter: { county: "江城区" }) { totalCount nodes { ${county} } } }`, {}, AS);
    expect(other.body.data.l).toEqual({ totalCount: 0, nodes: [] });
  });

  it("counts and aggregates computed in SQL cover 441704 only", async () => {
    const window = { from: "2000-01-01", to: "2100-12-31" };
    const res = await server.gql(
      `query($from: Date!, $to: Date!) { enterpriseCounts(groupBy: [COUNTY]) { countyCode count } dishonestyRecordCounts(groupBy: [COUNTY]) { countyCode count }
        fundraisingClueCounts(groupBy: [COUNTY]) { countyCode count amountInvolved } governmentDebtTotals(groupBy: []) { count principal balance }
        debtsByCounty: governmentDebtTotals(groupBy: [COUNTY]) { countyCode count } elsewhere: enterpriseCounts(groupBy: [COUNTY], filter: { county: "441702" }) { count }
        bondPaymentsDue(from: $from, to: $to) { totals { count amountDue } groups(by: [COUNTY]) { county { code } count amountDue } items(first: 1) { totalCount } } }`,
      window,
      AS,
    );
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    const d = res.body.data;
    expect(d.enterpriseCounts).toEqual([{ countyCode: CODE, count: await db().enterprise.count({ where: { retiredAt: null, countyCode: CODE } }) }]);
    expect(d.dishonestyRecordCounts).toEqual([{ countyCode: CODE, count: await db().dishonestyRecord.count({ where: { deletedAt: null, countyCode: CODE } }) }]);
    expect(d.elsewhere).toEqual([]);
    const clues = await db().fundraisingClue.aggregate({ where: { retiredAt: null, countyCode: CODE }, _count: { _all: true }, _sum: { amountInvolved: true } });
    expect(d.fundraisingClueCounts).toEqual([{ countyCode: CODE, count: clues._count._all, amountInvolved: clues._sum.amountInvolved!.toFixed() }]);
    const debts = await db().governmentDebt.aggregate({ where: { retiredAt: null, countyCode: CODE }, _count: { _all: true }, _sum: { principal: true, balance: true } });
    expect(d.governmentDebtTotals).toEqual([{ count: debts._count._all, principal: debts._sum.principal!.toFixed(), balance: debts._sum.balance!.toFixed() }]);
    expect(d.debtsByCounty).toEqual([{ countyCode: CODE, count: debts._count._all }]);
    const dueWhere = (c: County) => ({ dueDate: { gte: new Date(window.from), lte: new Date(window.to) }, bond: { retiredAt: null, issuer: { countyCode: c } } });
    const due = await db().bondScheduleItem.aggregate({ where: dueWhere(CODE), _count: { _all: true }, _sum: { amountDue: true } });
    expect(due._count._all).toBeGreaterThan(0);
    expect(await db().bondScheduleItem.count({ where: dueWhere(undefined) })).toBeGreaterThan(due._count._all);
    const totals = { count: due._count._all, amountDue: due._sum.amountDue!.toFixed() };
    expect(d.bondPaymentsDue.totals).toEqual(totals);
    expect(d.bondPaymentsDue.groups).toEqual([{ county: { code: CODE }, ...totals }]);
    expect(d.bondPaymentsDue.items.totalCount).toBe(totals.count);
  });

  it.each(LOOKUPS)("$field($arg:) and node(id:) of another county's $type answer exactly as one that does not exist", async ({ field, arg, type, find, missing }) => {
    const [own, other] = await Promise.all([find(CODE), find(ELSEWHERE)]);
    const byKey = `query($k: String!) { r: ${field}(${arg}: $k) { id } }`;
    // The county's own record is found, so a null below means something.
    expect((await server.gql(byKey, { k: own.key }, AS)).body.data.r).toEqual({ id: globalId(type, own.id) });
    const none = await server.gql(byKey, { k: missing }, AS);
    expect(none.body).toMatchObject({ data: { r: null } });
    expect((await server.gql(byKey, { k: other.key }, AS)).body).toEqual(none.body);

    const byId = `query($id: ID!) { node(id: $id) { id } }`;
    expect((await server.gql(byId, { id: globalId(type, own.id) }, AS)).body.data.node).toEqual({ id: globalId(type, own.id) });
    const noId = await server.gql(byId, { id: globalId(type, 2_000_000_000) }, AS);
    expect(noId.body).toMatchObject({ data: { node: null } });
    expect((await server.gql(byId, { id: globalId(type, other.id) }, AS)).body).toEqual(noId.body);
    const many = await server.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: [globalId(type, other.id), globalId(type, own.id), globalId(type, 2_000_000_000)] }, AS);
    expect(many.body.data.nodes).toEqual([null, { id: globalId(type, own.id) }, null]);
  });

  it("counties: only its own is listed; another county, by code or by name, answers as one that does not exist", async () => {
    const res = await server.gql(`{ counties { code } own: county(county: "441704") { code } byCode: county(county: "441702") { code } byName: county(county: "阳春市") { code } none: county(county: "441799") { code } }`, {}, AS);
    expect(res.body).toMatchObject({ data: { counties: [{ code: CODE }], own: { code: CODE }, byCode: null, byName: null, none: null } });
    expect(res.body.errors).toBeUndefined();
  });

  it("another county's enterprise reached through a guarantee is withheld, and the error does not name it", async () => {
    // Guarantees are conditional for counties: opened here so that the relation itself can be tried.
    await openResources(server, "COUNTY", ["debt.guarantees"]);
    const g = await db().guarantee.findFirstOrThrow({
      where: { retiredAt: null, borrower: { countyCode: CODE }, guarantor: { countyCode: ELSEWHERE } },
      include: { borrower: true, guarantor: true },
      orderBy: { id: "asc" },
    });
    const res = await server.gql(
      `query($c: String!, $u: String!) { guarantee(contractNo: $c) { contractNo borrower { uscc } guarantor { uscc name county { code } legalRepresentative { name } } }
        enterprise(uscc: $u) { guaranteesReceived(first: 500) { nodes { contractNo guarantor { uscc name } } } } }`,
      { c: g.contractNo, u: g.borrower.uscc },
      AS,
    );
    // The guarantee concerns the county (its borrower is there); its guarantor is not the county's to see.
    expect(res.body.data.guarantee).toMatchObject({ contractNo: g.contractNo, borrower: { uscc: g.borrower.uscc } });
    for (const f of ["uscc", "name", "county"]) expectForbiddenAt(res.body, ["guarantee", "guarantor", f], "enterprise.registration");
    expectForbiddenAt(res.body, ["guarantee", "guarantor", "legalRepresentative"], "person.identity");
    const received = res.body.data.enterprise.guaranteesReceived.nodes.find((n: { contractNo: string }) => n.contractNo === g.contractNo);
    expect(received.guarantor).toEqual({ uscc: null, name: null });
    expect(new Set(res.body.errors!.map((e) => e.message))).toEqual(new Set(["Forbidden: the record is outside your county."]));
    expectAbsent(res.body, g.guarantor.uscc, g.guarantor.name);
    // Nor is the guarantor found by its global id.
    const node = await server.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: globalId("Enterprise", g.guarantor.id) }, AS);
    expect(node.body.data.node).toBeNull();
  });
});
