import { openResources } from "./helpers/policy.ts";
// Reads of guarantees, guarantee circles, top-10 lists and deleveraging plans against the seeded
// data (scale 0.1: 300 guarantees with 5 planted circles of 3–5 members and 4 mutual pairs).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma, type PrismaClient } from "../src/generated/prisma/client.ts";
import { GUARANTEE_CYCLES_SQL } from "../src/seed/checks.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import {
  DebtEnterpriseDocument,
  DebtEnterpriseGuaranteesDocument,
  DebtGuaranteeCirclesDocument,
  DebtGuaranteesDocument,
  DebtInstitutionDocument,
  DebtLoansDocument,
  DebtPlansDocument,
  DebtTopListDocument,
} from "./generated/graphql.ts";

let server: TestServer;
let db: PrismaClient;
/** every cycle of the guarantee graph by the seed's own recursive SQL, as member ids from the smallest */
let cycles: number[][];
let usccOf: Map<number, string>;
let countyOf: Map<number, string>;
beforeAll(async () => {
  server = await startTestServer({ scale: 0.1 });
  db = server.running.db.prisma;
  const rows = await db.$queryRawUnsafe<{ path: number[] }[]>(GUARANTEE_CYCLES_SQL);
  cycles = rows.map((r) => r.path.slice(0, -1).map(Number));
  const enterprises = await db.enterprise.findMany({ select: { id: true, uscc: true, countyCode: true } });
  usccOf = new Map(enterprises.map((e) => [e.id, e.uscc]));
  countyOf = new Map(enterprises.map((e) => [e.id, e.countyCode]));
});
afterAll(() => server?.close());

const YANGDONG = "COUNTY:阳东区";

/** A bank's global id, read through one of its loans. */
async function institutionId(code: string): Promise<string> {
  const res = await server.gql(DebtLoansDocument, { first: 1, filter: { lender: code } });
  return res.body.data!.loans!.nodes![0]!.lender!.id;
}

async function cycleTotal(members: number[]): Promise<string> {
  let total = new Prisma.Decimal(0);
  for (let i = 0; i < members.length; i++) {
    const sum = await db.guarantee.aggregate({ where: { retiredAt: null, guarantorId: members[i]!, borrowerId: members[(i + 1) % members.length]! }, _sum: { amount: true } });
    total = total.plus(sum._sum.amount ?? 0);
  }
  return total.toFixed();
}

describe("guarantees", () => {
  it("filters by guarantor, kind and amount, ordered by amount, as a direct query does", async () => {
    const busy = await db.guarantee.groupBy({ by: ["guarantorId"], _count: { _all: true }, orderBy: { _count: { guarantorId: "desc" } }, take: 1 });
    const guarantor = usccOf.get(busy[0]!.guarantorId)!;
    const res = await server.gql(DebtGuaranteesDocument, { first: 100, filter: { guarantor }, orderBy: [{ field: "AMOUNT", direction: "DESC" }] });
    const expected = await db.guarantee.findMany({ where: { retiredAt: null, guarantorId: busy[0]!.guarantorId }, orderBy: [{ amount: "desc" }, { id: "asc" }] });
    expect(expected.length).toBeGreaterThan(1);
    expect(res.body.data!.guarantees!.nodes!.map((g) => g!.contractNo)).toEqual(expected.map((g) => g.contractNo));

    const pledges = await server.gql(DebtGuaranteesDocument, { first: 500, filter: { kind: ["PLEDGE"], amount: { min: "5000000" }, startDate: { from: "2015-01-01" } } });
    const direct = await db.guarantee.findMany({ where: { retiredAt: null, kind: "PLEDGE", amount: { gte: 5_000_000 }, startDate: { gte: new Date("2015-01-01") } }, orderBy: { id: "asc" } });
    expect(pledges.body.data!.guarantees!.nodes!.map((g) => g!.contractNo)).toEqual(direct.map((g) => g.contractNo));
  });

  it("flags mutual guarantees (互保): exactly those whose borrower also guarantees the guarantor", async () => {
    const res = await server.gql(DebtGuaranteesDocument, { first: 500 });
    const all = await db.guarantee.findMany({ where: { retiredAt: null } });
    const edges = new Set(all.map((g) => `${g.guarantorId}>${g.borrowerId}`));
    const byNo = new Map(all.map((g) => [g.contractNo, edges.has(`${g.borrowerId}>${g.guarantorId}`)]));
    const nodes = res.body.data!.guarantees!.nodes!;
    expect(nodes).toHaveLength(all.length);
    expect(nodes.map((g) => [g!.contractNo, g!.isMutual])).toEqual(nodes.map((g) => [g!.contractNo, byNo.get(g!.contractNo!)]));
    expect(nodes.filter((g) => g!.isMutual)).toHaveLength(2 * cycles.filter((c) => c.length === 2).length);
  });
});

describe("guarantee circles (担保圈)", () => {
  it("finds the planted circles and mutual pairs, each once, as the direct recursive SQL does", async () => {
    expect(cycles.map((c) => c.length).sort()).toEqual([2, 2, 2, 2, 3, 3, 4, 4, 5]);
    const res = await server.gql(DebtGuaranteeCirclesDocument, {});
    expect(res.body.errors).toBeUndefined();
    const circles = res.body.data!.guaranteeCircles!;
    const expected = [];
    for (const c of cycles) expected.push({ length: c.length, isMutual: c.length === 2, totalAmount: await cycleTotal(c), members: c.map((id) => ({ uscc: usccOf.get(id)!, county: { code: countyOf.get(id)! } })) });
    expect(circles).toEqual(expected);
  });

  it("narrows by length and county, and refuses lengths beyond the bound", async () => {
    const proper = await server.gql(DebtGuaranteeCirclesDocument, { minLength: 3 });
    expect(proper.body.data!.guaranteeCircles!.map((c) => c.length)).toEqual([3, 3, 4, 4, 5]);
    const short = await server.gql(DebtGuaranteeCirclesDocument, { maxLength: 3 });
    expect(short.body.data!.guaranteeCircles!.map((c) => c.length)).toEqual([2, 2, 2, 2, 3, 3]);
    const inYangdong = await server.gql(DebtGuaranteeCirclesDocument, { county: "阳东区" });
    const expected = cycles.filter((c) => c.some((id) => countyOf.get(id) === "441704"));
    expect(inYangdong.body.data!.guaranteeCircles!.map((c) => c.members!.map((m) => m.uscc))).toEqual(expected.map((c) => c.map((id) => usccOf.get(id))));
    const tooLong = await server.gql(DebtGuaranteeCirclesDocument, { maxLength: 9 });
    expect(tooLong.body.errors![0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT", rule: "max" } });
  });

  it("marks exactly the circle members on enterprises, listing each member's circles", async () => {
    const res = await server.gql(DebtEnterpriseGuaranteesDocument, { first: 500 });
    const nodes = res.body.data!.enterprises!.nodes!;
    expect(nodes.length).toBe(usccOf.size);
    const members = new Set(cycles.flat().map((id) => usccOf.get(id)));
    expect(new Set(nodes.filter((e) => e!.inGuaranteeCircle).map((e) => e!.uscc))).toEqual(members);
    for (const e of nodes) {
      const expected = cycles.filter((c) => c.some((id) => usccOf.get(id) === e!.uscc)).map((c) => c.map((id) => usccOf.get(id)));
      expect(e!.guaranteeCircles!.map((c) => c.members!.map((m) => m.uscc))).toEqual(expected);
    }
  });

  it("answers a page of 5 and a page of 50 enterprises with the same number of statements", async () => {
    // A county whose first five enterprises include a circle member, so both pages resolve members.
    const members = new Set(cycles.flat());
    let county: string | undefined;
    for (const code of ["441702", "441704", "441721", "441781"]) {
      const firstFive = await db.enterprise.findMany({ where: { countyCode: code, retiredAt: null }, orderBy: { id: "asc" }, take: 5 });
      if (firstFive.some((e) => members.has(e.id))) county = code;
    }
    expect(county).toBeDefined();
    const five = await server.gql(DebtEnterpriseGuaranteesDocument, { first: 5, filter: { county } });
    const fifty = await server.gql(DebtEnterpriseGuaranteesDocument, { first: 50, filter: { county } });
    expect(five.body.data!.enterprises!.nodes!.some((e) => e!.guaranteeCircles!.length > 0)).toBe(true);
    expect(fifty.body.data!.enterprises!.nodes).toHaveLength(50);
    expect(five.body.extensions!.statements).toBe(fifty.body.extensions!.statements);
  });

  it("walks only the guarantees a county may see", async () => {
    // Guarantees are conditional for county governments in the shipped policy: opened here to test row scope.
    await openResources(server, "COUNTY", ["debt.guarantees"]);
    const res = await server.gql(DebtGuaranteeCirclesDocument, {}, YANGDONG);
    const visible = cycles.filter((c) => c.every((id, i) => [id, c[(i + 1) % c.length]!].some((m) => countyOf.get(m) === "441704")));
    expect(visible.length).toBeGreaterThan(0);
    expect(res.body.data!.guaranteeCircles!.map((c) => c.members!.map((m) => m.uscc))).toEqual(visible.map((c) => c.map((id) => usccOf.get(id))));
  });
});

describe("top-10 lists (前十大)", () => {
  it("returns a bank's list of a month by rank, also through the bank and the enterprise", async () => {
    const month = "2018-09-01";
    const res = await server.gql(DebtTopListDocument, { lender: "B0001H244170001", month: "2018-09-17", kind: "TOP_BORROWERS" });
    const expected = await db.topListEntry.findMany({ where: { institution: { code: "B0001H244170001" }, month: new Date(month), kind: "TOP_BORROWERS" }, orderBy: { rank: "asc" }, include: { enterprise: true } });
    expect(expected).toHaveLength(10);
    const list = res.body.data!.topList!;
    expect(list.map((e) => [e.rank, e.enterprise!.uscc, e.exposure, e.month, e.lender!.code])).toEqual(expected.map((e) => [e.rank, e.enterprise.uscc, e.exposure.toFixed(), month, "B0001H244170001"]));

    const via = await server.gql(DebtInstitutionDocument, { id: await institutionId("B0001H244170001"), kind: "TOP_BORROWERS", month });
    expect(via.body.data!.node).toMatchObject({ code: "B0001H244170001" });
    const entries = (via.body.data!.node as { topListEntries: { nodes: { rank: number; enterprise: { uscc: string } }[] } }).topListEntries.nodes;
    expect(entries.map((e) => [e.rank, e.enterprise.uscc])).toEqual(list.map((e) => [e.rank, e.enterprise!.uscc]));

    const first = await server.gql(DebtEnterpriseDocument, { uscc: list[0]!.enterprise!.uscc! });
    expect(first.body.data!.enterprise!.topListEntries!.nodes).toContainEqual({ month, kind: "TOP_BORROWERS", rank: 1, exposure: list[0]!.exposure, lender: { code: "B0001H244170001" } });
  });
});

describe("a bank's loans", () => {
  it("filters the bank's loans with the loan filter, a county named by its name", async () => {
    const lender = await db.institution.findUniqueOrThrow({ where: { code: "B0004H244170001" } });
    const res = await server.gql(DebtInstitutionDocument, { id: await institutionId(lender.code), filter: { county: "阳春市", isNonPerforming: false }, orderBy: [{ field: "BALANCE", direction: "DESC" }] });
    const expected = await db.loan.findMany({ where: { lenderId: lender.id, retiredAt: null, borrower: { countyCode: "441781" }, classification: { notIn: ["SUBSTANDARD", "DOUBTFUL", "LOSS"] } }, orderBy: [{ balance: "desc" }, { id: "asc" }], take: 100 });
    const loans = (res.body.data!.node as { loans: { nodes: { contractNo: string; borrower: { county: { code: string } } }[] } }).loans.nodes;
    expect(expected.length).toBeGreaterThan(0);
    expect(loans.map((l) => [l.contractNo, l.borrower.county.code])).toEqual(expected.map((l) => [l.contractNo, "441781"]));
  });
});

describe("deleveraging plans (一企一策)", () => {
  it("filters by status and county, and shows on the enterprise", async () => {
    const res = await server.gql(DebtPlansDocument, { first: 100, filter: { status: ["ACTIVE", "DRAFT"] }, orderBy: [{ field: "ADOPTED_ON", direction: "DESC" }] });
    const expected = await db.deleveragingPlan.findMany({ where: { retiredAt: null, status: { in: ["ACTIVE", "DRAFT"] } }, orderBy: [{ adoptedOn: "desc" }, { id: "asc" }], include: { enterprise: true } });
    expect(expected.length).toBeGreaterThan(0);
    expect(res.body.data!.deleveragingPlans!.nodes!.map((p) => [p!.planNo, p!.status])).toEqual(expected.map((p) => [p.planNo, p.status]));
    const plan = expected[0]!;
    const byCounty = await server.gql(DebtPlansDocument, { first: 100, filter: { county: plan.enterprise.countyCode } });
    expect(byCounty.body.data!.deleveragingPlans!.nodes!.map((p) => p!.planNo)).toContain(plan.planNo);
    for (const p of byCounty.body.data!.deleveragingPlans!.nodes!) expect(p!.enterprise!.county!.code).toBe(plan.enterprise.countyCode);
    const owner = await server.gql(DebtEnterpriseDocument, { uscc: plan.enterprise.uscc });
    expect(owner.body.data!.enterprise!.deleveragingPlans!.nodes).toContainEqual({ planNo: plan.planNo, status: plan.status });
  });
});
