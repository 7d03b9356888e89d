// Token limit (MAX_TOKENS): the parser stops at the limit; the refusal is a 400 that neither
// states the limit nor echoes or points into the document (graphql-armor's token limit answers
// 500 and echoes the query).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { onPostgres } from "../helpers/backend.ts";
import { refusedWith, send } from "../helpers/http.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ scale: 0.02, env: { MAX_TOKENS: "50" } });
});
afterAll(() => server?.close());

// `{`, n names, `}`: n + 2 tokens.
const tokens = (n: number) => `{ ${"__typename ".repeat(n - 2)}}`;
const REFUSAL = { message: "Syntax Error: the document is too large: send a shorter query, with values in variables.", extensions: { code: "GRAPHQL_PARSE_FAILED", limit: "tokens" } };

describe(`token limit (${onPostgres ? "PostgreSQL" : "PGlite"})`, () => {
  it("defaults to 5,000", () => {
    expect(loadConfig({}).limits.maxTokens).toBe(5000);
  });

  it("parses a document of exactly the limit", async () => {
    const res = await send(server, { body: { query: tokens(50) } });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ __typename: "Query" });
  });

  it.each(["FINANCE_BUREAU", "PBOC"])("refuses one token more with 400, no location, no echo, no stack trace (%s)", async (as) => {
    const res = await send(server, { body: { query: tokens(51) }, as });
    expect(refusedWith(res, 400)).toEqual({ ...REFUSAL, extensions: { ...REFUSAL.extensions, requestId: res.headers.get("x-request-id") } });
    expect(res.body.extensions.statements).toBe(0);
    expect(res.text).not.toMatch(/__typename|locations|stacktrace|\b50\b|\b51\b/);
  });

  it("refuses a huge document the same way, over GET too", async () => {
    const huge = `{ ${"__typename ".repeat(100_000)}}`;
    expect(refusedWith(await send(server, { body: { query: huge } }), 400)).toMatchObject(REFUSAL);
    const get = await send(server, { params: { query: tokens(200) } });
    expect(refusedWith(get, 400)).toMatchObject(REFUSAL);
  });
});
