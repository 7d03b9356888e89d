// Depth limit (MAX_DEPTH): an operation nesting its fields deeper than the limit is refused before
// anything executes; one at the limit runs. Fragments count where they are spread; introspection
// counts like any selection (test/limits/introspection.test.ts: the explorer's query fits the default).
import { getIntrospectionQuery } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { onPostgres } from "../helpers/backend.ts";
import { refusedWith, send } from "../helpers/http.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ scale: 0.02, env: { MAX_DEPTH: "4", MAX_TOKENS: "100000" } });
});
afterAll(() => server?.close());

const AT_LIMIT = `{ enterprises(first: 2) { nodes { county { name } } } }`; // enterprises > nodes > county > name: 4
const OVER = `{ enterprises(first: 2) { nodes { loans(first: 2) { nodes { amount } } } } }`; // 5
const OVER_BY_FRAGMENT = `query Deep { enterprises(first: 2) { nodes { ...Loans } } } fragment Loans on Enterprise { loans(first: 2) { nodes { amount } } }`;
const REFUSAL = { message: "The operation nests its fields too deeply: ask for fewer levels at once.", extensions: { code: "GRAPHQL_VALIDATION_FAILED", limit: "depth" } };

describe(`depth limit (${onPostgres ? "PostgreSQL" : "PGlite"})`, () => {
  it("defaults to 15", () => {
    expect(loadConfig({}).limits.maxDepth).toBe(15);
  });

  it("runs an operation exactly at the limit", async () => {
    const res = await send(server, { body: { query: AT_LIMIT } });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.enterprises.nodes).toHaveLength(2);
  });

  it.each([
    ["one level deeper", OVER],
    ["deeper through a fragment", OVER_BY_FRAGMENT],
  ])("refuses an operation %s with 400, before any SQL, without echoing the query", async (_label, query) => {
    const res = await send(server, { body: { query } });
    const error = refusedWith(res, 400);
    expect(error).toEqual({ ...REFUSAL, extensions: { ...REFUSAL.extensions, requestId: res.headers.get("x-request-id") } });
    expect(res.body.extensions.statements).toBe(0);
    expect(res.text).not.toMatch(/amount|loans|stacktrace/);
  });

  it("refuses every principal alike, FINANCE_BUREAU included, and without a stack trace", async () => {
    // Five levels of fields every one of them may read (validation against the caller's view comes first).
    const over = `{ dishonestyRecords(first: 2) { nodes { enterprise { county { name } } } } }`;
    for (const as of ["FINANCE_BUREAU", "PBOC", "COUNTY:阳东区"]) {
      const res = await send(server, { body: { query: over }, as });
      expect(refusedWith(res, 400)).toMatchObject(REFUSAL);
      expect(res.text).not.toContain("stacktrace");
    }
  });

  it("counts introspection like any selection: the explorer's 15 levels need the default", async () => {
    const atLimit = await send(server, { body: { query: `{ __schema { types { fields { name } } } }` } });
    expect(atLimit.status).toBe(200);
    expect(atLimit.body.data.__schema.types.length).toBeGreaterThan(0);
    for (const query of [`{ __schema { types { fields { type { name } } } } }`, getIntrospectionQuery()]) {
      expect(refusedWith(await send(server, { body: { query } }), 400)).toMatchObject(REFUSAL);
    }
  });

  it("refuses a document nested beyond what the parser takes as a 400 too, never a 500", async () => {
    // Deep enough to overflow the parser's stack however well the JIT has compiled it (optimised
    // frames are smaller: 2,400 levels overflowed a fresh process but not a warm one), within
    // this server's token limit so that the depth, not the size, is what the parser trips on.
    const query = "{ a ".repeat(20_000) + "}".repeat(20_000);
    const res = await send(server, { body: { query } });
    const error = refusedWith(res, 400);
    expect(error.extensions.limit).toBe("depth");
    expect(["GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED"]).toContain(error.extensions.code);
    expect(res.text).not.toMatch(/call stack|stacktrace/);
  });
});
