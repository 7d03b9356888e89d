// Alias limit (MAX_ALIASES): aliased fields in an operation, fragments expanded.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { onPostgres } from "../helpers/backend.ts";
import { refusedWith, send } from "../helpers/http.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ scale: 0.02, env: { MAX_ALIASES: "3" } });
});
afterAll(() => server?.close());

const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `probe${i}: enterprises(first: 1) { totalCount }`).join(" ")} }`;
const REFUSAL = { message: "The operation uses too many aliases: split it into several operations.", extensions: { code: "GRAPHQL_VALIDATION_FAILED", limit: "aliases" } };

describe(`alias limit (${onPostgres ? "PostgreSQL" : "PGlite"})`, () => {
  it("defaults to 50", () => {
    expect(loadConfig({}).limits.maxAliases).toBe(50);
  });

  it("runs an operation with as many aliases as the limit", async () => {
    const res = await send(server, { body: { query: aliases(3) } });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(Object.keys(res.body.data)).toEqual(["probe0", "probe1", "probe2"]);
  });

  it("refuses one more with 400, before any SQL, without echoing the query", async () => {
    const res = await send(server, { body: { query: aliases(4) }, as: "PBOC" });
    expect(refusedWith(res, 400)).toEqual({ ...REFUSAL, extensions: { ...REFUSAL.extensions, requestId: res.headers.get("x-request-id") } });
    expect(res.body.extensions.statements).toBe(0);
    expect(res.text).not.toMatch(/probe|enterprises|stacktrace/);
  });

  it("counts a fragment's aliases each time it is spread", async () => {
    const fragment = `fragment Two on Query { probeA: enterprises(first: 1) { totalCount } probeB: enterprises(first: 2) { totalCount } }`;
    const once = await send(server, { body: { query: `{ ...Two } ${fragment}` } });
    expect(once.status).toBe(200);
    const twice = await send(server, { body: { query: `{ ...Two ... on Query { ...Two } } ${fragment}` } });
    expect(refusedWith(twice, 400)).toMatchObject(REFUSAL);
  });
});
