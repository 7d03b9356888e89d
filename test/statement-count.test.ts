// No N+1: the SQL statements of an operation depend on its shape, not on its page size.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NestedEnterprisesDocument } from "./generated/graphql.ts";
import { onPostgres } from "./helpers/backend.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ scale: 0.1 });
});
afterAll(() => server?.close());

describe(`statements per operation on ${onPostgres ? "PostgreSQL" : "PGlite"}`, () => {
  // One statement: the page with every nested level built as JSON by PostgreSQL (src/db/json-query/);
  // with JSON_QUERIES=off Prisma sends one per relation level (11).
  it("the nested enterprise read costs the same for 10 and for 50 enterprises: one statement", async () => {
    const counts: Record<number, number> = {};
    for (const first of [10, 50]) {
      const res = await server.gql(NestedEnterprisesDocument, { first });
      expect(res.body.errors).toBeUndefined();
      const nodes = res.body.data!.enterprises!.nodes!;
      expect(nodes).toHaveLength(first);
      counts[first] = res.body.extensions!.statements as number;
    }
    // The page of 50 really carries nested data at every level, or the count would prove nothing.
    const page = (await server.gql(NestedEnterprisesDocument, { first: 50 })).body.data!.enterprises!.nodes!;
    expect(page.some((e) => e!.loans!.nodes!.some((l) => l!.lender!.name))).toBe(true);
    expect(page.some((e) => e!.guaranteesGiven!.nodes!.length)).toBe(true);
    expect(page.some((e) => e!.guaranteesReceived!.nodes!.length)).toBe(true);
    expect(page.some((e) => e!.bonds!.nodes!.some((b) => b!.schedule!.some((s) => s!.payments!.length)))).toBe(true);
    expect(page.some((e) => e!.dishonestyRecords!.nodes!.length)).toBe(true);

    console.log(`nested read statements: ${JSON.stringify(counts)}`);
    expect(counts[50]).toBe(counts[10]);
    expect(counts[50]).toBe(1);
  });

  it("a request costs no SQL of its own: the API key, grants, policy overrides and counties come from memory", async () => {
    // `requestStatements` counts everything the request sent (credential and policy lookups
    // included), `statements` only the operation's own: once the caches are warm they are equal.
    for (const as of ["FINANCE_BUREAU", "PBOC", "COUNTY:阳东区"]) {
      await server.gql(`{ __typename }`, {}, as);
      const warm = await server.gql(`{ __typename }`, {}, as);
      expect(warm.body.extensions, as).toMatchObject({ statements: 0, requestStatements: 0 });
    }
    // A county named in a filter is resolved from the reference data (counties and industries),
    // read once by the first request that needs it, here: two statements that later requests
    // filtered by a county no longer send.
    const byCounty = `query($c: String!) { enterprises(first: 5, filter: { county: $c }) { totalCount nodes { uscc } } }`;
    const cold = await server.gql(byCounty, { c: "阳东区" });
    const warm = await server.gql(byCounty, { c: "441702" });
    expect(warm.body.errors).toBeUndefined();
    expect(warm.body.data.enterprises.nodes.length).toBeGreaterThan(0);
    expect(warm.body.extensions!.statements).toBe((cold.body.extensions!.statements as number) - 2);
    expect(warm.body.extensions!.requestStatements).toBe(warm.body.extensions!.statements);
    // A record's county and industry come from the same reference data: selecting them costs no
    // statement (they were one statement each, joined by Prisma).
    const bare = await server.gql(`{ enterprises(first: 5) { nodes { uscc } } }`);
    const withReference = await server.gql(`{ enterprises(first: 5) { nodes { uscc county { code name nameEn isCity } industry { code section name nameEn } } } }`);
    expect(withReference.body.errors).toBeUndefined();
    expect(withReference.body.data.enterprises.nodes[0].county.name).toMatch(/区|市|县/);
    expect(withReference.body.data.enterprises.nodes[0].industry.code).toMatch(/^[A-T]\d{2}$/);
    expect(withReference.body.extensions!.statements).toBe(bare.body.extensions!.statements);
  });

  // After the test above: the reference data (counties, industries) is loaded by then.
  it("a look-up by USCC with its county, industry and latest statement, and a list of scalars: one statement each", async () => {
    const list = await server.gql(`{ enterprises(first: 100) { nodes { uscc name registeredCapital establishedOn listingStatus } } }`);
    expect(list.body.errors).toBeUndefined();
    expect(list.body.data.enterprises.nodes).toHaveLength(100);
    expect(list.body.extensions!.statements).toBe(1);
    const uscc = list.body.data.enterprises.nodes[0].uscc;
    const lookup = await server.gql(`query($u: String!) { enterprise(uscc: $u) { uscc county { name } industry { name } latestStatement { periodEnd totalAssets } assetLiabilityRatio } }`, { u: uscc });
    expect(lookup.body.errors).toBeUndefined();
    expect(lookup.body.data.enterprise).toMatchObject({ uscc, county: { name: expect.any(String) }, industry: { name: expect.any(String) } });
    expect(lookup.body.extensions!.statements).toBe(1);
  });

  it("a policy change applies to the very next request, and requests are back to no fixed SQL after it", async () => {
    const as = "PBOC";
    const read = `{ dishonestyRecords(first: 1) { nodes { documentNo } } }`;
    const set = (sharing: string) =>
      server.gql(`mutation { setPolicyCell(resource: "credit.dishonesty", principal: "PBOC", sharing: ${sharing}, reason: "statement count test") { __typename } }`);
    await server.gql(read, {}, as);
    const before = await server.gql(read, {}, as);
    expect(before.body.errors).toBeUndefined();
    expect(before.body.extensions!.requestStatements).toBe(before.body.extensions!.statements);
    expect((await set("DENY")).body.errors).toBeUndefined();
    // Denied now: outside PBOC's view, answered as a field that does not exist, with no data.
    const denied = await server.gql(read, {}, as);
    expect(denied.body.data ?? null).toBeNull();
    expect(denied.body.errors?.[0]?.message).toMatch(/dishonestyRecords/);
    expect((await server.gql(`{ __typename }`, {}, as)).body.extensions).toMatchObject({ statements: 0, requestStatements: 0 });
    expect((await set("READ")).body.errors).toBeUndefined();
    const again = await server.gql(read, {}, as);
    expect(again.body.errors).toBeUndefined();
    expect(again.body.data.dishonestyRecords.nodes).toHaveLength(1);
  });
});

describe(`statements of a risk-filtered enterprise list on ${onPostgres ? "PostgreSQL" : "PGlite"}`, () => {
  it("the core question (debt ratio, guarantee circle, lending banks, related-party lending) costs the same for 10 and for 100 enterprises", async () => {
    const counts: Record<number, number> = {};
    for (const first of [10, 100]) {
      const res = await server.gql(
        `query($n: Int!) { enterprises(first: $n, filter: { debtRatioAbove: "0.5", anyOf: [{ inGuaranteeCircle: true }, { lendingBanksAtLeast: 2 }, { relatedPartyLending: true }] }) { totalCount nodes { id assetLiabilityRatio } } }`,
        { n: first },
      );
      expect(res.body.errors).toBeUndefined();
      // More matches than the small page, so the larger page really is larger.
      expect(res.body.data.enterprises.totalCount).toBeGreaterThan(10);
      expect(res.body.data.enterprises.nodes.length).toBe(Math.min(first, res.body.data.enterprises.totalCount));
      counts[first] = res.body.extensions!.statements as number;
    }
    console.log(`risk-filtered enterprise statements: ${JSON.stringify(counts)}`);
    expect(counts[100]).toBe(counts[10]);
  });
});
