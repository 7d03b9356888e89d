// The checks that run before execution keep what depends on the document alone, per document
// (Apollo keeps one parsed document per query text): the literals the storable-text check found,
// the fields whose arguments the graph interprets, and a pass of the structural limits (aliases,
// directives, depth). What depends on the request is checked on every request: variables, the
// cost (page sizes come from variables), the arguments' values. So one document sent again and
// again, with good and bad variables in turn, must be refused exactly when its request is bad, and
// a document refused once is refused every time.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onPostgres } from "./helpers/backend.ts";
import { refusedWith, send } from "./helpers/http.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";

let server: TestServer;
let plain: TestServer;
beforeAll(async () => {
  [server, plain] = await Promise.all([startTestServer({ scale: 0.02, env: { MAX_DEPTH: "4", MAX_COST: "20" } }), startTestServer({ scale: 0.02 })]);
});
afterAll(async () => {
  await server?.close();
  await plain?.close();
});

const gql = (query: string, variables?: Record<string, unknown>) => send(server, { body: { query, ...(variables ? { variables } : {}) } });

describe(`document checks kept per document (${onPostgres ? "PostgreSQL" : "PGlite"})`, () => {
  it("refuses a document beyond the depth limit every time it is sent, and passes one within it every time", async () => {
    const deep = `{ enterprises(first: 1) { nodes { loans(first: 1) { nodes { amount } } } } }`;
    for (let i = 0; i < 3; i++) expect(refusedWith(await gql(deep), 400).extensions).toMatchObject({ code: "GRAPHQL_VALIDATION_FAILED", limit: "depth" });
    const within = `{ enterprises(first: 1) { nodes { uscc } } }`;
    for (let i = 0; i < 3; i++) expect((await gql(within)).status).toBe(200);
  });

  it("prices the same document from each request's variables: a pass does not carry over to a costlier page", async () => {
    const q = `query($n: Int!) { enterprises(first: $n) { nodes { uscc name } } }`;
    expect((await gql(q, { n: 5 })).status).toBe(200);
    expect(refusedWith(await gql(q, { n: 10 }), 400).extensions).toMatchObject({ limit: "cost" });
    expect((await gql(q, { n: 5 })).status).toBe(200);
  });

  it("refuses a document whose literal cannot be stored every time, and checks each request's variables", async () => {
    const literal = `{ enterprise(uscc: "a\\u0000b") { name } }`;
    for (let i = 0; i < 2; i++) expect(refusedWith(await gql(literal), 400).extensions).toMatchObject({ code: "BAD_USER_INPUT", rule: "storableText" });
    const q = `query($u: String!) { enterprise(uscc: $u) { name } }`;
    expect((await gql(q, { u: "914417020000000000" })).status).toBe(200);
    expect(refusedWith(await gql(q, { u: "a\u0000b" }), 400).extensions).toMatchObject({ code: "BAD_USER_INPUT", rule: "storableText", field: "variable $u" });
    expect((await gql(q, { u: "914417020000000000" })).status).toBe(200);
  });

  it("checks each request's page size against the argument's bounds, for the same document", async () => {
    const q = `query($n: Int!) { enterprises(first: $n) { nodes { uscc } } }`;
    expect((await gql(q, { n: 3 })).status).toBe(200);
    expect(refusedWith(await gql(q, { n: -1 }), 400).extensions).toMatchObject({ code: "BAD_USER_INPUT" });
    expect((await gql(q, { n: 3 })).status).toBe(200);
  });

  it("lists the resources an operation read in its audit entry from the request's refusals, for the same document", async () => {
    // DEVELOPMENT_REFORM may not filter loans (it reads them on request only): the filter refuses
    // the institutions' loans, and nothing beneath them is read. Without it, the loans are denied
    // field by field and their borrowers still read.
    const q = `query($f: LoanFilter) { institutions(first: 3) { nodes { name loans(first: 5, filter: $f) { nodes { contractNo borrower { name } } } } } }`;
    const resourcesOf = async (variables: Record<string, unknown>) => {
      const res = await send(plain, { as: "DEVELOPMENT_REFORM", body: { query: q, variables } });
      expect(res.status).toBe(200);
      const entry = await plain.running.db.prisma.auditEntry.findFirstOrThrow({ where: { requestId: res.headers.get("x-request-id")! } });
      return entry.resources;
    };
    for (let i = 0; i < 2; i++) {
      expect(await resourcesOf({ f: { amount: { min: "1" } } })).toEqual(["institutions.registry"]);
      expect(await resourcesOf({ f: null })).toEqual(["enterprise.registration", "institutions.registry"]);
    }
  });
  it("refuses a filter on data the principal cannot read in clear by each request's variables and principal, for the same document", async () => {
    // The filter guard keeps the document's filter arguments; their values and the principal's
    // access are looked at per request (src/access/filter-guard.ts).
    const q = `query($f: LoanFilter) { institutions(first: 3) { nodes { name loans(first: 5, filter: $f) { nodes { contractNo } } } } }`;
    const literal = `{ institutions(first: 3) { nodes { name loans(first: 5, filter: { amount: { min: "1" } }) { nodes { contractNo } } } } }`;
    const refusals = async (as: string, query: string, variables?: Record<string, unknown>) => {
      const res = await send(plain, { as, body: { query, ...(variables ? { variables } : {}) } });
      expect(res.status).toBe(200);
      const errors = (res.body.errors ?? []) as Array<{ extensions?: { input?: string; coordinate?: string } }>;
      return errors.filter((e) => e.extensions?.input).map((e) => ({ input: e.extensions!.input, coordinate: e.extensions!.coordinate }));
    };
    const refused = [{ input: "LoanFilter.amount", coordinate: "Institution.loans" }];
    for (let i = 0; i < 2; i++) {
      expect(await refusals("DEVELOPMENT_REFORM", q, { f: { amount: { min: "1" } } })).toEqual(refused);
      expect(await refusals("DEVELOPMENT_REFORM", q, { f: null })).toEqual([]);
      expect(await refusals("FINANCE_BUREAU", q, { f: { amount: { min: "1" } } })).toEqual([]);
      expect(await refusals("DEVELOPMENT_REFORM", literal)).toEqual(refused);
      expect(await refusals("FINANCE_BUREAU", literal)).toEqual([]);
    }
  });
});
