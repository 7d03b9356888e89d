// Production errors (NODE_ENV=production): every error carries a code and the request id, none a
// stack trace or an internal message; unexpected errors read "Internal error". Errors with a code
// of their own keep their message.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onPostgres } from "../helpers/backend.ts";
import { send, type RawResponse } from "../helpers/http.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
beforeAll(async () => {
  // Trusted operations (registered documents only, for systems) are on in production: off here,
  // so that these ad-hoc documents reach the errors they are written to cause.
  server = await startTestServer({ scale: 0.02, env: { NODE_ENV: "production", TRUSTED_OPERATIONS: "off" } });
});
afterAll(() => server?.close());

function expectWellFormed(res: RawResponse): void {
  const id = res.headers.get("x-request-id");
  expect(id).toBeTruthy();
  for (const error of res.body.errors) {
    expect(typeof error.extensions.code).toBe("string");
    expect(error.extensions.requestId).toBe(id);
  }
  expect(res.text).not.toMatch(/stacktrace|\.ts:\d|node_modules|at [A-Za-z]+ \(/);
}

describe(`errors in production (${onPostgres ? "PostgreSQL" : "PGlite"})`, () => {
  it("masks an unexpected error in a field as Internal error, keeping the rest of the answer", async () => {
    // A fault no client can cause: a column the code reads is gone (a bad cursor, which used to
    // serve here, is now the client's error: see test/client-errors.test.ts).
    const db = server.running.db.prisma;
    await db.$executeRawUnsafe(`ALTER TABLE "enterprise" RENAME COLUMN "name" TO "name_gone"`);
    try {
      const res = await send(server, { body: { query: `{ enterprises(first: 1) { nodes { name } } ok: institutions(first: 1) { totalCount } }` } });
      expect(res.status).toBe(200);
      expect(res.body.errors).toEqual([{ message: "Internal error", path: ["enterprises"], extensions: { code: "INTERNAL_SERVER_ERROR", requestId: res.headers.get("x-request-id") } }]);
      expect(res.body.data.ok.totalCount).toBeGreaterThan(0);
      expectWellFormed(res);
    } finally {
      await db.$executeRawUnsafe(`ALTER TABLE "enterprise" RENAME COLUMN "name_gone" TO "name"`);
    }
  });

  it("answers a malformed cursor as the client's error, with its message", async () => {
    const res = await send(server, { body: { query: `{ enterprises(first: 1, after: "not-a-cursor") { nodes { name } } }` } });
    expect(res.status).toBe(400);
    expect(res.body.errors).toMatchObject([{ extensions: { code: "BAD_USER_INPUT", field: "enterprises.after", rule: "cursor" } }]);
    expectWellFormed(res);
  });

  it("keeps the message of errors that have a code: BAD_USER_INPUT, FORBIDDEN, GRAPHQL_VALIDATION_FAILED, UNAUTHENTICATED, the limits'", async () => {
    const input = await send(server, { body: { query: `{ enterprise(uscc: "91440300708461136X") { name } }` } });
    expect(input.body.errors[0]).toMatchObject({ message: "uscc: check character is 'X', expected 'T'", extensions: { code: "BAD_USER_INPUT" } });
    const forbidden = await send(server, { body: { query: `{ loans(first: 1) { nodes { amount } } }` }, as: "DEVELOPMENT_REFORM" });
    expect(forbidden.body.errors[0]).toMatchObject({ message: "Forbidden: debt.loans is shared on request only: request access with requestAccess and wait for the owner's approval.", extensions: { code: "FORBIDDEN" } });
    const invalid = await send(server, { body: { query: `{ enterprisez { name } }` }, as: "PBOC" });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors[0]).toMatchObject({ message: 'Cannot query field "enterprisez" on type "Query".', extensions: { code: "GRAPHQL_VALIDATION_FAILED" } });
    const anonymous = await send(server, { body: { query: `{ __typename }` }, as: null });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.errors[0].extensions.code).toBe("UNAUTHENTICATED");
    const tooCostly = await send(server, { body: { query: `{ enterprises(first: 500) { nodes { loans(first: 500) { nodes { amount } } } } }` } });
    expect(tooCostly.body.errors[0].extensions).toMatchObject({ code: "GRAPHQL_VALIDATION_FAILED", limit: "cost" });
    for (const res of [input, forbidden, invalid, anonymous, tooCostly]) expectWellFormed(res);
  });

  it("uses the caller's request id when it sends one", async () => {
    const res = await send(server, { body: { query: `{ enterprisez { name } }` }, headers: { "x-request-id": "bank-batch-2026-07" } });
    expect(res.headers.get("x-request-id")).toBe("bank-batch-2026-07");
    expect(res.body.errors[0].extensions.requestId).toBe("bank-batch-2026-07");
  });

  // Issue 8: a database that cannot be reached is 503 with Retry-After (it was 500 Internal error).
  it("answers 503 DATABASE_UNAVAILABLE with Retry-After and request id when the database is gone, and no internal message", async () => {
    await server.running.db.close();
    const res = await send(server, { body: { query: `{ enterprises(first: 1) { totalCount } }` } });
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect(res.body).toEqual({ errors: [{ message: "The database is unavailable at the moment; retry in 5 seconds.", extensions: { code: "DATABASE_UNAVAILABLE", requestId: res.headers.get("x-request-id") } }] });
    expect(res.text).not.toMatch(/Context creation|closed|PGlite|prisma|pg/i);
  });
});
