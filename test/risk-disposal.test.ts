// The risk-disposal records of plan 二(四) over HTTP: trust products with repayment problems
// (owner CBRC), read, filtered, ordered, written with validation, history and ownership.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "../src/generated/prisma/client.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import { expectNotCallable } from "./helpers/attack.ts";

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
let seq = 0;
const tag = () => `${process.pid % 10000}${String(++seq).padStart(3, "0")}`;

describe("trust products (二(四)1)", () => {
  const LIST = `query($f: TrustProductFilter, $o: [TrustProductOrder!]) { trustProducts(first: 100, filter: $f, orderBy: $o) { totalCount nodes { productCode status amountOverdue dueDate borrower { uscc } } } }`;
  const UPSERT = `mutation($i: TrustProductInput!, $k: String) { upsertTrustProduct(input: $i, idempotencyKey: $k) {
    __typename ... on MutationUpsertTrustProductSuccess { data { productCode version status amountOverdue borrower { uscc } history(first: 5) { nodes { action agency } } } }
    ... on ValidationError { issues { field rule message } } ... on ConflictError { message } } }`;
  const input = (over: Record<string, unknown> = {}) => ({
    productCode: `TPTEST-${tag()}`,
    name: "测试·稳盈1号集合资金信托计划",
    kind: "TRUST_PLAN",
    manager: "粤财信托有限公司",
    amount: "50000000.00",
    dueDate: "2017-06-30",
    amountOverdue: "20000000.00",
    status: "OVERDUE",
    ...over,
  });

  it("lists the unresolved ones by amount overdue, as stored", async () => {
    const res = await server.gql(LIST, { f: { status: ["OVERDUE", "EXTENDED", "IN_DISPOSAL"] }, o: [{ field: "AMOUNT_OVERDUE", direction: "DESC" }] });
    const rows = await db.trustProduct.findMany({ where: { retiredAt: null, status: { not: "RESOLVED" } }, orderBy: [{ amountOverdue: "desc" }, { id: "asc" }], include: { borrower: true } });
    expect(rows.length).toBeGreaterThan(1);
    expect(res.body.data.trustProducts).toEqual({
      totalCount: rows.length,
      nodes: rows.map((r) => ({ productCode: r.productCode, status: r.status, amountOverdue: r.amountOverdue.toFixed(), dueDate: iso(r.dueDate), borrower: r.borrower ? { uscc: r.borrower.uscc } : null })),
    });
  });

  it("filters by the underlying borrower and by due date", async () => {
    const withBorrower = await db.trustProduct.findFirstOrThrow({ where: { borrowerId: { not: null } }, include: { borrower: true } });
    const res = await server.gql(LIST, { f: { borrower: withBorrower.borrower!.uscc, dueDate: { from: iso(withBorrower.dueDate), to: iso(withBorrower.dueDate) } } });
    const expected = await db.trustProduct.count({ where: { retiredAt: null, borrowerId: withBorrower.borrowerId, dueDate: withBorrower.dueDate } });
    expect(res.body.data.trustProducts.totalCount).toBe(expected);
    expect(res.body.data.trustProducts.nodes.map((n: { productCode: string }) => n.productCode)).toContain(withBorrower.productCode);
  });

  it("CBRC records a product, then resolves it, with history", async () => {
    const borrower = await db.enterprise.findFirstOrThrow({ orderBy: { id: "asc" } });
    const i = input({ borrowerUscc: borrower.uscc });
    const created = await server.gql(UPSERT, { i }, "CBRC");
    expect(created.body.data.upsertTrustProduct).toMatchObject({ __typename: "MutationUpsertTrustProductSuccess", data: { version: 1, status: "OVERDUE", borrower: { uscc: borrower.uscc } } });
    const resolved = await server.gql(UPSERT, { i: { ...i, status: "RESOLVED", amountOverdue: "0", expectedVersion: 1 } }, "CBRC");
    expect(resolved.body.data.upsertTrustProduct.data).toMatchObject({ version: 2, status: "RESOLVED", amountOverdue: "0" });
    expect(resolved.body.data.upsertTrustProduct.data.history.nodes).toEqual([{ action: "UPDATE", agency: "CBRC" }, { action: "CREATE", agency: "CBRC" }]);
    const stale = await server.gql(UPSERT, { i: { ...i, expectedVersion: 1 } }, "CBRC");
    expect(stale.body.data.upsertTrustProduct.__typename).toBe("ConflictError");
  });

  it("refuses bad input naming each field and rule, writing nothing", async () => {
    const i = input({ amount: "-1", amountOverdue: "0", status: "OVERDUE", productCode: "bad code", borrowerUscc: "91441700MA00000000" });
    const res = await server.gql(UPSERT, { i }, "CBRC");
    expect(issuesOf(res.body.data.upsertTrustProduct)).toEqual([
      ["input.productCode", "format"],
      ["input.amount", "nonNegative"],
      ["input.amount", "positive"],
      ["input.borrowerUscc", "exists"],
      ["input.amountOverdue", "notAboveAmount"],
      ["input.amountOverdue", "positiveUnlessResolved"],
    ]);
    expect(await db.trustProduct.count({ where: { productCode: "bad code" } })).toBe(0);
    const resolvedWithArrears = await server.gql(UPSERT, { i: input({ status: "RESOLVED" }) }, "CBRC");
    expect(issuesOf(resolvedWithArrears.body.data.upsertTrustProduct)).toEqual([["input.amountOverdue", "zeroWhenResolved"]]);
  });

  it("only CBRC writes them", async () => {
    const i = input();
    // Outside PBOC's view of the schema: answered as a misspelt mutation would be.
    expectNotCallable(await server.gql(UPSERT, { i }, "PBOC"), "upsertTrustProduct");
    expect(await db.trustProduct.count({ where: { productCode: i.productCode } })).toBe(0);
  });
});

describe("NPL disposals (二(四)2)", () => {
  const LIST = `query($f: NplDisposalFilter, $o: [NplDisposalOrder!]) { nplDisposals(first: 200, filter: $f, orderBy: $o) { totalCount nodes { disposalNo method amount periodEnd counterparty bank { code } borrower { uscc } } } }`;
  const UPSERT = `mutation($i: NplDisposalInput!) { upsertNplDisposal(input: $i) {
    __typename ... on MutationUpsertNplDisposalSuccess { data { disposalNo version method amount bank { code } history(first: 5) { nodes { action agency } } } }
    ... on ValidationError { issues { field rule message } } } }`;
  const BANK = "B0001H244170001";

  it("lists one bank's write-offs and transfers by amount, as stored", async () => {
    const bank = await db.institution.findUniqueOrThrow({ where: { code: BANK } });
    const res = await server.gql(LIST, { f: { bank: BANK, method: ["WRITE_OFF", "BATCH_TRANSFER"] }, o: [{ field: "AMOUNT", direction: "DESC" }] });
    const rows = await db.nplDisposal.findMany({ where: { retiredAt: null, bankId: bank.id, method: { in: ["WRITE_OFF", "BATCH_TRANSFER"] } }, orderBy: [{ amount: "desc" }, { id: "asc" }], take: 200, include: { borrower: true } });
    expect(rows.length).toBeGreaterThan(2);
    expect(res.body.data.nplDisposals.totalCount).toBe(rows.length);
    expect(res.body.data.nplDisposals.nodes).toEqual(
      rows.map((r) => ({ disposalNo: r.disposalNo, method: r.method, amount: r.amount.toFixed(), periodEnd: iso(r.periodEnd), counterparty: r.counterparty, bank: { code: BANK }, borrower: r.borrower ? { uscc: r.borrower.uscc } : null })),
    );
  });

  it("CBRC records a transfer to an AMC; the rules name field and rule", async () => {
    const base = { disposalNo: `NPLTEST-${tag()}`, bank: BANK, periodEnd: "2017-06-30", method: "BATCH_TRANSFER", amount: "12000000.00" };
    const missing = await server.gql(UPSERT, { i: { ...base, periodEnd: "2017-06-15", bank: "XD441702001" } }, "CBRC");
    expect(issuesOf(missing.body.data.upsertNplDisposal)).toEqual([
      ["input.bank", "institutionKind"],
      ["input.periodEnd", "quarterEnd"],
      ["input.counterparty", "required"],
    ]);
    expect(await db.nplDisposal.count({ where: { disposalNo: base.disposalNo } })).toBe(0);
    const ok = await server.gql(UPSERT, { i: { ...base, counterparty: "中国华融资产管理股份有限公司广东省分公司" } }, "CBRC");
    expect(ok.body.data.upsertNplDisposal).toMatchObject({ __typename: "MutationUpsertNplDisposalSuccess", data: { version: 1, method: "BATCH_TRANSFER", amount: "12000000", bank: { code: BANK }, history: { nodes: [{ action: "CREATE", agency: "CBRC" }] } } });
  });

  it("a county reads only disposals of its own borrowers, after a grant", async () => {
    const { openResources } = await import("./helpers/policy.ts");
    await openResources(server, "COUNTY", ["debt.nplDisposals"]);
    const res = await server.gql(`{ nplDisposals(first: 500) { totalCount nodes { borrower { countyCode: county { code } } } } }`, {}, "COUNTY:阳东区");
    const expected = await db.nplDisposal.count({ where: { retiredAt: null, borrower: { countyCode: "441704" } } });
    expect(expected).toBeGreaterThan(0);
    expect(res.body.data.nplDisposals.totalCount).toBe(expected);
  });
});

describe("zombie enterprises' asset listings (二(四)3)", () => {
  const LIST = `query($f: ZombieAssetListingFilter) { zombieAssetListings(first: 200, filter: $f, orderBy: [{ field: ASKING_PRICE, direction: DESC }]) { totalCount nodes { listingNo status askingPrice enterprise { uscc isZombie } venue { code } } } }`;
  const UPSERT = `mutation($i: ZombieAssetListingInput!) { upsertZombieAssetListing(input: $i) {
    __typename ... on MutationUpsertZombieAssetListingSuccess { data { listingNo version status transactionPrice transactedOn enterprise { uscc } history(first: 5) { nodes { action agency } } } }
    ... on ValidationError { issues { field rule message } } } }`;

  it("lists transacted listings by asking price; every one belongs to a zombie", async () => {
    const res = await server.gql(LIST, { f: { status: ["TRANSACTED", "LISTED"] } });
    const rows = await db.zombieAssetListing.findMany({ where: { retiredAt: null, status: { in: ["TRANSACTED", "LISTED"] } }, orderBy: [{ askingPrice: "desc" }, { id: "asc" }], include: { enterprise: true, venue: true } });
    expect(rows.length).toBeGreaterThan(1);
    expect(res.body.data.zombieAssetListings).toEqual({
      totalCount: rows.length,
      nodes: rows.map((r) => ({ listingNo: r.listingNo, status: r.status, askingPrice: r.askingPrice.toFixed(), enterprise: { uscc: r.enterprise.uscc, isZombie: true }, venue: r.venue ? { code: r.venue.code } : null })),
    });
  });

  it("INDUSTRY_IT lists a zombie's land, then records the sale; a non-zombie is refused", async () => {
    const zombie = await db.enterprise.findFirstOrThrow({ where: { isZombie: true }, orderBy: { id: "asc" } });
    const sound = await db.enterprise.findFirstOrThrow({ where: { isZombie: false }, orderBy: { id: "asc" } });
    const venue = await db.tradingVenue.findFirstOrThrow({ where: { status: "OPERATING", kind: "PROPERTY_RIGHTS_EXCHANGE" } });
    const base = { listingNo: `ZATEST-${tag()}`, enterpriseUscc: zombie.uscc, assetKind: "LAND_USE_RIGHT", description: "工业用地使用权", venueCode: venue.code, listedOn: "2017-03-01", askingPrice: "8000000.00", status: "LISTED" };
    const refused = await server.gql(UPSERT, { i: { ...base, enterpriseUscc: sound.uscc, status: "TRANSACTED", transactedOn: "2017-02-01" } }, "INDUSTRY_IT");
    expect(issuesOf(refused.body.data.upsertZombieAssetListing)).toEqual([
      ["input.enterpriseUscc", "zombie"],
      ["input.transactionPrice", "required"],
      ["input.transactedOn", "dateOrder"],
    ]);
    expect(await db.zombieAssetListing.count({ where: { listingNo: base.listingNo } })).toBe(0);
    const listed = await server.gql(UPSERT, { i: base }, "INDUSTRY_IT");
    expect(listed.body.data.upsertZombieAssetListing).toMatchObject({ data: { version: 1, status: "LISTED", transactionPrice: null, enterprise: { uscc: zombie.uscc } } });
    const sold = await server.gql(UPSERT, { i: { ...base, status: "TRANSACTED", transactionPrice: "6500000.00", transactedOn: "2017-05-20", expectedVersion: 1 } }, "INDUSTRY_IT");
    expect(sold.body.data.upsertZombieAssetListing.data).toMatchObject({ version: 2, status: "TRANSACTED", transactionPrice: "6500000", transactedOn: "2017-05-20" });
    expect(sold.body.data.upsertZombieAssetListing.data.history.nodes).toEqual([{ action: "UPDATE", agency: "INDUSTRY_IT" }, { action: "CREATE", agency: "INDUSTRY_IT" }]);
  });

  it("a county government reads its own county's listings only", async () => {
    const first = await db.zombieAssetListing.findFirstOrThrow({ include: { enterprise: { include: { county: true } } }, orderBy: { id: "asc" } });
    const county = first.enterprise.county;
    const res = await server.gql(`{ zombieAssetListings(first: 200) { totalCount nodes { enterprise { county { code } } } } }`, {}, `COUNTY:${county.name}`);
    const expected = await db.zombieAssetListing.count({ where: { retiredAt: null, enterprise: { countyCode: county.code } } });
    expect(expected).toBeLessThan(await db.zombieAssetListing.count({ where: { retiredAt: null } }));
    expect(res.body.data.zombieAssetListings.totalCount).toBe(expected);
    for (const n of res.body.data.zombieAssetListings.nodes) expect(n.enterprise.county.code).toBe(county.code);
  });
});

describe("政银保 pilot loans (二(四)4)", () => {
  const LIST = `query($f: PilotLoanFilter) { pilotLoans(first: 100, filter: $f) { totalCount nodes { county { code } year amount nonPerformingRatio bank { code } insurer { code } } } }`;
  const UPSERT = `mutation($i: PilotLoanInput!) { upsertPilotLoan(input: $i) {
    __typename ... on MutationUpsertPilotLoanSuccess { data { year version loanCount county { code } bank { code } } }
    ... on ValidationError { issues { field rule message } } } }`;
  const PICC = "000002441700";
  const YDRCC = "D1128U244170401";

  it("lists by county and year, as stored, with the non-performing ratio", async () => {
    const res = await server.gql(LIST, { f: { county: "阳东区", yearFrom: 2016 } });
    const rows = await db.pilotLoan.findMany({ where: { retiredAt: null, countyCode: "441704", year: { gte: 2016 } }, orderBy: [{ year: "asc" }, { id: "asc" }], include: { bank: true, insurer: true } });
    expect(rows.length).toBeGreaterThan(1);
    expect(res.body.data.pilotLoans).toEqual({
      totalCount: rows.length,
      nodes: rows.map((r) => ({ county: { code: "441704" }, year: r.year, amount: r.amount.toFixed(), nonPerformingRatio: r.nonPerformingAmount.div(r.amount).toDecimalPlaces(6).toFixed(), bank: { code: r.bank.code }, insurer: { code: PICC } })),
    });
  });

  it("the pilot started in 阳东区 and gains a county a year", async () => {
    const rows = await db.pilotLoan.findMany({ select: { countyCode: true, year: true } });
    const firstYear = Math.min(...rows.map((r) => r.year));
    expect(rows.filter((r) => r.year === firstYear).every((r) => r.countyCode === "441704")).toBe(true);
    for (const year of new Set(rows.map((r) => r.year))) {
      expect(new Set(rows.filter((r) => r.year === year).map((r) => r.countyCode)).size).toBe(Math.min(4, year - firstYear + 1));
    }
  });

  it("a county government reads only its own county's rows", async () => {
    const res = await server.gql(LIST, {}, "COUNTY:阳东区");
    const own = await db.pilotLoan.count({ where: { retiredAt: null, countyCode: "441704" } });
    expect(own).toBeLessThan(await db.pilotLoan.count({ where: { retiredAt: null } }));
    expect(res.body.data.pilotLoans.totalCount).toBe(own);
    expect(new Set(res.body.data.pilotLoans.nodes.map((n: { county: { code: string } }) => n.county.code))).toEqual(new Set(["441704"]));
  });

  it("a county reports its own county's pilot loans, never another's", async () => {
    // The latest pilot year in the data (never the wall clock: a demo database runs on its own clock).
    const year = (await db.pilotLoan.aggregate({ _max: { year: true } }))._max.year!;
    const taken = (await db.pilotLoan.findMany({ where: { countyCode: "441704", year }, select: { bankId: true } })).map((r) => r.bankId);
    const bank = await db.institution.findFirstOrThrow({ where: { kind: "COMMERCIAL_BANK_BRANCH", id: { notIn: taken } }, orderBy: { id: "asc" } });
    const input = { county: "441704", year, bank: bank.code, insurer: PICC, loanCount: 12, amount: "2400000.00", nonPerformingAmount: "0", compensationPaid: "0" };
    const own = await server.gql(UPSERT, { i: input }, "COUNTY:阳东区");
    expect(own.body.data.upsertPilotLoan).toMatchObject({ __typename: "MutationUpsertPilotLoanSuccess", data: { year, version: 1, loanCount: 12, county: { code: "441704" }, bank: { code: bank.code } } });
    const other = await server.gql(UPSERT, { i: { ...input, county: "阳西县" } }, "COUNTY:阳东区");
    expect(other.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(await db.pilotLoan.count({ where: { countyCode: "441721", year, bankId: bank.id } })).toBe(0);
  });

  it("names each bad field and rule", async () => {
    const res = await server.gql(UPSERT, { i: { county: "441704", year: 2015, bank: PICC, insurer: YDRCC, loanCount: 0, amount: "100.00", nonPerformingAmount: "200.00", compensationPaid: "50.00" } }, "FINANCE_BUREAU");
    expect(issuesOf(res.body.data.upsertPilotLoan)).toEqual([
      ["input.year", "min"],
      ["input.loanCount", "min"],
      ["input.bank", "institutionKind"],
      ["input.insurer", "institutionKind"],
      ["input.nonPerformingAmount", "notAboveAmount"],
    ]);
  });
});
