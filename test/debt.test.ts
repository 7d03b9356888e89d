import { openResources } from "./helpers/policy.ts";
// Reads of loans, loan totals and the county row scope against the seeded data (scale 0.1:
// ~1,000 loans), each checked against a direct query.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma, type PrismaClient } from "../src/generated/prisma/client.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import {
  DebtGuaranteesDocument,
  DebtLoanBalancesDocument,
  DebtLoanDocument,
  DebtLoansDocument,
  DebtPlansDocument,
  DebtTopListDocument,
} from "./generated/graphql.ts";

let server: TestServer;
let db: PrismaClient;
beforeAll(async () => {
  server = await startTestServer({ scale: 0.1 });
  db = server.running.db.prisma;
});
afterAll(() => server?.close());

const NPL = ["SUBSTANDARD", "DOUBTFUL", "LOSS"] as const;
const YANGDONG = "COUNTY:阳东区";
const dec = (v: Prisma.Decimal | null | undefined) => (v ?? new Prisma.Decimal(0)).toFixed();

describe("loans", () => {
  it("filters by county and non-performance, ordered by balance, as a direct query does", async () => {
    const res = await server.gql(DebtLoansDocument, { first: 50, filter: { county: "阳东区", isNonPerforming: true }, orderBy: [{ field: "BALANCE", direction: "DESC" }] });
    expect(res.body.errors).toBeUndefined();
    const where = { retiredAt: null, borrower: { countyCode: "441704" }, classification: { in: [...NPL] } };
    const expected = await db.loan.findMany({ where, orderBy: [{ balance: "desc" }, { id: "asc" }], take: 50 });
    const loans = res.body.data!.loans!;
    expect(expected.length).toBeGreaterThan(3);
    expect(loans.totalCount).toBe(await db.loan.count({ where }));
    expect(loans.nodes!.map((l) => l!.contractNo)).toEqual(expected.map((l) => l.contractNo));
    for (const l of loans.nodes!) expect([l!.isNonPerforming, l!.borrower!.county!.code, NPL.includes(l!.classification as never)]).toEqual([true, "441704", true]);

    const byCode = await server.gql(DebtLoansDocument, { first: 50, filter: { county: "441704", isNonPerforming: true }, orderBy: [{ field: "BALANCE", direction: "DESC" }] });
    expect(byCode.body.data).toEqual(res.body.data);
  });

  it("combines lender, classification, amount and date ranges, ordered by maturity then rate", async () => {
    const lender = await db.institution.findFirstOrThrow({ where: { code: "B0001H244170001" } });
    const filter = {
      lender: lender.code,
      classification: ["NORMAL" as const, "SPECIAL_MENTION" as const],
      amount: { min: "2000000", max: "80000000" },
      startDate: { from: "2014-01-01", to: "2018-06-30" },
      maturityDate: { from: "2018-01-01" },
    };
    const res = await server.gql(DebtLoansDocument, { first: 200, filter, orderBy: [{ field: "MATURITY_DATE" }, { field: "INTEREST_RATE", direction: "DESC" }] });
    const expected = await db.loan.findMany({
      where: {
        retiredAt: null,
        lenderId: lender.id,
        classification: { in: ["NORMAL", "SPECIAL_MENTION"] },
        amount: { gte: 2_000_000, lte: 80_000_000 },
        startDate: { gte: new Date("2014-01-01"), lte: new Date("2018-06-30") },
        maturityDate: { gte: new Date("2018-01-01") },
      },
      orderBy: [{ maturityDate: "asc" }, { interestRate: "desc" }, { id: "asc" }],
    });
    expect(expected.length).toBeGreaterThan(5);
    expect(res.body.data!.loans!.nodes!.map((l) => l!.contractNo)).toEqual(expected.map((l) => l.contractNo));
    expect(res.body.data!.loans!.totalCount).toBe(expected.length);
  });

  it("orders by classification from LOSS down, and by industry filter", async () => {
    const top = await db.enterprise.groupBy({ by: ["industryCode"], _count: { _all: true }, orderBy: { _count: { industryCode: "desc" } }, take: 1 });
    const industry = top[0]!.industryCode;
    const res = await server.gql(DebtLoansDocument, { first: 500, filter: { industry }, orderBy: [{ field: "CLASSIFICATION", direction: "DESC" }] });
    const expected = await db.loan.findMany({ where: { retiredAt: null, borrower: { industryCode: industry } }, orderBy: [{ classification: "desc" }, { id: "asc" }] });
    expect(res.body.data!.loans!.nodes!.map((l) => [l!.contractNo, l!.borrower!.industry!.code])).toEqual(expected.map((l) => [l.contractNo, industry]));
    const order = ["NORMAL", "SPECIAL_MENTION", "SUBSTANDARD", "DOUBTFUL", "LOSS"];
    const ranks = res.body.data!.loans!.nodes!.map((l) => order.indexOf(l!.classification!));
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
  });

  it("pages with stable cursors", async () => {
    const orderBy = [{ field: "AMOUNT" as const, direction: "DESC" as const }];
    const six = await server.gql(DebtLoansDocument, { first: 6, orderBy });
    const p1 = await server.gql(DebtLoansDocument, { first: 3, orderBy });
    const p2 = await server.gql(DebtLoansDocument, { first: 3, orderBy, after: p1.body.data!.loans!.pageInfo.endCursor });
    expect([...p1.body.data!.loans!.nodes!, ...p2.body.data!.loans!.nodes!]).toEqual(six.body.data!.loans!.nodes);
  });

  it("looks a loan up by contract number with its derived non-performance", async () => {
    const npl = await db.loan.findFirstOrThrow({ where: { classification: "LOSS" }, include: { lender: true, borrower: true } });
    const res = await server.gql(DebtLoanDocument, { contractNo: npl.contractNo });
    expect(res.body.data!.loan).toMatchObject({
      contractNo: npl.contractNo,
      classification: "LOSS",
      isNonPerforming: true,
      balance: dec(npl.balance),
      lender: { code: npl.lender.code },
      borrower: { uscc: npl.borrower.uscc },
    });
    expect((await server.gql(DebtLoanDocument, { contractNo: "NO-SUCH-LOAN" })).body).toMatchObject({ data: { loan: null } });
  });

  it("rejects an unknown county and an inverted range with clear errors", async () => {
    const county = await server.gql(DebtLoansDocument, { first: 1, filter: { county: "Atlantis" } });
    expect(county.body.errors![0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT", field: "filter.county" } });
    const range = await server.gql(DebtLoansDocument, { first: 1, filter: { amount: { min: "5", max: "1" } } });
    expect(range.body.errors![0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT", field: "filter.amount", rule: "rangeOrder" } });
  });

  it("costs the same number of SQL statements for a page of 5 and a page of 50, nested relations included", async () => {
    // Pages that start at the largest guaranteed loan, so both resolve the nested guarantees.
    const top = await db.loan.findFirstOrThrow({ where: { retiredAt: null, guarantees: { some: { retiredAt: null } } }, orderBy: [{ balance: "desc" }, { id: "asc" }] });
    const filter = { balance: { max: top.balance.toFixed() } };
    const five = await server.gql(DebtLoansDocument, { first: 5, filter, orderBy: [{ field: "BALANCE", direction: "DESC" }] });
    const fifty = await server.gql(DebtLoansDocument, { first: 50, filter, orderBy: [{ field: "BALANCE", direction: "DESC" }] });
    expect(fifty.body.data!.loans!.nodes).toHaveLength(50);
    expect(five.body.data!.loans!.nodes!.some((l) => l!.guarantees!.nodes!.length > 0)).toBe(true);
    expect(fifty.body.data!.loans!.nodes!.some((l) => l!.guarantees!.nodes!.length > 0)).toBe(true);
    expect(five.body.extensions!.statements).toBe(fifty.body.extensions!.statements);
  });
});

describe("loanBalances", () => {
  it("groups by county and classification with totals equal to direct sums", async () => {
    const res = await server.gql(DebtLoanBalancesDocument, { groupBy: ["COUNTY", "CLASSIFICATION"] });
    expect(res.body.errors).toBeUndefined();
    const rows = res.body.data!.loanBalances!;
    const counties = await db.county.findMany({ where: { isCity: false }, orderBy: { code: "asc" } });
    const expected = [];
    for (const c of counties) {
      const groups = await db.loan.groupBy({ by: ["classification"], where: { retiredAt: null, borrower: { countyCode: c.code } }, _count: { _all: true }, _sum: { amount: true, balance: true }, orderBy: { classification: "asc" } });
      for (const g of groups) {
        const npl = NPL.includes(g.classification as never);
        expected.push({ countyCode: c.code, countyName: c.name, classification: g.classification, loanCount: g._count._all, totalAmount: dec(g._sum.amount), totalBalance: dec(g._sum.balance), nonPerformingBalance: npl ? dec(g._sum.balance) : "0" });
      }
    }
    expect(rows.map((r) => ({ countyCode: r.countyCode, countyName: r.countyName, classification: r.classification, loanCount: r.loanCount, totalAmount: r.totalAmount, totalBalance: r.totalBalance, nonPerformingBalance: r.nonPerformingBalance }))).toEqual(expected);
    const all = await db.loan.aggregate({ where: { retiredAt: null }, _sum: { balance: true } });
    expect(rows.reduce((s, r) => s.plus(r.totalBalance!), new Prisma.Decimal(0)).toFixed()).toBe(dec(all._sum.balance));
  });

  it("respects the filter: the groups add up to the filtered loan list", async () => {
    const filter = { lender: "B0004H244170001", startDate: { from: "2015-01-01" }, isNonPerforming: false };
    const [balances, list] = await Promise.all([
      server.gql(DebtLoanBalancesDocument, { groupBy: ["INDUSTRY"], filter }),
      server.gql(DebtLoansDocument, { first: 1, filter }),
    ]);
    const rows = balances.body.data!.loanBalances!;
    const direct = await db.loan.aggregate({
      where: { retiredAt: null, lender: { code: filter.lender }, startDate: { gte: new Date("2015-01-01") }, classification: { notIn: [...NPL] } },
      _sum: { amount: true, balance: true },
      _count: { _all: true },
    });
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.reduce((n, r) => n + r.loanCount!, 0)).toBe(list.body.data!.loans!.totalCount);
    expect(rows.reduce((n, r) => n + r.loanCount!, 0)).toBe(direct._count._all);
    expect(rows.reduce((s, r) => s.plus(r.totalAmount!), new Prisma.Decimal(0)).toFixed()).toBe(dec(direct._sum.amount));
    expect(rows.every((r) => r.nonPerformingBalance === "0" && r.industryName && r.countyCode === null)).toBe(true);
  });

  it("applies every filter field as the loan list does", async () => {
    const borrower = (await db.loan.findFirstOrThrow({ include: { borrower: true } })).borrower.uscc;
    const filters = [
      { county: "阳春市", classification: ["SPECIAL_MENTION" as const, "LOSS" as const] },
      { industry: "C33", amount: { min: "3000000" } },
      { balance: { min: "1000000", max: "20000000" }, maturityDate: { from: "2018-01-01", to: "2020-12-31" } },
      { borrower, includeRetired: true },
      { isNonPerforming: true, startDate: { to: "2016-12-31" } },
    ];
    for (const filter of filters) {
      const [balances, list] = await Promise.all([server.gql(DebtLoanBalancesDocument, { groupBy: ["CLASSIFICATION"], filter }), server.gql(DebtLoansDocument, { first: 1, filter })]);
      const total = balances.body.data!.loanBalances!.reduce((n, r) => n + r.loanCount!, 0);
      expect([JSON.stringify(filter), total]).toEqual([JSON.stringify(filter), list.body.data!.loans!.totalCount]);
      expect(total).toBeGreaterThan(0);
    }
  });

  it("groups by lender with its name and the non-performing ratio", async () => {
    const res = await server.gql(DebtLoanBalancesDocument, { groupBy: ["LENDER"] });
    const direct = await db.$queryRawUnsafe<{ code: string; name: string; n: number; balance: Prisma.Decimal; npl: Prisma.Decimal }[]>(`
      SELECT i.code, i.name, count(*)::int AS n, sum(l.balance) AS balance,
             coalesce(sum(l.balance) FILTER (WHERE l.classification IN ('SUBSTANDARD', 'DOUBTFUL', 'LOSS')), 0) AS npl
      FROM loan l JOIN institution i ON i.id = l.lender_id WHERE l.retired_at IS NULL GROUP BY i.code, i.name ORDER BY i.code`);
    expect(res.body.data!.loanBalances!.map((r) => [r.lenderCode, r.lenderName, r.loanCount, r.totalBalance, r.nonPerformingBalance])).toEqual(
      direct.map((d) => [d.code, d.name, d.n, dec(d.balance), dec(d.npl)]),
    );
    const row = res.body.data!.loanBalances!.find((r) => r.nonPerformingBalance !== "0")!;
    expect(row.nonPerformingRatio).toBe(new Prisma.Decimal(row.nonPerformingBalance!).div(row.totalBalance!).toDecimalPlaces(6, Prisma.Decimal.ROUND_HALF_UP).toFixed());
  });

  it("refuses an empty groupBy", async () => {
    const res = await server.gql(DebtLoanBalancesDocument, { groupBy: [] });
    expect(res.body.errors![0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT", rule: "minItems" } });
  });
});

describe("county row scope (COUNTY:阳东区)", () => {
  // The shipped policy keeps loans and guarantees from county governments; opened here to test row scope.
  beforeAll(() => openResources(server, "COUNTY", ["debt.loans", "debt.guarantees"]));
  it("lists only loans of 阳东区 borrowers and sums only them", async () => {
    const list = await server.gql(DebtLoansDocument, { first: 500 }, YANGDONG);
    const count = await db.loan.count({ where: { retiredAt: null, borrower: { countyCode: "441704" } } });
    expect(list.body.data!.loans!.totalCount).toBe(count);
    expect(new Set(list.body.data!.loans!.nodes!.map((l) => l!.borrower!.county!.code))).toEqual(new Set(["441704"]));

    const sums = await server.gql(DebtLoanBalancesDocument, { groupBy: ["COUNTY"] }, YANGDONG);
    const direct = await db.loan.aggregate({ where: { retiredAt: null, borrower: { countyCode: "441704" } }, _sum: { balance: true }, _count: { _all: true } });
    expect(sums.body.data!.loanBalances!.map((r) => [r.countyCode, r.loanCount, r.totalBalance])).toEqual([["441704", direct._count._all, dec(direct._sum.balance)]]);
    const elsewhere = await server.gql(DebtLoanBalancesDocument, { groupBy: ["LENDER"], filter: { county: "江城区" } }, YANGDONG);
    expect(elsewhere.body.data!.loanBalances).toEqual([]);

    const other = await db.loan.findFirstOrThrow({ where: { borrower: { countyCode: "441702" } } });
    expect((await server.gql(DebtLoanDocument, { contractNo: other.contractNo }, YANGDONG)).body.data!.loan).toBeNull();
  });

  it("lists only guarantees with a party in 阳东区", async () => {
    const res = await server.gql(DebtGuaranteesDocument, { first: 500 }, YANGDONG);
    const where = { retiredAt: null, OR: [{ guarantor: { countyCode: "441704" } }, { borrower: { countyCode: "441704" } }] };
    expect(res.body.data!.guarantees!.totalCount).toBe(await db.guarantee.count({ where }));
    // A party registered in another county is withheld (its fields FORBIDDEN, null): county
    // governments see only their own county's enterprises, whatever path reaches one.
    for (const g of res.body.data!.guarantees!.nodes!) {
      const counties = [g!.guarantor!.county?.code ?? null, g!.borrower!.county?.code ?? null];
      expect(counties).toContain("441704");
      for (const c of counties) expect([null, "441704"]).toContain(c);
    }
  });

  it("limits top-10 lists and plans to 阳东区 enterprises", async () => {
    const month = "2018-09-01";
    const res = await server.gql(DebtTopListDocument, { lender: "B0001H244170001", month, kind: "TOP_BORROWERS" }, YANGDONG);
    const expected = await db.topListEntry.findMany({
      where: { institution: { code: "B0001H244170001" }, month: new Date(month), kind: "TOP_BORROWERS", enterprise: { countyCode: "441704" } },
      orderBy: { rank: "asc" },
      include: { enterprise: true },
    });
    expect(res.body.data!.topList!.map((e) => [e.rank, e.enterprise!.uscc])).toEqual(expected.map((e) => [e.rank, e.enterprise.uscc]));
    const plans = await server.gql(DebtPlansDocument, { first: 100 }, YANGDONG);
    expect(plans.body.data!.deleveragingPlans!.totalCount).toBe(await db.deleveragingPlan.count({ where: { retiredAt: null, enterprise: { countyCode: "441704" } } }));
    for (const p of plans.body.data!.deleveragingPlans!.nodes!) expect(p!.enterprise!.county!.code).toBe("441704");
  });
});
