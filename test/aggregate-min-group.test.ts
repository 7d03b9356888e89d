// Issue 10, item 6: aggregates computed over conditional data under a grant leave out groups smaller
// than the minimum group size (MIN_GROUP_SIZE, default 3) and say so in extensions.minimumGroupSize,
// so a grant on totals cannot single out one enterprise; data read unconditionally is not suppressed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onPostgres } from "./helpers/backend.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import { ConfigError, loadConfig } from "../src/config.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ scale: 0.02 });
});
afterAll(() => server?.close());

/** `requester` asks for `resource`, `owner` approves; returns the purpose to state. */
async function grant(requester: string, owner: string, resource: string, purpose: string): Promise<Record<string, string>> {
  const asked = await server.gql(
    `mutation($r: String!, $p: String!, $u: DateTime!) { requestAccess(resource: $r, purpose: $p, until: $u) { ... on MutationRequestAccessSuccess { data { id } } } }`,
    { r: resource, p: purpose, u: new Date(Date.now() + 86_400_000).toISOString() },
    requester,
  );
  const id = asked.body.data!.requestAccess.data.id as number;
  const approved = await server.gql(`mutation($id: Int!) { approveAccessRequest(requestId: $id) { __typename } }`, { id }, owner);
  expect(approved.body.data!.approveAccessRequest.__typename).toBe("MutationApproveAccessRequestSuccess");
  return { "x-purpose": encodeURIComponent(purpose) };
}

const BALANCES = `query($g: [LoanGroupKey!]!, $f: LoanFilter) { loanBalances(groupBy: $g, filter: $f) { countyCode lenderCode classification loanCount borrowerCount totalBalance } }`;
const DEBT_TOTALS = `query($g: [GovernmentDebtGroupKey!]!) { governmentDebtTotals(groupBy: $g) { countyCode debtClass count balance } }`;

type Row = Record<string, unknown>;
const suppression = (body: { extensions?: Record<string, unknown> }) => body.extensions?.minimumGroupSize as Array<Record<string, unknown>> | undefined;

describe(`minimum group size on aggregates under a grant (${onPostgres ? "PostgreSQL" : "PGlite"})`, () => {
  it("loanBalances under a grant cannot single out one borrower; the owner and READ principals see every group", async () => {
    const purpose = await grant("DEVELOPMENT_REFORM", "CBRC", "debt.loans", "贷款结构分析（汇总）");
    const sample = await server.gql(`{ loans(first: 1) { nodes { borrower { uscc } } } }`, {}, "CBRC");
    const uscc = sample.body.data!.loans.nodes[0].borrower.uscc as string;
    const vars = { g: ["LENDER", "CLASSIFICATION"], f: { borrower: uscc } };

    // FINANCE_BUREAU reads debt.loans (R): one borrower's groups, nothing suppressed or reported.
    const clear = await server.gql(BALANCES, vars, "FINANCE_BUREAU");
    const groups = clear.body.data!.loanBalances as Row[];
    expect(groups.length).toBeGreaterThan(0);
    expect(groups.every((g) => g.borrowerCount === 1)).toBe(true);
    expect(suppression(clear.body)).toBeUndefined();
    // The owner neither.
    const owner = await server.gql(BALANCES, vars, "CBRC");
    expect(owner.body.data!.loanBalances).toEqual(groups);
    expect(suppression(owner.body)).toBeUndefined();

    // Under the grant: every group is of one borrower, so none is shown, and the response says why.
    const granted = await server.gql(BALANCES, vars, "DEVELOPMENT_REFORM", purpose);
    expect(granted.body.errors).toBeUndefined();
    expect(granted.body.data!.loanBalances).toEqual([]);
    expect(suppression(granted.body)).toEqual([
      expect.objectContaining({ coordinate: "Query.loanBalances", resource: "debt.loans", rule: "minimumGroupSize", minimumGroupSize: 3, suppressedGroups: groups.length }),
    ]);
    expect(String(suppression(granted.body)![0]!.message)).toContain("single");
  });

  it("loanBalances under a grant keeps exactly the groups of at least 3 borrowers", async () => {
    const purpose = await grant("FISCAL", "CBRC", "debt.loans", "融资平台贷款汇总分析");
    const vars = { g: ["COUNTY", "LENDER"] };
    const all = (await server.gql(BALANCES, vars, "FINANCE_BUREAU")).body.data!.loanBalances as Row[];
    const granted = await server.gql(BALANCES, vars, "FISCAL", purpose);
    const kept = all.filter((g) => (g.borrowerCount as number) >= 3);
    expect(granted.body.data!.loanBalances).toEqual(kept);
    expect(suppression(granted.body)![0]).toMatchObject({ suppressedGroups: all.length - kept.length });
    // The seeded book has both kinds of group here, so the rule did something.
    expect(kept.length).toBeGreaterThan(0);
    expect(all.length - kept.length).toBeGreaterThan(0);
  });

  it("governmentDebtTotals under a grant keeps only groups of at least 3 debt items", async () => {
    const purpose = await grant("PBOC", "FISCAL", "government.debt", "地方政府债务汇总监测");
    for (const g of [["COUNTY", "CLASS"], ["CLASS"], []]) {
      const all = (await server.gql(DEBT_TOTALS, { g }, "FISCAL")).body.data!.governmentDebtTotals as Row[];
      const granted = await server.gql(DEBT_TOTALS, { g }, "PBOC", purpose);
      const kept = all.filter((r) => (r.count as number) >= 3);
      expect(granted.body.data!.governmentDebtTotals, JSON.stringify(g)).toEqual(kept);
      expect(suppression(granted.body)![0]).toMatchObject({ coordinate: "Query.governmentDebtTotals", resource: "government.debt", suppressedGroups: all.length - kept.length });
    }
  });

  it("the minimum is a setting: MIN_GROUP_SIZE, 3 unless set, at least 1", () => {
    expect(loadConfig({ NODE_ENV: "test" }).access.minGroupSize).toBe(3);
    expect(loadConfig({ NODE_ENV: "test", MIN_GROUP_SIZE: "5" }).access.minGroupSize).toBe(5);
    expect(() => loadConfig({ NODE_ENV: "test", MIN_GROUP_SIZE: "0" })).toThrow(ConfigError);
  });
});
