// Any valid selection of a mutation's result works, for every mutation of the schema: one that
// asks nothing of the record written (only __typename, or only an error member of the result
// union) gets its answer, not an INTERNAL_SERVER_ERROR after the write committed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import { mutationCases, mutationDocument, mutationFields, SELECTIONS, type MutationCase } from "./helpers/mutations.ts";

let server: TestServer;
let cases: Record<string, MutationCase>;
beforeAll(async () => {
  server = await startTestServer({ scale: 0.02 });
  cases = mutationCases(server);
});
afterAll(() => server?.close());

const names = mutationFields().map((f) => f.name);

describe("selections that ask nothing of the record written", () => {
  it("has a case for every mutation", () => {
    expect(names.filter((name) => !cases[name])).toEqual([]);
  });

  for (const name of names) {
    it(`${name} { __typename } and ${name} { ... on ValidationError }`, { timeout: 60_000 }, async () => {
      const c = cases[name]!;
      const typename = await c.prepare();
      const bare = await server.gql(mutationDocument(name, Object.keys(typename), SELECTIONS.typenameOnly()), typename, c.as);
      expect(bare.body, JSON.stringify(bare.body)).toEqual({ data: { [name]: { __typename: expect.stringMatching(/Success$/) } }, extensions: expect.anything() });

      const member = await c.prepare();
      const other = await server.gql(mutationDocument(name, Object.keys(member), SELECTIONS.errorMemberOnly()), member, c.as);
      expect(other.body, JSON.stringify(other.body)).toEqual({ data: { [name]: {} }, extensions: expect.anything() });
    });
  }

  it("reads back the loans of a file with a selection of only __typename", async () => {
    const args = await cases.upsertLoans!.prepare();
    const res = await server.gql(`mutation($input: LoanFileInput!) { upsertLoans(input: $input) { ... on MutationUpsertLoansSuccess { data { created loans { __typename } } } } }`, args, "CBRC");
    expect(res.body, JSON.stringify(res.body)).toEqual({ data: { upsertLoans: { data: { created: 3, loans: [{ __typename: "Loan" }, { __typename: "Loan" }, { __typename: "Loan" }] } } }, extensions: expect.anything() });
  });
});
