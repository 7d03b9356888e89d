// Issue 13, item 3: access decided per field coordinate, not per field value. A rule that depends
// only on the principal, its grants and the field is decided once per coordinate, before
// execution, and kept for the next requests with the same principal and access state; a grant
// approved or revoked, or another purpose stated, is another key, so it counts at once. Aliases and
// fragments of a denied field stay denied, and a field without a rule still meets the fallback deny.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSchema, execute, parse } from "graphql";
import { compilePermissions, ruleEvaluations } from "../src/access/shield.ts";
import { RequestAccess } from "../src/access/request-access.ts";
import { onPostgres } from "./helpers/backend.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ scale: 0.02 });
});
afterAll(() => server?.close());

const NESTED = `query CoordNested { enterprises(first: 10) { nodes { uscc name loans(first: 5) { nodes { contractNo amount balance lender { code name } } } bonds(first: 3) { nodes { code amount } } } } }`;
const PURPOSE = "coordinate-cache: monitoring of key enterprises' loans";
const LOANS = `query CoordLoans { loans(first: 3) { nodes { contractNo balance } } }`;
const RESULT = `__typename ... on MutationError { message }`;

async function counted<T>(run: () => Promise<T>): Promise<{ result: T; coordinate: number; row: number }> {
  const before = { ...ruleEvaluations };
  const result = await run();
  return { result, coordinate: ruleEvaluations.coordinate - before.coordinate, row: ruleEvaluations.row - before.row };
}

describe(`access decided per field coordinate (${onPostgres ? "PostgreSQL" : "PGlite"})`, () => {
  it("(a) decides each coordinate once; a second identical request evaluates no row-independent rule", async () => {
    const first = await counted(() => server.gql(NESTED, {}, "DEVELOPMENT_REFORM"));
    expect(first.result.body.errors, JSON.stringify(first.result.body.errors)).toBeDefined(); // loans are conditional for DEVELOPMENT_REFORM
    const nodes = first.result.body.data!.enterprises.nodes as unknown[];
    expect(nodes.length).toBeGreaterThan(1);
    // At most one evaluation per coordinate of the document, however many rows.
    expect(first.coordinate).toBeGreaterThan(0);
    expect(first.coordinate).toBeLessThanOrEqual(14);
    const second = await counted(() => server.gql(NESTED, {}, "DEVELOPMENT_REFORM"));
    expect(second.coordinate).toBe(0);
    // The county scope of the enterprise fields still runs per value.
    expect(second.row).toBeGreaterThanOrEqual(nodes.length * 2);
    expect(second.result.body.data).toEqual(first.result.body.data);
    const stable = (errors: unknown[] | undefined) => errors?.map((e) => ({ ...(e as object), extensions: { ...(e as { extensions: object }).extensions, requestId: undefined } }));
    expect(stable(second.result.body.errors)).toEqual(stable(first.result.body.errors));
  });

  it("(b) a grant approved between two identical requests opens the field at once; (c) revoked, it is denied on the next", async () => {
    const header = { "x-purpose": encodeURIComponent(PURPOSE) };
    const before = await server.gql(LOANS, {}, "DEVELOPMENT_REFORM", header);
    expect(before.body.data!.loans).toBeNull();
    expect(before.body.errors![0]!.extensions).toMatchObject({ code: "FORBIDDEN", resource: "debt.loans", coordinate: "Query.loans" });
    // decided from the cache the second time, still denied
    const again = await counted(() => server.gql(LOANS, {}, "DEVELOPMENT_REFORM", header));
    expect(again.coordinate).toBe(0);
    expect(again.result.body.data!.loans).toBeNull();

    const asked = await server.gql(
      `mutation($p: String!, $u: DateTime!) { requestAccess(resource: "debt.loans", purpose: $p, until: $u) { ... on MutationRequestAccessSuccess { data { id } } } }`,
      { p: PURPOSE, u: new Date(Date.now() + 86_400_000).toISOString() },
      "DEVELOPMENT_REFORM",
    );
    const approved = await server.gql(`mutation($id: Int!) { approveAccessRequest(requestId: $id) { ... on MutationApproveAccessRequestSuccess { data { id } } } }`, { id: asked.body.data!.requestAccess.data.id }, "CBRC");
    const grantId = approved.body.data!.approveAccessRequest.data.id as number;

    const granted = await server.gql(LOANS, {}, "DEVELOPMENT_REFORM", header);
    expect(granted.body.errors, JSON.stringify(granted.body.errors)).toBeUndefined();
    expect(granted.body.data!.loans.nodes.length).toBeGreaterThan(0);
    // Without the purpose the grant does not open it: the purpose is part of the key.
    const noPurpose = await server.gql(LOANS, {}, "DEVELOPMENT_REFORM");
    expect(noPurpose.body.data!.loans).toBeNull();
    expect(noPurpose.body.errors![0]!.extensions).toMatchObject({ code: "FORBIDDEN", resource: "debt.loans" });
    // Read under the grant from cached decisions: the purpose still goes to the audit.
    const cached = await counted(() => server.gql(LOANS, {}, "DEVELOPMENT_REFORM", header));
    expect(cached.coordinate).toBe(0);
    expect(cached.result.body.extensions!.useLimits).toEqual([expect.objectContaining({ grantId, resource: "debt.loans", purpose: PURPOSE })]);
    const own = await server.gql(`{ auditEntries(filter: { resource: "debt.loans" }, first: 3) { operationName purpose } }`, {}, "DEVELOPMENT_REFORM");
    expect(own.body.data!.auditEntries[0]).toMatchObject({ operationName: "CoordLoans", purpose: PURPOSE });

    const revoked = await server.gql(`mutation($id: Int!) { revokeAccessGrant(grantId: $id, reason: "撤销授权的理由") { ${RESULT} } }`, { id: grantId }, "CBRC");
    expect(revoked.body.data!.revokeAccessGrant.__typename).toBe("MutationRevokeAccessGrantSuccess");
    const after = await server.gql(LOANS, {}, "DEVELOPMENT_REFORM", header);
    expect(after.body.data!.loans).toBeNull();
    expect(after.body.errors![0]!.extensions).toMatchObject({ code: "FORBIDDEN", resource: "debt.loans", coordinate: "Query.loans" });
  });

  it("(d) aliases and fragments of a denied field are denied, from the cache as at first", async () => {
    const query = `query CoordAliases {
      enterprises(first: 3) { nodes { uscc g: guaranteesGiven(first: 1) { nodes { id } } ...E ... on Enterprise { r: guaranteesReceived(first: 1) { nodes { id } } } } }
      ...Q
    }
    fragment E on Enterprise { guaranteesGiven(first: 1) { nodes { contractNo } } }
    fragment Q on Query { circles: guaranteeCircles(maxLength: 4) { length } }`;
    for (let i = 0; i < 2; i++) {
      const res = await counted(() => server.gql(query, {}, "COUNTY:阳东区"));
      if (i === 1) expect(res.coordinate).toBe(0);
      const body = res.result.body;
      expect(body.data!.circles).toBeNull();
      const nodes = body.data!.enterprises.nodes as Record<string, unknown>[];
      expect(nodes.length).toBeGreaterThan(0);
      for (const n of nodes) {
        expect(typeof n.uscc).toBe("string");
        expect(n.g).toBeNull();
        expect(n.guaranteesGiven).toBeNull();
        expect(n.r).toBeNull();
      }
      const coordinates = body.errors!.map((e) => e.extensions?.coordinate).sort();
      expect(coordinates).toEqual(["Enterprise.guaranteesGiven", "Enterprise.guaranteesReceived", "Query.guaranteeCircles"]);
      for (const e of body.errors!) expect(e.extensions).toMatchObject({ code: "FORBIDDEN", resource: "debt.guarantees" });
    }
  });

  it("(e) a field without a rule meets the fallback deny", async () => {
    const schema = compilePermissions(buildSchema(`type Query { coordinateCacheUnclassified: String }`));
    const access = new RequestAccess({ agency: "FINANCE_BUREAU", countyCode: null, name: "t", kind: "SYSTEM", keyPrefix: "t" }, { overrides: new Map(), grants: new Map(), purpose: null });
    const rootValue = { coordinateCacheUnclassified: "secret" };
    for (let i = 0; i < 2; i++) {
      const result = await execute({ schema, document: parse(`{ coordinateCacheUnclassified }`), rootValue, contextValue: { access, principal: access.principal, loaders: new Map() } });
      expect(result.data).toEqual({ coordinateCacheUnclassified: null });
      expect(result.errors![0]!.extensions).toMatchObject({ code: "FORBIDDEN", coordinate: "Query.coordinateCacheUnclassified" });
      expect(JSON.stringify(result)).not.toContain("secret");
    }
  });
});
