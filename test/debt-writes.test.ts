// Writes of loans and guarantees (owner: CBRC), and the guarantee circles guarantees make.
import { expectNotCallable } from "./helpers/attack.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "../src/generated/prisma/client.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import { enterpriseInput, newUscc } from "./helpers/factories.ts";
import {
  DebtEnterpriseDocument,
  DebtGuaranteeCirclesDocument,
  DebtGuaranteeDocument,
  DebtLoanDocument,
  DebtLoansDocument,
  DebtRetireGuaranteeDocument,
  DebtRetireLoanDocument,
  DebtUpsertGuaranteeDocument,
  DebtUpsertLoanDocument,
  UpsertEnterpriseDocument,
} from "./generated/graphql.ts";

let server: TestServer;
let db: PrismaClient;
let borrowers: string[];
beforeAll(async () => {
  server = await startTestServer({ scale: 0.02 });
  db = server.running.db.prisma;
  borrowers = (await db.enterprise.findMany({ orderBy: { id: "asc" }, take: 12, select: { uscc: true } })).map((e) => e.uscc);
});
afterAll(() => server?.close());

const OWNER = "CBRC";
const BANK = "B0001H244170001";
const NOT_A_BANK = "XD441702001";
let seq = 0;
const loanInput = (overrides: Record<string, unknown> = {}) => ({
  contractNo: `TESTYJ2026LD${process.pid}${String(++seq).padStart(4, "0")}`,
  lender: BANK,
  borrower: borrowers[0]!,
  amount: "5000000.00",
  balance: "4000000.00",
  interestRate: "0.0435",
  startDate: "2017-03-01",
  maturityDate: "2019-03-01",
  purpose: "流动资金周转",
  classification: "NORMAL" as const,
  ...overrides,
});
type Issues = { issues: { field: string; rule: string; path: string[] }[] };
const issuesOf = (result: unknown) => (result as Issues).issues.map((i) => [i.field, i.rule]);

describe("loan writes", () => {
  it("creates, then updates with the version read, recording both changes", async () => {
    const input = loanInput();
    const created = await server.gql(DebtUpsertLoanDocument, { input }, OWNER);
    expect(created.body.data!.upsertLoan).toEqual({
      __typename: "MutationUpsertLoanSuccess",
      data: { contractNo: input.contractNo, version: 1, balance: "4000000", classification: "NORMAL", isNonPerforming: false, lender: { code: BANK }, borrower: { uscc: borrowers[0] } },
    });
    const updated = await server.gql(DebtUpsertLoanDocument, { input: { ...input, balance: "3500000.00", classification: "SUBSTANDARD", expectedVersion: 1 } }, OWNER);
    expect(updated.body.data!.upsertLoan).toMatchObject({ data: { version: 2, balance: "3500000", isNonPerforming: true } });
    const history = (await server.gql(DebtLoanDocument, { contractNo: input.contractNo })).body.data!.loan!.history!.nodes!;
    expect(history.map((h) => [h!.action, h!.version, h!.agency])).toEqual([["UPDATE", 2, "CBRC"], ["CREATE", 1, "CBRC"]]);
    expect(JSON.parse(history[0]!.changes!)).toEqual({ balance: { old: "4000000", new: "3500000" }, classification: { old: "NORMAL", new: "SUBSTANDARD" } });
  });

  it("reports every bad field at once, with paths and rules, and writes nothing", async () => {
    const input = loanInput({ lender: NOT_A_BANK, borrower: "91441704MA00000019", amount: "0", balance: "-1", interestRate: "0.5", maturityDate: "2017-02-01" });
    const res = await server.gql(DebtUpsertLoanDocument, { input }, OWNER);
    expect(res.body.data!.upsertLoan!.__typename).toBe("ValidationError");
    expect(issuesOf(res.body.data!.upsertLoan).sort()).toEqual(
      [
        ["input.borrower", "uscc.checksum"],
        ["input.amount", "positive"],
        ["input.balance", "nonNegative"],
        ["input.interestRate", "range"],
        ["input.maturityDate", "dateOrder"],
        ["input.lender", "bankKind"],
      ].sort(),
    );
    const refs = await server.gql(DebtUpsertLoanDocument, { input: loanInput({ lender: "NO-SUCH-BANK", borrower: newUscc(), balance: "6000000.00" }) }, OWNER);
    expect(issuesOf(refs.body.data!.upsertLoan)).toEqual([
      ["input.balance", "notAboveAmount"],
      ["input.lender", "exists"],
      ["input.borrower", "exists"],
    ]);
    expect(await db.loan.count({ where: { contractNo: input.contractNo } })).toBe(0);
  });

  it("refuses a stale version, and returns the first result to a retry with the same key", async () => {
    const input = loanInput();
    await server.gql(DebtUpsertLoanDocument, { input }, OWNER);
    await server.gql(DebtUpsertLoanDocument, { input: { ...input, balance: "3900000.00", expectedVersion: 1 } }, OWNER);
    const stale = await server.gql(DebtUpsertLoanDocument, { input: { ...input, balance: "1.00", expectedVersion: 1 } }, OWNER);
    expect(stale.body.data!.upsertLoan).toMatchObject({ __typename: "ConflictError", currentVersion: 2 });

    const other = loanInput();
    const first = await server.gql(DebtUpsertLoanDocument, { input: other, key: `loan-${other.contractNo}` }, OWNER);
    const retry = await server.gql(DebtUpsertLoanDocument, { input: other, key: `loan-${other.contractNo}` }, OWNER);
    expect(retry.body.data).toEqual(first.body.data);
    const row = await db.loan.findUniqueOrThrow({ where: { contractNo: other.contractNo } });
    expect(await db.changeRecord.count({ where: { entityType: "Loan", entityId: row.id } })).toBe(1);
    const reused = await server.gql(DebtUpsertLoanDocument, { input: { ...other, balance: "1.00" }, key: `loan-${other.contractNo}` }, OWNER);
    expect(reused.body.data!.upsertLoan!.__typename).toBe("ConflictError");
  });

  it("retires a loan: readable, out of lists unless asked, and not twice", async () => {
    const input = loanInput({ borrower: borrowers[1]! });
    await server.gql(DebtUpsertLoanDocument, { input }, OWNER);
    const retired = await server.gql(DebtRetireLoanDocument, { contractNo: input.contractNo, expectedVersion: 1 }, OWNER);
    expect(retired.body.data!.retireLoan).toMatchObject({ __typename: "MutationRetireLoanSuccess", data: { contractNo: input.contractNo, version: 2 } });
    const listed = async (includeRetired: boolean) =>
      (await server.gql(DebtLoansDocument, { first: 500, filter: { borrower: borrowers[1]!, includeRetired } })).body.data!.loans!.nodes!.map((l) => l!.contractNo);
    expect(await listed(false)).not.toContain(input.contractNo);
    expect(await listed(true)).toContain(input.contractNo);
    expect((await server.gql(DebtRetireLoanDocument, { contractNo: input.contractNo }, OWNER)).body.data!.retireLoan!.__typename).toBe("ConflictError");
    expect((await server.gql(DebtRetireLoanDocument, { contractNo: "NO-SUCH-LOAN" }, OWNER)).body.data!.retireLoan!.__typename).toBe("NotFoundError");
  });

  it("refuses loan and guarantee writes from an agency that does not own the data", async () => {
    const input = loanInput();
    const writes = [
      server.gql(DebtRetireLoanDocument, { contractNo: "X" }, "FINANCE_BUREAU"),
      server.gql(DebtUpsertGuaranteeDocument, { input: guaranteeInput(borrowers[2]!, borrowers[3]!) }, "FINANCE_BUREAU"),
    ];
    for (const res of await Promise.all(writes)) expect(res.body.errors![0]!.extensions!.code).toBe("FORBIDDEN");
    // To the PBOC the mutation is outside its view: as one that does not exist.
    expectNotCallable(await server.gql(DebtUpsertLoanDocument, { input }, "PBOC"), "upsertLoan");
    expect(await db.loan.count({ where: { contractNo: input.contractNo } })).toBe(0);
  });
});

function guaranteeInput(guarantor: string, borrower: string, overrides: Record<string, unknown> = {}) {
  return { contractNo: `TESTYJ2026BZ${process.pid}${String(++seq).padStart(4, "0")}`, guarantor, borrower, amount: "2000000.00", kind: "SURETY" as const, startDate: "2017-03-01", endDate: "2021-03-01", ...overrides };
}

describe("guarantee writes and the circles they make", () => {
  it("records a guarantee of a loan, and reports bad parties, loan and dates together", async () => {
    const loan = loanInput({ borrower: borrowers[4]! });
    await server.gql(DebtUpsertLoanDocument, { input: loan }, OWNER);
    const input = guaranteeInput(borrowers[5]!, borrowers[4]!, { loan: loan.contractNo });
    const res = await server.gql(DebtUpsertGuaranteeDocument, { input }, OWNER);
    expect(res.body.data!.upsertGuarantee).toEqual({
      __typename: "MutationUpsertGuaranteeSuccess",
      data: { contractNo: input.contractNo, version: 1, isMutual: false, guarantor: { uscc: borrowers[5] }, borrower: { uscc: borrowers[4] }, loan: { contractNo: loan.contractNo } },
    });
    const history = (await server.gql(DebtGuaranteeDocument, { contractNo: input.contractNo })).body.data!.guarantee!.history!.nodes!;
    expect(history.map((h) => h!.action)).toEqual(["CREATE"]);

    const bad = guaranteeInput(borrowers[6]!, borrowers[6]!, { loan: loan.contractNo, amount: "-3", endDate: "2016-01-01" });
    const refused = await server.gql(DebtUpsertGuaranteeDocument, { input: bad }, OWNER);
    expect(issuesOf(refused.body.data!.upsertGuarantee)).toEqual([
      ["input.amount", "positive"],
      ["input.borrower", "distinct"],
      ["input.endDate", "dateOrder"],
      ["input.loan", "loanBorrower"],
    ]);
    expect(await db.guarantee.count({ where: { contractNo: bad.contractNo } })).toBe(0);
  });

  it("closes a circle with its third guarantee, sees a mutual pair, and opens the circle when one is retired", async () => {
    const [a, b, c] = [enterpriseInput(), enterpriseInput(), enterpriseInput()];
    for (const e of [a, b, c]) expect((await server.gql(UpsertEnterpriseDocument, { input: e }, "MARKET_REGULATION")).body.data!.upsertEnterprise!.__typename).toBe("MutationUpsertEnterpriseSuccess");
    const ab = guaranteeInput(a.uscc, b.uscc, { amount: "1000000.00" });
    const bc = guaranteeInput(b.uscc, c.uscc, { amount: "2000000.00" });
    const ca = guaranteeInput(c.uscc, a.uscc, { amount: "3000000.00" });
    await server.gql(DebtUpsertGuaranteeDocument, { input: ab }, OWNER);
    await server.gql(DebtUpsertGuaranteeDocument, { input: bc }, OWNER);
    expect((await server.gql(DebtEnterpriseDocument, { uscc: a.uscc })).body.data!.enterprise!.inGuaranteeCircle).toBe(false);

    await server.gql(DebtUpsertGuaranteeDocument, { input: ca }, OWNER);
    const circle = { length: 3, isMutual: false, totalAmount: "6000000", members: [{ uscc: a.uscc }, { uscc: b.uscc }, { uscc: c.uscc }] };
    for (const e of [a, b, c]) {
      const res = await server.gql(DebtEnterpriseDocument, { uscc: e.uscc });
      expect(res.body.data!.enterprise).toMatchObject({ inGuaranteeCircle: true, guaranteeCircles: [circle] });
    }
    const all = await server.gql(DebtGuaranteeCirclesDocument, { county: "441704", minLength: 3 });
    expect(all.body.data!.guaranteeCircles!.map((x) => x.members!.map((m) => m.uscc))).toContainEqual([a.uscc, b.uscc, c.uscc]);

    const ba = guaranteeInput(b.uscc, a.uscc, { amount: "500000.00" });
    await server.gql(DebtUpsertGuaranteeDocument, { input: ba }, OWNER);
    expect((await server.gql(DebtGuaranteeDocument, { contractNo: ab.contractNo })).body.data!.guarantee!.isMutual).toBe(true);
    const withPair = await server.gql(DebtEnterpriseDocument, { uscc: a.uscc });
    expect(withPair.body.data!.enterprise!.guaranteeCircles).toEqual([{ length: 2, isMutual: true, totalAmount: "1500000", members: [{ uscc: a.uscc }, { uscc: b.uscc }] }, circle]);

    const retired = await server.gql(DebtRetireGuaranteeDocument, { contractNo: ca.contractNo, expectedVersion: 1 }, OWNER);
    expect(retired.body.data!.retireGuarantee).toMatchObject({ data: { version: 2 } });
    const after = await server.gql(DebtEnterpriseDocument, { uscc: c.uscc });
    expect(after.body.data!.enterprise).toMatchObject({ inGuaranteeCircle: false, guaranteeCircles: [] });
  });
});
