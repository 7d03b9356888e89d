// Directive limit (MAX_DIRECTIVES): directives used in an operation, fragments expanded.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { onPostgres } from "../helpers/backend.ts";
import { refusedWith, send } from "../helpers/http.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ scale: 0.02, env: { MAX_DIRECTIVES: "2" } });
});
afterAll(() => server?.close());

// Each occurrence of a field is a location of its own, so the same directive may be repeated this way.
const directives = (n: number) => `query($yes: Boolean = true) { enterprises(first: 1) { totalCount ${"__typename @include(if: $yes) ".repeat(n)} } }`;
const REFUSAL = { message: "The operation uses too many directives.", extensions: { code: "GRAPHQL_VALIDATION_FAILED", limit: "directives" } };

describe(`directive limit (${onPostgres ? "PostgreSQL" : "PGlite"})`, () => {
  it("defaults to 50", () => {
    expect(loadConfig({}).limits.maxDirectives).toBe(50);
  });

  it("runs an operation with as many directives as the limit", async () => {
    const res = await send(server, { body: { query: directives(2) } });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(typeof res.body.data.enterprises.totalCount).toBe("number");
  });

  it("refuses one more with 400, before any SQL, without echoing the query", async () => {
    const res = await send(server, { body: { query: directives(3) }, as: "CBRC" });
    expect(refusedWith(res, 400)).toEqual({ ...REFUSAL, extensions: { ...REFUSAL.extensions, requestId: res.headers.get("x-request-id") } });
    expect(res.body.extensions.statements).toBe(0);
    expect(res.text).not.toMatch(/include|totalCount|stacktrace/);
  });

  it("counts the directives of a fragment where it is spread, and on the spread itself", async () => {
    const query = `query($yes: Boolean = true) { ...F @include(if: $yes) } fragment F on Query { enterprises(first: 1) @include(if: $yes) { totalCount @skip(if: false) } }`;
    expect(refusedWith(await send(server, { body: { query } }), 400)).toMatchObject(REFUSAL);
  });
});
