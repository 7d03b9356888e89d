// The enterprise rules (leverage, many banks, large exposures, top-10 lists, debt evasion): a write
// through the graph that crosses the line raises exactly one alert for exactly the responsible
// agencies; a write that clears it resolves it; a repeated evaluation raises nothing new.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import { enterpriseInput, newUscc } from "./helpers/factories.ts";
import { inDays, iso, ruleHarness } from "./helpers/alert-rules.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ scale: 0.1 });
  await h.sweepAll();
});
afterAll(() => server?.close());

const h = ruleHarness(() => server);
const BANK = "B1219H244178101";
let n = 0;
const tag = () => `${process.pid % 10000}${String(++n).padStart(4, "0")}`;

async function newEnterprise(county = "441704") {
  const input = enterpriseInput({ uscc: newUscc(county), county });
  await h.write("upsertEnterprise", { input }, "MARKET_REGULATION");
  return h.db().enterprise.findUniqueOrThrow({ where: { uscc: input.uscc } });
}

async function loan(borrower: string, lender = BANK, balance = "4000000.00") {
  const contractNo = `ALRTLD${tag()}`;
  await h.write(
    "upsertLoan",
    {
      input: { contractNo, lender, borrower, amount: balance, balance, interestRate: "0.0435", startDate: inDays(-300), maturityDate: inDays(430), purpose: "流动资金周转", classification: "NORMAL" },
    },
    "CBRC",
  );
  const row = await h.db().loan.findUniqueOrThrow({ where: { contractNo } });
  return { contractNo, row: { tableName: "loan", rowId: row.id } };
}

async function retireLoan(contractNo: string) {
  await h.write("retireLoan", { contractNo }, "CBRC");
  const row = await h.db().loan.findUniqueOrThrow({ where: { contractNo } });
  return { tableName: "loan", rowId: row.id };
}

describe("ENTERPRISE_HIGH_LEVERAGE_COMBINED", () => {
  const rule = "ENTERPRISE_HIGH_LEVERAGE_COMBINED";
  const statement = (uscc: string, totalLiabilities: string) => ({
    input: {
      uscc,
      periodEnd: "2017-12-31",
      periodType: "ANNUAL",
      totalAssets: "10000000.00",
      currentAssets: "2000000.00",
      totalLiabilities,
      currentLiabilities: "5000000.00",
      // short-term borrowings above current assets: short loans used long (短贷长用)
      shortTermBorrowings: "3000000.00",
      longTermBorrowings: "1000000.00",
      privateLending: "0.00",
      revenue: "5000000.00",
      netProfit: "100000.00",
    },
  });
  const rowOf = async (enterpriseId: number) => ({
    tableName: "financial_statement",
    rowId: (await h.db().financialStatement.findFirstOrThrow({ where: { enterpriseId, periodEnd: new Date("2017-12-31") } })).id,
  });

  it("raises on a debt ratio over the 70% line with short loans used long, and resolves when the statement is corrected", async () => {
    const e = await newEnterprise();
    await h.write("upsertFinancialStatement", statement(e.uscc, "8000000.00"), "PBOC");
    const first = await h.incremental(rule, [await rowOf(e.id)]);
    expect(first.subjects).toEqual([e.id]);
    expect(first.result).toMatchObject({ raised: 1 });
    const alert = await h.expectRaised(rule, e.id);
    expect(alert).toMatchObject({ period: "2017-12-31", subjectKey: e.uscc, countyCode: "441704" });
    expect(alert.evidence).toEqual([
      { field: "FinancialStatement.assetLiabilityRatio", value: 0.8, recordType: "FinancialStatement", recordId: (await rowOf(e.id)).rowId },
      { field: "Enterprise.shortLoansUsedLong", value: true, recordType: "Enterprise", recordId: e.id },
    ]);
    await h.expectSettled(rule);

    await h.write("upsertFinancialStatement", statement(e.uscc, "5000000.00"), "PBOC");
    expect((await h.incremental(rule, [await rowOf(e.id)])).result).toMatchObject({ resolved: 1 });
    await h.expectResolved(rule, e.id, alert.id);
    await h.expectSettled(rule);
  });
});

describe("ENTERPRISE_HIGH_LEVERAGE_COMBINED with guarantees", () => {
  const rule = "ENTERPRISE_HIGH_LEVERAGE_COMBINED";
  async function guarantee(guarantor: string, borrower: string) {
    const contractNo = `ALRTBZ${tag()}`;
    await h.write("upsertGuarantee", { input: { contractNo, guarantor, borrower, amount: "2000000.00", kind: "SURETY", startDate: inDays(-300), endDate: inDays(1160) } }, "CBRC");
    const row = await h.db().guarantee.findUniqueOrThrow({ where: { contractNo } });
    return { contractNo, row: { tableName: "guarantee", rowId: row.id } };
  }

  it("raises for an enterprise over the line in a guarantee circle, resolves when the circle is broken, and again for a mutual guarantee", async () => {
    const [a, b, c] = [await newEnterprise(), await newEnterprise(), await newEnterprise()];
    // 80% debt ratio, but no short loans used long and no private lending
    await h.write(
      "upsertFinancialStatement",
      { input: { uscc: a.uscc, periodEnd: "2017-12-31", periodType: "ANNUAL", totalAssets: "10000000.00", currentAssets: "6000000.00", totalLiabilities: "8000000.00", currentLiabilities: "3000000.00", shortTermBorrowings: "1000000.00", longTermBorrowings: "4000000.00", privateLending: "0.00", revenue: "5000000.00", netProfit: "100000.00" } },
      "PBOC",
    );
    await h.sweep(rule);
    expect(await h.alertsOf(rule, a.id)).toHaveLength(0);
    const ab = await guarantee(a.uscc, b.uscc);
    const bc = await guarantee(b.uscc, c.uscc);
    const ca = await guarantee(c.uscc, a.uscc);
    const first = await h.incremental(rule, [ab.row, bc.row, ca.row]);
    expect(first.subjects).toEqual(expect.arrayContaining([a.id, b.id, c.id]));
    expect(first.result).toMatchObject({ raised: 1 });
    const alert = await h.expectRaised(rule, a.id);
    expect((alert.evidence as { field: string }[]).map((i) => i.field)).toEqual(["FinancialStatement.assetLiabilityRatio", "Enterprise.inGuaranteeCircle"]);
    await h.expectSettled(rule);

    await h.write("retireGuarantee", { contractNo: ca.contractNo }, "CBRC");
    expect((await h.incremental(rule, [ca.row])).result).toMatchObject({ resolved: 1 });
    await h.expectResolved(rule, a.id, alert.id);
    await h.expectSettled(rule);

    // B guarantees A back: a mutual guarantee (互保) with A → B; a recurrence raises a new alert
    const ba = await guarantee(b.uscc, a.uscc);
    expect((await h.incremental(rule, [ba.row])).result).toMatchObject({ raised: 1 });
    const again = (await h.alertsOf(rule, a.id)).filter((x) => x.live);
    expect(again).toHaveLength(1);
    expect(again[0]!.id).not.toBe(alert.id);
    expect((again[0]!.evidence as { field: string }[]).map((i) => i.field)).toEqual(["FinancialStatement.assetLiabilityRatio", "Enterprise.guaranteesGiven", "Enterprise.inGuaranteeCircle"]);
    await h.expectSettled(rule);
  });
});

describe("MULTI_BANK_BORROWING", () => {
  it("raises when a third bank lends and resolves when one of the loans is retired", async () => {
    const rule = "MULTI_BANK_BORROWING";
    const banks = await h.db().institution.findMany({ where: { kind: { in: ["COMMERCIAL_BANK_BRANCH", "LOCAL_LEGAL_PERSON_BANK", "RURAL_CREDIT_COOP"] }, retiredAt: null }, orderBy: { id: "asc" }, take: 3 });
    const e = await newEnterprise();
    await loan(e.uscc, banks[0]!.code);
    await loan(e.uscc, banks[1]!.code);
    await h.sweep(rule);
    expect(await h.alertsOf(rule, e.id)).toHaveLength(0);
    const third = await loan(e.uscc, banks[2]!.code);
    expect((await h.incremental(rule, [third.row])).result).toMatchObject({ raised: 1 });
    const alert = await h.expectRaised(rule, e.id);
    expect((alert.evidence as unknown[]).length).toBe(3);
    await h.expectSettled(rule);
    expect((await h.incremental(rule, [await retireLoan(third.contractNo)])).result).toMatchObject({ resolved: 1 });
    await h.expectResolved(rule, e.id, alert.id);
    await h.expectSettled(rule);
  });
});

describe("LARGE_SINGLE_EXPOSURE", () => {
  it("raises when one bank's live loans to one enterprise exceed the amount and resolves when the loan is retired", async () => {
    const rule = "LARGE_SINGLE_EXPOSURE";
    const e = await newEnterprise();
    const big = await loan(e.uscc, BANK, "600000000.00");
    expect((await h.incremental(rule, [big.row])).result).toMatchObject({ raised: 1 });
    const alert = await h.expectRaised(rule, e.id);
    expect(alert.evidence).toEqual([{ field: "Loan.balance", value: 600000000, recordType: "Loan", recordId: big.row.rowId }]);
    await h.expectSettled(rule);
    expect((await h.incremental(rule, [await retireLoan(big.contractNo)])).result).toMatchObject({ resolved: 1 });
    await h.expectResolved(rule, e.id, alert.id);
    await h.expectSettled(rule);
  });
});

describe("TOP10_CREDIT_RISK_NEW_ENTRY", () => {
  it("raises for an enterprise new on a bank's latest list and resolves when the list is corrected", async () => {
    const rule = "TOP10_CREDIT_RISK_NEW_ENTRY";
    const bank = await h.db().institution.findUniqueOrThrow({ where: { code: BANK } });
    const latest = await h.db().topListEntry.findFirstOrThrow({ where: { institutionId: bank.id, kind: "TOP_CREDIT_RISK" }, orderBy: { month: "desc" } });
    const month = iso(latest.month);
    const original = await h.db().topListEntry.findMany({ where: { institutionId: bank.id, kind: "TOP_CREDIT_RISK", month: latest.month }, orderBy: { rank: "asc" }, include: { enterprise: true } });
    const asInput = (rows: typeof original) => rows.map((r) => ({ rank: r.rank, uscc: r.enterprise.uscc, exposure: r.exposure.toString() }));
    await h.sweep(rule);
    const e = await newEnterprise();
    // the new enterprise takes the last place (or a free one)
    const entries = original.length >= 10 ? [...asInput(original.slice(0, -1)), { rank: 10, uscc: e.uscc, exposure: "80000000" }] : [...asInput(original), { rank: original.length + 1, uscc: e.uscc, exposure: "80000000" }];
    await h.write("submitTopList", { lender: BANK, month, kind: "TOP_CREDIT_RISK", entries }, "CBRC");
    const row = await h.db().topListEntry.findFirstOrThrow({ where: { enterpriseId: e.id } });
    const { subjects } = await h.incremental(rule, [{ tableName: "top_list_entry", rowId: row.id }]);
    expect(subjects).toContain(e.id);
    const alert = await h.expectRaised(rule, e.id);
    expect(alert.period).toBe(month.slice(0, 7));
    await h.expectSettled(rule);

    await h.write("submitTopList", { lender: BANK, month, kind: "TOP_CREDIT_RISK", entries: asInput(original) }, "CBRC");
    // the entry is gone: the sweep settles it (a deleted row maps to no subject)
    expect((await h.sweep(rule)).resolved).toBeGreaterThanOrEqual(1);
    await h.expectResolved(rule, e.id, alert.id);
    await h.expectSettled(rule);
  });
});

describe("DEBT_EVASION_WITH_LOANS", () => {
  it("raises when an enterprise with loans is listed for debt evasion and resolves when the record is repaired", async () => {
    const rule = "DEBT_EVASION_WITH_LOANS";
    const e = await newEnterprise();
    await loan(e.uscc);
    const documentNo = `阳银协逃废〔2018〕${tag()}号`;
    await h.write(
      "upsertDishonestyRecord",
      { input: { documentNo, enterprise: e.uscc, list: "DEBT_EVASION", sourceAgency: "阳江市银行业协会", decidedBy: "阳江银监分局", reason: "恶意逃废银行债务", listedOn: inDays(-10) } },
      "DEVELOPMENT_REFORM",
    );
    const record = await h.db().dishonestyRecord.findUniqueOrThrow({ where: { documentNo } });
    expect((await h.incremental(rule, [{ tableName: "dishonesty_record", rowId: record.id }])).result).toMatchObject({ raised: 1 });
    const alert = await h.expectRaised(rule, e.id);
    expect((alert.evidence as { field: string }[]).map((i) => i.field)).toEqual(["DishonestyRecord.documentNo", "Loan.balance"]);
    await h.expectSettled(rule);
    await h.write("changeDishonestyStatus", { documentNo, status: "REPAIRED", changedOn: inDays(-1), expectedVersion: 1 }, "DEVELOPMENT_REFORM");
    expect((await h.incremental(rule, [{ tableName: "dishonesty_record", rowId: record.id }])).result).toMatchObject({ resolved: 1 });
    await h.expectResolved(rule, e.id, alert.id);
    await h.expectSettled(rule);
  });
});
