// Local government debt (DOMAIN.md §4): reads checked against SQL on the seeded data, FISCAL's writes,
// county row scope, and the statement count of the main list.
import { AS_OF } from "../src/seed/calendar.ts";
import { expectNotCallable } from "./helpers/attack.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "../src/generated/prisma/client.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import { newUscc } from "./helpers/factories.ts";
import {
  BondOnLendingsDocument,
  CountyGovernmentDebtDocument,
  EnterprisePlatformDocument,
  FinancingPlatformDocument,
  FinancingPlatformsDocument,
  GovernmentDebtDocument,
  GovernmentDebtPageDocument,
  GovernmentDebtsDocument,
  GovernmentDebtTotalsDocument,
  PppProjectDocument,
  PppProjectsDocument,
  RecordDebtReplacementDocument,
  RetireGovernmentDebtDocument,
  UpsertBondOnLendingDocument,
  UpsertFinancingPlatformDocument,
  UpsertGovernmentDebtDocument,
  UpsertPppProjectDocument,
} from "./generated/graphql.ts";

let server: TestServer;
const db = () => server.running.db.prisma;
beforeAll(async () => {
  server = await startTestServer({ scale: 0.1 });
});
afterAll(() => server?.close());

const FISCAL = "FISCAL";
const YANGDONG = "COUNTY:阳东区";
const dec = (v: string | number | Prisma.Decimal | null) => new Prisma.Decimal(v ?? 0).toFixed();
const iso = (d: Date) => d.toISOString().slice(0, 10);
const CONTINGENT = ["CONTINGENT_GUARANTEE", "CONTINGENT_RESCUE"];
/** The business date of a demo database: the dataset's as-of date (src/clock.ts), a UTC midnight. */
const todayCst = (): Date => AS_OF;
type Issues = { issues: Array<{ field: string; rule: string }> };
const issuesOf = (result: unknown) => (result as Issues).issues.map((i) => [i.field, i.rule]);

let debtSeq = 0;
const debtInput = (overrides: Record<string, unknown> = {}) => ({
  debtNo: `ZWTEST${process.pid}${++debtSeq}`,
  county: "441704",
  debtClass: "SPECIAL" as const,
  instrument: "BANK_LOAN" as const,
  borrowerUnit: "阳江市阳东区交通运输局",
  principal: "80000000.00",
  balance: "60000000.00",
  startDate: "2017-03-01",
  maturityDate: "2030-03-01",
  ...overrides,
});

describe("government debt reads", () => {
  it("filters by class and county and orders by balance, as the database does", async () => {
    const res = await server.gql(GovernmentDebtsDocument, { filter: { classes: ["GENERAL", "SPECIAL"], county: "阳江市" }, orderBy: [{ field: "BALANCE", direction: "DESC" }], first: 500 });
    expect(res.body.errors).toBeUndefined();
    const expected = await db().governmentDebt.findMany({
      where: { debtClass: { in: ["GENERAL", "SPECIAL"] }, countyCode: "441700", retiredAt: null },
      orderBy: [{ balance: "desc" }, { id: "asc" }],
    });
    expect(expected.length).toBeGreaterThan(0);
    const nodes = res.body.data!.governmentDebts!.nodes!;
    expect(nodes.map((n) => [n!.debtNo, n!.balance, n!.county!.code, n!.isContingent])).toEqual(expected.map((d) => [d.debtNo, dec(d.balance), "441700", false]));
    expect(res.body.data!.governmentDebts!.totalCount).toBe(expected.length);
  });

  it("filters by maturity and balance ranges, instrument and platform", async () => {
    const filter = { maturityDate: { from: "2027-01-01", to: "2035-12-31" }, balance: { min: "1000000" }, instruments: ["BANK_LOAN", "TRUST", "GOVERNMENT_BOND"] as const };
    const res = await server.gql(GovernmentDebtsDocument, { filter: { ...filter, instruments: [...filter.instruments] }, first: 500 });
    const expected = await db().governmentDebt.findMany({
      where: { retiredAt: null, maturityDate: { gte: new Date("2027-01-01"), lte: new Date("2035-12-31") }, balance: { gte: 1_000_000 }, instrument: { in: [...filter.instruments] } },
      orderBy: { id: "asc" },
    });
    expect(res.body.data!.governmentDebts!.nodes!.map((n) => n!.debtNo)).toEqual(expected.map((d) => d.debtNo));

    const tied = await db().governmentDebt.findFirstOrThrow({ where: { platformId: { not: null } }, include: { platform: { include: { enterprise: true } } } });
    const uscc = tied.platform!.enterprise.uscc;
    const byPlatform = await server.gql(GovernmentDebtsDocument, { filter: { platform: uscc }, first: 500 });
    const platformDebts = await db().governmentDebt.findMany({ where: { platformId: tied.platformId, retiredAt: null }, orderBy: { id: "asc" } });
    expect(byPlatform.body.data!.governmentDebts!.nodes!.map((n) => [n!.debtNo, n!.platform!.enterprise!.uscc])).toEqual(platformDebts.map((d) => [d.debtNo, uscc]));
  });

  it("derives isContingent from the class and daysToMaturity from today in China", async () => {
    const res = await server.gql(GovernmentDebtsDocument, { first: 500 });
    const rows = await db().governmentDebt.findMany({ where: { retiredAt: null }, orderBy: { id: "asc" } });
    const today = todayCst().getTime();
    expect(res.body.data!.governmentDebts!.nodes!.map((n) => [n!.debtNo, n!.isContingent, n!.daysToMaturity])).toEqual(
      rows.map((d) => [d.debtNo, CONTINGENT.includes(d.debtClass), Math.round((d.maturityDate.getTime() - today) / 86_400_000)]),
    );
    expect(rows.some((d) => CONTINGENT.includes(d.debtClass))).toBe(true);
  });

  it("pages with stable cursors under an ordering", async () => {
    const orderBy = [{ field: "MATURITY_DATE" as const, direction: "DESC" as const }];
    const six = await server.gql(GovernmentDebtsDocument, { orderBy, first: 6 });
    const p1 = await server.gql(GovernmentDebtsDocument, { orderBy, first: 3 });
    const p2 = await server.gql(GovernmentDebtsDocument, { orderBy, first: 3, after: p1.body.data!.governmentDebts!.pageInfo.endCursor });
    expect([...p1.body.data!.governmentDebts!.nodes!, ...p2.body.data!.governmentDebts!.nodes!].map((n) => n!.debtNo)).toEqual(six.body.data!.governmentDebts!.nodes!.map((n) => n!.debtNo));
  });

  it("totals by class and county equal direct SQL sums, direct and contingent apart", async () => {
    const res = await server.gql(GovernmentDebtTotalsDocument, { groupBy: ["CLASS", "COUNTY"] });
    const sql = await db().$queryRawUnsafe<Array<{ county_code: string; debt_class: string; n: number; p: Prisma.Decimal; b: Prisma.Decimal }>>(
      `SELECT county_code, debt_class::text, count(*)::int AS n, sum(principal) AS p, sum(balance) AS b
       FROM government_debt WHERE retired_at IS NULL GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    const key = (c: string | null, k: string | null) => `${c}/${k}`;
    const got = res.body.data!.governmentDebtTotals!.map((t) => [key(t.countyCode, t.debtClass), t.count, t.principal, t.balance, t.directBalance, t.contingentBalance]);
    const want = sql.map((r) => {
      const contingent = CONTINGENT.includes(r.debt_class);
      return [key(r.county_code, r.debt_class), r.n, dec(r.p), dec(r.b), contingent ? "0" : dec(r.b), contingent ? dec(r.b) : "0"];
    });
    expect([...got].sort()).toEqual([...want].sort());

    const byCounty = await server.gql(GovernmentDebtTotalsDocument, { groupBy: ["COUNTY"], filter: { instruments: ["BANK_LOAN", "TRUST", "BT_PROJECT", "OTHER"] } });
    const sql2 = await db().$queryRawUnsafe<Array<{ county_code: string; n: number; b: Prisma.Decimal; c: Prisma.Decimal | null; d: Prisma.Decimal | null }>>(
      `SELECT county_code, count(*)::int AS n, sum(balance) AS b,
              sum(balance) FILTER (WHERE debt_class IN ('CONTINGENT_GUARANTEE', 'CONTINGENT_RESCUE')) AS c,
              sum(balance) FILTER (WHERE debt_class IN ('GENERAL', 'SPECIAL')) AS d
       FROM government_debt WHERE retired_at IS NULL AND instrument <> 'GOVERNMENT_BOND' GROUP BY 1 ORDER BY 1`,
    );
    expect(byCounty.body.data!.governmentDebtTotals!.map((t) => [t.countyCode, t.debtClass, t.count, t.balance, t.contingentBalance, t.directBalance])).toEqual(
      sql2.map((r) => [r.county_code, null, r.n, dec(r.b), dec(r.c), dec(r.d)]),
    );

    const grand = await server.gql(GovernmentDebtTotalsDocument, { groupBy: [] });
    const [all] = await db().$queryRawUnsafe<Array<{ n: number; b: Prisma.Decimal }>>(`SELECT count(*)::int AS n, sum(balance) AS b FROM government_debt WHERE retired_at IS NULL`);
    expect(grand.body.data!.governmentDebtTotals).toEqual([expect.objectContaining({ countyCode: null, debtClass: null, count: all!.n, balance: dec(all!.b) })]);
  });

  it("traverses from each county to its debt, balance, platforms, PPP projects and on-lendings", async () => {
    const res = await server.gql(CountyGovernmentDebtDocument);
    expect(res.body.errors).toBeUndefined();
    const counties = res.body.data!.counties!;
    expect(counties.map((c) => c!.code)).toEqual(["441700", "441702", "441704", "441721", "441781"]);
    for (const c of counties) {
      const code = c!.code;
      const [debts, platforms, ppp, onLending, sum] = await Promise.all([
        db().governmentDebt.findMany({ where: { countyCode: code, retiredAt: null }, orderBy: [{ maturityDate: "asc" }, { id: "asc" }] }),
        db().financingPlatform.count({ where: { countyCode: code, retiredAt: null } }),
        db().pppProject.count({ where: { countyCode: code, retiredAt: null } }),
        db().bondOnLending.findMany({ where: { countyCode: code }, orderBy: [{ lentOn: "asc" }, { id: "asc" }] }),
        db().governmentDebt.aggregate({ where: { countyCode: code, retiredAt: null }, _sum: { balance: true } }),
      ]);
      expect(c!.governmentDebts!.nodes!.map((d) => d!.debtNo), code).toEqual(debts.map((d) => d.debtNo));
      expect(c!.governmentDebts!.totalCount).toBe(debts.length);
      expect(c!.governmentDebtBalance, code).toBe(dec(sum._sum.balance));
      expect([c!.platforms!.totalCount, c!.pppProjects!.totalCount]).toEqual([platforms, ppp]);
      expect(c!.bondOnLendings!.nodes!.map((o) => [o!.referenceNo, o!.amount])).toEqual(onLending.map((o) => [o.referenceNo, dec(o.amount)]));
    }
    expect(counties[0]!.platforms!.totalCount).toBeGreaterThan(0);
  });

  it("links a platform enterprise to its platform record and debts; other enterprises have none", async () => {
    const platform = await db().financingPlatform.findFirstOrThrow({ where: { debts: { some: {} } }, include: { enterprise: true, debts: { where: { retiredAt: null }, orderBy: { id: "asc" } } } });
    const res = await server.gql(EnterprisePlatformDocument, { uscc: platform.enterprise.uscc });
    expect(res.body.data!.enterprise!.platform).toEqual({
      county: { code: platform.countyCode },
      transformationStatus: platform.transformationStatus,
      supervisingDepartment: platform.supervisingDepartment,
      debts: { totalCount: platform.debts.length, nodes: platform.debts.map((d) => ({ debtNo: d.debtNo })) },
    });
    const plain = await db().enterprise.findFirstOrThrow({ where: { platform: { is: null } } });
    expect((await server.gql(EnterprisePlatformDocument, { uscc: plain.uscc })).body.data!.enterprise!.platform).toBeNull();
  });

  it("lists platforms by level and status, PPP projects with their remaining obligation, and on-lendings by class", async () => {
    const platforms = await server.gql(FinancingPlatformsDocument, { filter: { county: "441700", statuses: ["IN_PROGRESS", "TRANSFORMED"] } });
    const expected = await db().financingPlatform.findMany({ where: { countyCode: "441700", transformationStatus: { in: ["IN_PROGRESS", "TRANSFORMED"] } }, include: { enterprise: true }, orderBy: { id: "asc" } });
    expect(platforms.body.data!.financingPlatforms!.nodes!.map((p) => [p!.enterprise!.uscc, p!.transformationStatus])).toEqual(expected.map((p) => [p.enterprise.uscc, p.transformationStatus]));

    const ppp = await server.gql(PppProjectsDocument, { filter: { statuses: ["EXECUTION", "PROCUREMENT", "PREPARATION"] } });
    const rows = await db().pppProject.findMany({ where: { status: { in: ["EXECUTION", "PROCUREMENT", "PREPARATION"] } }, orderBy: [{ startDate: "asc" }, { id: "asc" }] });
    const today = todayCst();
    const remaining = (start: Date, term: number) => Array.from({ length: term }, (_, k) => new Date(Date.UTC(start.getUTCFullYear() + k + 1, start.getUTCMonth(), start.getUTCDate()))).filter((d) => d > today).length;
    expect(ppp.body.data!.pppProjects!.nodes!.map((p) => [p!.projectNo, p!.remainingGovernmentObligation])).toEqual(
      rows.map((p) => [p.projectNo, dec(p.annualGovernmentPayment.mul(remaining(p.startDate, p.termYears)))]),
    );
    const handedOver = await server.gql(PppProjectsDocument, { filter: { statuses: ["HANDOVER"] } });
    for (const p of handedOver.body.data!.pppProjects!.nodes!) expect(p!.remainingGovernmentObligation).toBe("0");

    const special = await server.gql(BondOnLendingsDocument, { filter: { classes: ["SPECIAL"], lentOn: { from: "2018-01-01" } } });
    const specialRows = await db().bondOnLending.findMany({ where: { debtClass: "SPECIAL", lentOn: { gte: new Date("2018-01-01") } }, orderBy: [{ lentOn: "asc" }, { id: "asc" }] });
    expect(special.body.data!.bondOnLendings!.nodes!.map((o) => o!.referenceNo)).toEqual(specialRows.map((o) => o.referenceNo));
  });

  it("costs the same number of SQL statements for a page of 5 as for a page of 50", async () => {
    const five = await server.gql(GovernmentDebtPageDocument, { first: 5 });
    const fifty = await server.gql(GovernmentDebtPageDocument, { first: 50 });
    expect(five.body.errors).toBeUndefined();
    expect(fifty.body.data!.governmentDebts!.nodes!.length).toBeGreaterThan(5);
    expect(fifty.body.data!.governmentDebts!.nodes!.some((n) => n!.platform && n!.replacements!.nodes!.length)).toBe(true);
    expect(five.body.extensions!.statements).toBe(fifty.body.extensions!.statements);
  });
});

describe("county row scope", () => {
  it("shows a county government only its own debt, totals, platforms, projects and on-lendings", async () => {
    const list = await server.gql(GovernmentDebtsDocument, { first: 500 }, YANGDONG);
    const own = await db().governmentDebt.findMany({ where: { countyCode: "441704", retiredAt: null }, orderBy: { id: "asc" } });
    expect(own.length).toBeGreaterThan(0);
    expect(list.body.data!.governmentDebts!.nodes!.map((n) => [n!.debtNo, n!.county!.code])).toEqual(own.map((d) => [d.debtNo, "441704"]));
    expect(list.body.data!.governmentDebts!.totalCount).toBe(own.length);

    const totals = await server.gql(GovernmentDebtTotalsDocument, { groupBy: ["COUNTY"] }, YANGDONG);
    const sum = await db().governmentDebt.aggregate({ where: { countyCode: "441704", retiredAt: null }, _sum: { balance: true } });
    expect(totals.body.data!.governmentDebtTotals!.map((t) => [t.countyCode, t.count, t.balance])).toEqual([["441704", own.length, dec(sum._sum.balance)]]);

    const counties = await server.gql(CountyGovernmentDebtDocument, undefined, YANGDONG);
    expect(counties.body.data!.counties!.map((c) => [c!.code, c!.governmentDebtBalance])).toEqual([["441704", dec(sum._sum.balance)]]);

    const platforms = await server.gql(FinancingPlatformsDocument, {}, YANGDONG);
    const ppp = await server.gql(PppProjectsDocument, {}, YANGDONG);
    const onLending = await server.gql(BondOnLendingsDocument, {}, YANGDONG);
    expect(platforms.body.data!.financingPlatforms!.nodes!.map((p) => p!.county!.code)).toEqual(Array(await db().financingPlatform.count({ where: { countyCode: "441704" } })).fill("441704"));
    expect(ppp.body.data!.pppProjects!.nodes!.map((p) => p!.county!.code)).toEqual(Array(await db().pppProject.count({ where: { countyCode: "441704" } })).fill("441704"));
    expect(onLending.body.data!.bondOnLendings!.totalCount).toBe(await db().bondOnLending.count({ where: { countyCode: "441704" } }));
    for (const o of onLending.body.data!.bondOnLendings!.nodes!) expect(o!.county!.code).toBe("441704");

    const elsewhere = await db().governmentDebt.findFirstOrThrow({ where: { countyCode: "441700" } });
    expect((await server.gql(GovernmentDebtDocument, { debtNo: elsewhere.debtNo }, YANGDONG)).body.data!.governmentDebt).toBeNull();
  });
});

describe("government debt writes", () => {
  it("creates and updates a debt item with history, tied to a platform of its county", async () => {
    const platform = await db().financingPlatform.findFirstOrThrow({ where: { countyCode: "441704" }, include: { enterprise: true } });
    const input = debtInput({ platform: platform.enterprise.uscc });
    const created = await server.gql(UpsertGovernmentDebtDocument, { input }, FISCAL);
    expect(created.body.data!.upsertGovernmentDebt).toMatchObject({
      __typename: "MutationUpsertGovernmentDebtSuccess",
      data: { debtNo: input.debtNo, version: 1, balance: "60000000", isContingent: false, platform: { enterprise: { uscc: platform.enterprise.uscc } } },
    });
    const updated = await server.gql(UpsertGovernmentDebtDocument, { input: { ...input, balance: "55000000.00", expectedVersion: 1 } }, FISCAL);
    expect(updated.body.data!.upsertGovernmentDebt).toMatchObject({ data: { balance: "55000000", version: 2 } });
    const read = await server.gql(GovernmentDebtDocument, { debtNo: input.debtNo });
    const history = read.body.data!.governmentDebt!.history!.nodes!;
    expect(history.map((h) => [h!.action, h!.version, h!.agency])).toEqual([
      ["UPDATE", 2, "FISCAL"],
      ["CREATE", 1, "FISCAL"],
    ]);
    expect(JSON.parse(history[0]!.changes!)).toEqual({ balance: { old: "60000000", new: "55000000" } });
  });

  it("accepts a city-level platform for a county debt, refuses another county's", async () => {
    const city = await db().financingPlatform.findFirstOrThrow({ where: { countyCode: "441700" }, include: { enterprise: true } });
    const other = await db().financingPlatform.findFirstOrThrow({ where: { countyCode: "441781" }, include: { enterprise: true } });
    const ok = await server.gql(UpsertGovernmentDebtDocument, { input: debtInput({ platform: city.enterprise.uscc, debtClass: "CONTINGENT_GUARANTEE" }) }, FISCAL);
    expect(ok.body.data!.upsertGovernmentDebt).toMatchObject({ data: { isContingent: true, platform: { enterprise: { uscc: city.enterprise.uscc } } } });
    // The county sees its own debt, but not the city's platform behind it.
    const debtNo = (ok.body.data!.upsertGovernmentDebt as { data: { debtNo: string } }).data.debtNo;
    const asCounty = await server.gql(GovernmentDebtDocument, { debtNo }, YANGDONG);
    expect([asCounty.body.data!.governmentDebt!.debtNo, asCounty.body.data!.governmentDebt!.platform]).toEqual([debtNo, null]);
    const refused = await server.gql(UpsertGovernmentDebtDocument, { input: debtInput({ platform: other.enterprise.uscc }) }, FISCAL);
    expect(issuesOf(refused.body.data!.upsertGovernmentDebt)).toEqual([["input.platform", "sameLevel"]]);
  });

  it("reports every bad field at once and writes nothing", async () => {
    const input = debtInput({ county: "999999", principal: "-5", balance: "90000000.00", maturityDate: "2016-01-01", platform: newUscc("441704"), borrowerUnit: " " });
    const res = await server.gql(UpsertGovernmentDebtDocument, { input }, FISCAL);
    expect(issuesOf(res.body.data!.upsertGovernmentDebt)).toEqual(
      expect.arrayContaining([
        ["input.borrowerUnit", "minLength"],
        ["input.principal", "nonNegative"],
        ["input.balance", "partOfWhole"],
        ["input.maturityDate", "dateOrder"],
        ["input.county", "exists"],
        ["input.platform", "exists"],
      ]),
    );
    expect(await db().governmentDebt.count({ where: { debtNo: input.debtNo } })).toBe(0);
  });

  it("refuses a stale version, a non-owner, and replays an idempotent retry", async () => {
    const input = debtInput();
    await server.gql(UpsertGovernmentDebtDocument, { input }, FISCAL);
    await server.gql(UpsertGovernmentDebtDocument, { input: { ...input, balance: "1.00", expectedVersion: 1 } }, FISCAL);
    const stale = await server.gql(UpsertGovernmentDebtDocument, { input: { ...input, balance: "2.00", expectedVersion: 1 } }, FISCAL);
    expect(stale.body.data!.upsertGovernmentDebt).toMatchObject({ __typename: "ConflictError", currentVersion: 2 });

    const denied = await server.gql(UpsertGovernmentDebtDocument, { input: debtInput() }, "FINANCE_BUREAU");
    expect(denied.body.errors![0]!.extensions!.code).toBe("FORBIDDEN");
    expect(denied.body.data!.upsertGovernmentDebt).toBeNull();

    const fresh = debtInput();
    const first = await server.gql(UpsertGovernmentDebtDocument, { input: fresh, key: `gd-${fresh.debtNo}` }, FISCAL);
    const retry = await server.gql(UpsertGovernmentDebtDocument, { input: fresh, key: `gd-${fresh.debtNo}` }, FISCAL);
    expect(retry.body.data).toEqual(first.body.data);
    const row = await db().governmentDebt.findUniqueOrThrow({ where: { debtNo: fresh.debtNo } });
    expect(await db().changeRecord.count({ where: { entityType: "GovernmentDebt", entityId: row.id } })).toBe(1);
  });

  it("retires a debt item out of lists and totals", async () => {
    const input = debtInput({ county: "441721", principal: "12345.67", balance: "12345.67" });
    await server.gql(UpsertGovernmentDebtDocument, { input }, FISCAL);
    const before = await server.gql(GovernmentDebtTotalsDocument, { groupBy: ["COUNTY"], filter: { county: "441721" } });
    const retired = await server.gql(RetireGovernmentDebtDocument, { debtNo: input.debtNo, expectedVersion: 1 }, FISCAL);
    expect(retired.body.data!.retireGovernmentDebt).toMatchObject({ data: { debtNo: input.debtNo, version: 2 } });
    const after = await server.gql(GovernmentDebtTotalsDocument, { groupBy: ["COUNTY"], filter: { county: "441721" } });
    const [b, a] = [before.body.data!.governmentDebtTotals![0]!, after.body.data!.governmentDebtTotals![0]!];
    expect([a.count, a.balance]).toEqual([b.count! - 1, dec(new Prisma.Decimal(b.balance!).sub("12345.67"))]);
    expect((await server.gql(RetireGovernmentDebtDocument, { debtNo: input.debtNo }, FISCAL)).body.data!.retireGovernmentDebt!.__typename).toBe("ConflictError");
    const withRetired = await server.gql(GovernmentDebtsDocument, { filter: { county: "441721", includeRetired: true }, first: 500 });
    expect(withRetired.body.data!.governmentDebts!.nodes!.find((n) => n!.debtNo === input.debtNo)!.retiredAt).not.toBeNull();
  });

  it("records a replacement that lowers the balance in the same transaction, with history on both", async () => {
    const input = debtInput({ principal: "50000000.00", balance: "40000000.00", startDate: "2014-05-01", maturityDate: "2028-05-01" });
    await server.gql(UpsertGovernmentDebtDocument, { input }, FISCAL);
    const replacement = { debtNo: input.debtNo, replacedOn: "2016-08-15", amount: "25000000.00", replacementBondCode: "2016广东债07" };
    const res = await server.gql(RecordDebtReplacementDocument, replacement, FISCAL);
    expect(res.body.data!.recordDebtReplacement).toMatchObject({
      __typename: "MutationRecordDebtReplacementSuccess",
      data: { amount: "25000000", replacedOn: "2016-08-15", version: 1, governmentDebt: { debtNo: input.debtNo, balance: "15000000", version: 2 } },
    });
    const read = (await server.gql(GovernmentDebtDocument, { debtNo: input.debtNo })).body.data!.governmentDebt!;
    expect(read.replacements!.nodes!.map((r) => [r!.amount, r!.replacementBondCode, r!.history!.nodes!.map((h) => h!.action)])).toEqual([["25000000", "2016广东债07", ["CREATE"]]]);
    expect(JSON.parse(read.history!.nodes![0]!.changes!)).toEqual({ balance: { old: "40000000", new: "15000000" } });

    const again = await server.gql(RecordDebtReplacementDocument, replacement, FISCAL);
    expect(again.body.data!.recordDebtReplacement!.__typename).toBe("ConflictError");
    const tooMuch = await server.gql(RecordDebtReplacementDocument, { ...replacement, replacementBondCode: "2017广东债01", amount: "15000000.01", replacedOn: "2010-01-01" }, FISCAL);
    expect(issuesOf(tooMuch.body.data!.recordDebtReplacement)).toEqual([
      ["amount", "notMoreThanBalance"],
      ["replacedOn", "dateOrder"],
    ]);
    expect((await db().governmentDebt.findUniqueOrThrow({ where: { debtNo: input.debtNo } })).balance.toFixed()).toBe("15000000");
    // A retry with the idempotency key answers from the first result and lowers the balance only once.
    const second = { ...replacement, replacementBondCode: "2017广东债03", replacedOn: "2017-04-20", amount: "5000000.00", key: `rp-${input.debtNo}` };
    const r1 = await server.gql(RecordDebtReplacementDocument, second, FISCAL);
    const r2 = await server.gql(RecordDebtReplacementDocument, second, FISCAL);
    expect(r1.body.data!.recordDebtReplacement).toMatchObject({ data: { governmentDebt: { balance: "10000000", version: 3 } } });
    expect(r2.body.data).toEqual(r1.body.data);
    expect((await db().governmentDebt.findUniqueOrThrow({ where: { debtNo: input.debtNo } })).balance.toFixed()).toBe("10000000");
    const missing = await server.gql(RecordDebtReplacementDocument, { ...replacement, debtNo: "ZW-NONE" }, FISCAL);
    expect(missing.body.data!.recordDebtReplacement!.__typename).toBe("NotFoundError");
    expectNotCallable(await server.gql(RecordDebtReplacementDocument, replacement, "PBOC"), "recordDebtReplacement");
  });

  it("lists an enterprise as a platform and tracks its transformation", async () => {
    const firm = await db().enterprise.findFirstOrThrow({ where: { countyCode: "441781", platform: { is: null }, retiredAt: null } });
    const input = { uscc: firm.uscc, county: "441781", supervisingDepartment: "阳春市财政局（国资办）", transformationStatus: "NOT_STARTED" as const };
    expect((await server.gql(UpsertFinancingPlatformDocument, { input }, FISCAL)).body.data!.upsertFinancingPlatform).toMatchObject({ data: { county: { code: "441781" }, version: 1 } });
    const moved = await server.gql(UpsertFinancingPlatformDocument, { input: { ...input, transformationStatus: "IN_PROGRESS", transformationNote: "注入经营性资产", expectedVersion: 1 } }, FISCAL);
    expect(moved.body.data!.upsertFinancingPlatform).toMatchObject({ data: { transformationStatus: "IN_PROGRESS", version: 2 } });
    const read = (await server.gql(FinancingPlatformDocument, { uscc: firm.uscc })).body.data!.financingPlatform!;
    expect(read.history!.nodes!.map((h) => [h!.action, [...h!.fields!].sort()])).toEqual([
      ["UPDATE", ["transformationNote", "transformationStatus"]],
      ["CREATE", expect.arrayContaining(["enterpriseId", "countyCode", "transformationStatus"])],
    ]);
    const wrongCounty = await server.gql(UpsertFinancingPlatformDocument, { input: { ...input, county: "441721", supervisingDepartment: "" } }, FISCAL);
    expect(issuesOf(wrongCounty.body.data!.upsertFinancingPlatform)).toEqual([
      ["input.supervisingDepartment", "minLength"],
      ["input.county", "sameCounty"],
    ]);
  });

  it("records PPP projects and on-lendings with their rules", async () => {
    const partner = await db().enterprise.findFirstOrThrow({ where: { countyCode: "441704", retiredAt: null } });
    const project = { projectNo: `PPPTEST${process.pid}`, name: "阳东区测试PPP项目", county: "441704", totalInvestment: "300000000.00", annualGovernmentPayment: "20000000.00", startDate: "2017-07-01", termYears: 15, status: "PROCUREMENT" as const };
    const created = await server.gql(UpsertPppProjectDocument, { input: project }, FISCAL);
    const paymentsLeft = Array.from({ length: 15 }, (_, k) => Date.UTC(2018 + k, 6, 1)).filter((d) => d > todayCst().getTime()).length;
    expect(created.body.data!.upsertPppProject).toMatchObject({ data: { endDate: "2032-07-01", remainingGovernmentObligation: dec(new Prisma.Decimal(20_000_000).mul(paymentsLeft)), version: 1 } });
    const noPartner = await server.gql(UpsertPppProjectDocument, { input: { ...project, status: "EXECUTION", termYears: 0 } }, FISCAL);
    expect(issuesOf(noPartner.body.data!.upsertPppProject)).toEqual(expect.arrayContaining([["input.partner", "required"], ["input.termYears", "min"]]));
    const executing = await server.gql(UpsertPppProjectDocument, { input: { ...project, status: "EXECUTION", partner: partner.uscc, expectedVersion: 1 } }, FISCAL);
    expect(executing.body.data!.upsertPppProject).toMatchObject({ data: { status: "EXECUTION", partner: { uscc: partner.uscc }, version: 2 } });
    expect((await server.gql(PppProjectDocument, { projectNo: project.projectNo })).body.data!.pppProject!.history!.nodes!.map((h) => h!.action)).toEqual(["UPDATE", "CREATE"]);

    const onLending = { referenceNo: `ZDTEST${process.pid}`, county: "441700", provincialBondCode: "2018广东专项债05", debtClass: "SPECIAL" as const, amount: "150000000.00", lentOn: "2018-03-10", maturityDate: "2028-03-10", purpose: "产业园区基础设施" };
    const lent = await server.gql(UpsertBondOnLendingDocument, { input: onLending }, FISCAL);
    expect(lent.body.data!.upsertBondOnLending).toMatchObject({ data: { referenceNo: onLending.referenceNo, county: { code: "441700" }, amount: "150000000", version: 1, history: { nodes: [{ action: "CREATE" }] } } });
    const bad = await server.gql(UpsertBondOnLendingDocument, { input: { ...onLending, referenceNo: "ZDBAD", debtClass: "CONTINGENT_RESCUE", amount: "0", maturityDate: "2017-01-01" } }, FISCAL);
    expect(issuesOf(bad.body.data!.upsertBondOnLending)).toEqual([
      ["input.debtClass", "oneOf"],
      ["input.amount", "positive"],
      ["input.maturityDate", "dateOrder"],
    ]);
  });
});
