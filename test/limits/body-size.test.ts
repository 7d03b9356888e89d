// Request body size (MAX_BODY_BYTES, default 8 MiB: a bank's 5,000-row loan file is about 1.3 MB):
// a larger body is refused with 413 before it is parsed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { onPostgres } from "../helpers/backend.ts";
import { refusedWith, send } from "../helpers/http.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ scale: 0.02, env: { MAX_BODY_BYTES: "2048" } });
});
afterAll(() => server?.close());

/** A JSON body of exactly `bytes` bytes, padded with a variable the operation does not declare. */
function bodyOf(bytes: number): string {
  const base = JSON.stringify({ query: "{ __typename }", variables: { pad: "" } });
  const body = JSON.stringify({ query: "{ __typename }", variables: { pad: "x".repeat(bytes - base.length) } });
  expect(Buffer.byteLength(body)).toBe(bytes);
  return body;
}

describe(`request body size (${onPostgres ? "PostgreSQL" : "PGlite"})`, () => {
  it("defaults to 8 MiB", () => {
    expect(loadConfig({}).limits.maxBodyBytes).toBe(8 * 1024 * 1024);
  });

  it("takes a body of exactly the limit", async () => {
    const res = await send(server, { body: bodyOf(2048), headers: { "content-type": "application/json" } });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ __typename: "Query" });
  });

  it("refuses one byte more with 413 and a GraphQL error, whatever the credential", async () => {
    for (const as of ["FINANCE_BUREAU", null]) {
      const res = await send(server, { body: bodyOf(2049), headers: { "content-type": "application/json" }, as });
      expect(refusedWith(res, 413)).toEqual({ message: "The request body is too large.", extensions: { code: "PAYLOAD_TOO_LARGE", requestId: res.headers.get("x-request-id") } });
      expect(res.text).not.toMatch(/xxxx|__typename/);
    }
  });
});
