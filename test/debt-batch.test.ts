// upsertLoans: a bank's monthly loan file, validated row by row and written all or nothing.
import { expectNotCallable } from "./helpers/attack.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "../src/generated/prisma/client.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import { newUscc } from "./helpers/factories.ts";
import { DebtLoanDocument, DebtUpsertLoansDocument, type LoanInput } from "./generated/graphql.ts";

let server: TestServer;
let db: PrismaClient;
let borrowers: string[];
beforeAll(async () => {
  server = await startTestServer({ scale: 0.02 });
  db = server.running.db.prisma;
  borrowers = (await db.enterprise.findMany({ orderBy: { id: "asc" }, take: 20, select: { uscc: true } })).map((e) => e.uscc);
});
afterAll(() => server?.close());

const OWNER = "CBRC";
let files = 0;
/** A file of `n` valid loans with contract numbers of its own. */
function loanFile(n: number): LoanInput[] {
  const prefix = `F${process.pid}${++files}`;
  return Array.from({ length: n }, (_, i) => ({
    contractNo: `${prefix}YJ2026LD${String(i).padStart(6, "0")}`,
    lender: i % 3 ? "B0001H244170001" : "B1218H244170001",
    borrower: borrowers[i % borrowers.length]!,
    amount: `${1_000_000 + i * 100}.00`,
    balance: "800000.00",
    interestRate: "0.0435",
    startDate: "2017-01-15",
    maturityDate: "2019-01-15",
    purpose: "流动资金周转",
    classification: "NORMAL",
  }));
}
const countWith = (prefix: string) => db.loan.count({ where: { contractNo: { startsWith: prefix } } });
type Issues = { issues: { field: string; rule: string; path: string[] }[] };

describe("a bank's loan file", () => {
  it("reports all three bad rows among 100, with their row paths, and writes nothing", async () => {
    const rows = loanFile(100);
    rows[17] = { ...rows[17]!, amount: "-5" };
    rows[42] = { ...rows[42]!, borrower: newUscc() };
    rows[88] = { ...rows[88]!, maturityDate: "2016-12-31" };
    const history = await db.changeRecord.count();
    const res = await server.gql(DebtUpsertLoansDocument, { input: { rows } }, OWNER);
    const result = res.body.data!.upsertLoans!;
    expect(result.__typename).toBe("ValidationError");
    const issues = (result as Issues).issues;
    expect(issues.map((i) => [i.field, i.rule])).toEqual([
      ["input.rows[17].amount", "positive"],
      ["input.rows[42].borrower", "exists"],
      ["input.rows[88].maturityDate", "dateOrder"],
    ]);
    expect(issues[0]!.path).toEqual(["input", "rows", "17", "amount"]);
    expect(await countWith(rows[0]!.contractNo.slice(0, 8))).toBe(0);
    expect(await db.changeRecord.count()).toBe(history);
  });

  it("refuses a contract number twice in one file, and a file of more than 5,000 rows", async () => {
    const rows = loanFile(5);
    rows[3] = { ...rows[3]!, contractNo: rows[1]!.contractNo };
    const dup = await server.gql(DebtUpsertLoansDocument, { input: { rows } }, OWNER);
    expect((dup.body.data!.upsertLoans as Issues).issues.map((i) => [i.field, i.rule])).toEqual([["input.rows[3].contractNo", "unique"]]);

    // Minimal rows keep the request under the server's body limit; the size is checked first.
    const tiny = Array.from({ length: 5001 }, (_, i) => ({ contractNo: String(i), lender: "", borrower: "", amount: "1", balance: "0", interestRate: "0", startDate: "2017-01-01", maturityDate: "2017-01-02", purpose: "", classification: "NORMAL" as const }));
    const big = await server.gql(DebtUpsertLoansDocument, { input: { rows: tiny } }, OWNER);
    expect((big.body.data!.upsertLoans as Issues).issues.map((i) => [i.field, i.rule])).toEqual([["input.rows", "maxItems"]]);
  });

  it("creates 1,000 loans, then on resend counts created, updated and unchanged, with history", async () => {
    const rows = loanFile(1000);
    const started = performance.now();
    const created = await server.gql(DebtUpsertLoansDocument, { input: { rows } }, OWNER);
    const ms = performance.now() - started;
    const data = (created.body.data!.upsertLoans as { data: { created: number; updated: number; unchanged: number; rows: { action: string }[]; loans: { contractNo: string; version: number }[] } }).data;
    expect([data.created, data.updated, data.unchanged]).toEqual([1000, 0, 0]);
    expect(data.loans.map((l) => l.contractNo)).toEqual(rows.map((r) => r.contractNo));
    expect(ms).toBeLessThan(15_000);
    console.info(`upsertLoans: 1,000 new loans in ${Math.round(ms)} ms, ${created.body.extensions!.statements} statements`);

    const changed = rows.map((r, i) => (i % 4 === 0 ? { ...r, balance: "700000.00", classification: "SPECIAL_MENTION" as const } : r));
    const extra = loanFile(10);
    const resend = await server.gql(DebtUpsertLoansDocument, { input: { rows: [...changed, ...extra] } }, OWNER);
    const second = (resend.body.data!.upsertLoans as { data: typeof data }).data;
    expect([second.created, second.updated, second.unchanged]).toEqual([10, 250, 750]);
    expect(second.rows.slice(0, 2).map((r) => r.action)).toEqual(["UPDATED", "UNCHANGED"]);
    expect(second.loans[0]!.version).toBe(2);

    const loan = await server.gql(DebtLoanDocument, { contractNo: rows[0]!.contractNo });
    expect(loan.body.data!.loan!.history!.nodes!.map((h) => [h!.action, h!.version, JSON.parse(h!.changes!).balance ?? null])).toEqual([
      ["UPDATE", 2, { old: "800000", new: "700000" }],
      ["CREATE", 1, { old: null, new: "800000" }],
    ]);
    const ids = (await db.loan.findMany({ where: { contractNo: { in: rows.map((r) => r.contractNo) } }, select: { id: true } })).map((l) => l.id);
    expect(await db.changeRecord.count({ where: { entityType: "Loan", entityId: { in: ids } } })).toBe(1250);
  });

  it("costs the same number of statements for 10 rows as for 1,000", async () => {
    const statementsFor = async (n: number) => {
      const rows = loanFile(n);
      await server.gql(DebtUpsertLoansDocument, { input: { rows: rows.slice(0, n / 2) } }, OWNER);
      // half updates, half creations
      const res = await server.gql(DebtUpsertLoansDocument, { input: { rows: rows.map((r) => ({ ...r, balance: "100.00" })) } }, OWNER);
      expect((res.body.data!.upsertLoans as { data: { created: number; updated: number } }).data).toMatchObject({ created: n / 2, updated: n / 2 });
      return res.body.extensions!.statements;
    };
    expect(await statementsFor(10)).toBe(await statementsFor(1000));
  });

  it("refuses a file with a stale version in any row, writing nothing", async () => {
    const rows = loanFile(20);
    await server.gql(DebtUpsertLoansDocument, { input: { rows } }, OWNER);
    const next = rows.map((r, i) => ({ ...r, balance: "1.00", expectedVersion: i === 7 ? 5 : 1 }));
    const res = await server.gql(DebtUpsertLoansDocument, { input: { rows: next } }, OWNER);
    expect(res.body.data!.upsertLoans).toMatchObject({ __typename: "ConflictError", message: expect.stringContaining(`row 7: loan ${rows[7]!.contractNo} is at version 1, not 5`) });
    expect(await db.loan.count({ where: { contractNo: { in: rows.map((r) => r.contractNo) }, version: 1 } })).toBe(20);
  });

  it("answers a retried file from its idempotency key, and only CBRC may send one", async () => {
    const rows = loanFile(30);
    const first = await server.gql(DebtUpsertLoansDocument, { input: { rows }, key: `file-${rows[0]!.contractNo}` }, OWNER);
    const retry = await server.gql(DebtUpsertLoansDocument, { input: { rows }, key: `file-${rows[0]!.contractNo}` }, OWNER);
    expect(retry.body.data).toEqual(first.body.data);
    expect((retry.body.data!.upsertLoans as { data: { created: number } }).data.created).toBe(30);
    const denied = await server.gql(DebtUpsertLoansDocument, { input: { rows: loanFile(2) } }, "PBOC");
    expectNotCallable(denied, "upsertLoans");
  });
});
