// A client's mistake is answered as one, in development mode too: HTTP 400, code BAD_USER_INPUT,
// an error naming the argument and the rule, nothing executed, and a "client error" log line (not
// an "unexpected error"). No answer to anyone but FINANCE_BUREAU carries a stack trace or a
// source path, whatever the mode: not a 401, not an unexpected error.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onPostgres } from "./helpers/backend.ts";
import { send, type RawResponse } from "./helpers/http.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";

let server: TestServer;
let enterpriseCursor: string;
let historyCursor: string;
let uscc: string;
beforeAll(async () => {
  server = await startTestServer({ scale: 0.02, env: { NODE_ENV: "development" }, captureLogs: true });
  const page = await server.gql(`{ enterprises(first: 2) { pageInfo { endCursor } nodes { uscc } } }`);
  enterpriseCursor = page.body.data.enterprises.pageInfo.endCursor;
  uscc = page.body.data.enterprises.nodes[0].uscc;
  // A change through the graph gives the enterprise a history to page through.
  await server.gql(`mutation($u: String!) { setZombieStatus(uscc: $u, isZombie: true) { ... on MutationSetZombieStatusSuccess { data { isZombie } } } }`, { u: uscc }, "INDUSTRY_IT");
  await server.gql(`mutation($u: String!) { setZombieStatus(uscc: $u, isZombie: false) { ... on MutationSetZombieStatusSuccess { data { isZombie } } } }`, { u: uscc }, "INDUSTRY_IT");
  const history = await server.gql(`query($u: String!) { enterprise(uscc: $u) { history(first: 1) { pageInfo { endCursor } } } }`, { u: uscc });
  historyCursor = history.body.data.enterprise.history.pageInfo.endCursor;
});
afterAll(() => server?.close());

const b64 = (text: string) => Buffer.from(text).toString("base64");
/** Nothing in the body that points into the server: stack traces, source files, Prisma calls. */
const INTERNALS = /stacktrace|\/work\/|node_modules|\.ts:\d|\bat [\w.<>]+ \(|invocation|prisma\./i;

function expectClientError(res: RawResponse, field: string, rule: string): void {
  expect(res.status, res.text).toBe(400);
  expect(res.body.data).toBeUndefined();
  expect(res.body.errors).toHaveLength(1);
  const [error] = res.body.errors;
  expect(error.extensions).toMatchObject({ code: "BAD_USER_INPUT", field, rule, requestId: res.headers.get("x-request-id") });
  expect(error.message).toContain(field.split(".").at(-1)!.replace(/\[\d+\]$/, ""));
  // Refused before execution: no SQL of the operation ran.
  expect(res.body.extensions?.statements ?? 0).toBe(0);
  expect(res.text).not.toMatch(INTERNALS);
}

/** As a county-level analyst's key, then without any key (401, and no stack trace either). */
async function refusedEverywhere(query: string, variables: Record<string, unknown>, field: string, rule: string): Promise<void> {
  for (const as of ["PBOC", "COUNTY:阳东区"]) expectClientError(await send(server, { body: { query, variables }, as }), field, rule);
  const anonymous = await send(server, { body: { query, variables }, as: null });
  expect(anonymous.status).toBe(401);
  expect(anonymous.body.errors[0].extensions.code).toBe("UNAUTHENTICATED");
  expect(anonymous.text).not.toMatch(INTERNALS);
}

describe(`bad input is a client error, in development mode (${onPostgres ? "PostgreSQL" : "PGlite"})`, () => {
  describe("page sizes", () => {
    it.each([
      ["enterprises(first: -1)", `{ enterprises(first: -1) { nodes { name } } }`, {}, "enterprises.first", "minPageSize"],
      ["enterprises(last: -1)", `{ enterprises(last: -1) { nodes { name } } }`, {}, "enterprises.last", "minPageSize"],
      ["enterprises(first: $n) with n = -2147483648", `query($n: Int) { enterprises(first: $n) { nodes { name } } }`, { n: -2147483648 }, "enterprises.first", "minPageSize"],
      ["a nested connection, Enterprise.guaranteesGiven(first: -5)", `{ enterprises(first: 1) { nodes { guaranteesGiven(first: -5) { nodes { amount } } } } }`, {}, "guaranteesGiven.first", "minPageSize"],
      ["a history, Enterprise.history(last: -1)", `query($u: String!) { enterprise(uscc: $u) { history(last: -1) { nodes { action } } } }`, { u: "91440300708461136T" }, "history.last", "minPageSize"],
      ["auditEntries(first: -1)", `{ auditEntries(first: -1) { id } }`, {}, "auditEntries.first", "minPageSize"],
      ["auditEntries(first: 501)", `{ auditEntries(first: 501) { id } }`, {}, "auditEntries.first", "maxPageSize"],
      ["dishonestyRecordChanges(first: 0)", `{ dishonestyRecordChanges(first: 0) { cursor } }`, {}, "dishonestyRecordChanges.first", "minPageSize"],
      ["dishonestyRecordChanges(first: -1)", `{ dishonestyRecordChanges(first: -1) { cursor } }`, {}, "dishonestyRecordChanges.first", "minPageSize"],
      ["dishonestyRecordChanges(first: 1001)", `{ dishonestyRecordChanges(first: 1001) { cursor } }`, {}, "dishonestyRecordChanges.first", "maxPageSize"],
    ])("%s", async (_label, query, variables, field, rule) => {
      await refusedEverywhere(query, variables, field, rule);
    });

    it("still serves every page size within the rules, 0 included", async () => {
      for (const query of [`{ enterprises(first: 0) { nodes { name } } }`, `{ enterprises(last: 3) { nodes { name } } }`, `{ auditEntries(first: 0) { id } }`, `{ dishonestyRecordChanges(first: 1000) { cursor } }`]) {
        const res = await send(server, { body: { query }, as: "PBOC" });
        expect(res.status, res.text).toBe(200);
        expect(res.body.errors).toBeUndefined();
      }
    });
  });

  describe("cursors", () => {
    it.each([
      ["not base64 at all", () => "not a cursor!", "enterprises", "after"],
      ["base64 of nonsense", () => b64("hello"), "enterprises", "after"],
      ["an id cursor holding a string", () => b64("GPC:S:abc"), "enterprises", "after"],
      ["an id cursor holding an object", () => b64('GPC:O:{"id":1}'), "enterprises", "after"],
      ["an id cursor holding a float", () => b64("GPC:N:1.5"), "enterprises", "before"],
      ["an id cursor out of range", () => b64("GPC:N:99999999999"), "enterprises", "after"],
      ["an id cursor holding infinity", () => b64("GPC:N:1e999"), "enterprises", "after"],
      ["a history's cursor on a list of enterprises", () => historyCursor, "enterprises", "after"],
    ])("%s, given to enterprises", async (_label, cursor, field, arg) => {
      const query = `query($c: String) { enterprises(${arg === "after" ? "first: 2, after: $c" : "last: 2, before: $c"}) { nodes { name } } }`;
      await refusedEverywhere(query, { c: cursor() }, `${field}.${arg}`, "cursor");
    });

    it.each([
      ["an enterprise list's cursor", () => enterpriseCursor],
      ["an offset that is not a number", () => b64("OffsetConnection:abc")],
      ["a negative offset", () => b64("OffsetConnection:-3")],
    ])("%s, given to a history", async (_label, cursor) => {
      const query = `query($u: String!, $c: String) { enterprise(uscc: $u) { history(first: 1, after: $c) { nodes { action } } } }`;
      await refusedEverywhere(query, { u: uscc, c: cursor() }, "history.after", "cursor");
    });

    it.each([
      ["before and after together", `first: 1, after: $c, before: $c`, "cursorArguments"],
      ["before with first", `first: 1, before: $c`, "cursorArguments"],
      ["after with last", `last: 1, after: $c`, "cursorArguments"],
    ])("%s on an enterprise list", async (_label, args, rule) => {
      await refusedEverywhere(`query($c: String) { enterprises(${args}) { nodes { name } } }`, { c: enterpriseCursor }, "enterprises", rule);
    });

    it("last on a history without first or before", async () => {
      await refusedEverywhere(`query($u: String!) { enterprise(uscc: $u) { history(last: 1) { nodes { action } } } }`, { u: uscc }, "history", "cursorArguments");
    });

    it("the cursors the graph hands out page on", async () => {
      const next = await server.gql(`query($c: String) { enterprises(first: 2, after: $c) { nodes { uscc } } }`, { c: enterpriseCursor }, "PBOC");
      expect(next.body.errors).toBeUndefined();
      expect(next.body.data.enterprises.nodes).toHaveLength(2);
      const back = await server.gql(`query($c: String) { enterprises(last: 1, before: $c) { nodes { uscc } } }`, { c: enterpriseCursor }, "PBOC");
      expect(back.body.errors).toBeUndefined();
      const history = await server.gql(`query($u: String!, $c: String) { enterprise(uscc: $u) { history(first: 5, after: $c) { nodes { action } } } }`, { u: uscc, c: historyCursor });
      expect(history.body.errors).toBeUndefined();
      expect(history.body.data.enterprise.history.nodes).toHaveLength(1);
    });
  });

  describe("global ids", () => {
    it.each([
      ["not base64", "zzz!"],
      ["base64 of nonsense", b64("nonsense")],
      ["a type that does not exist", b64("Nothing:1")],
      ["a type that is not a node", b64("PageInfo:1")],
      ["a loan id that is not a number", b64("Loan:abc")],
      ["a loan id out of range", b64("Loan:99999999999")],
      ["a loan id with trailing text", b64("Loan:12abc")],
    ])("node(id:) with %s", async (_label, id) => {
      await refusedEverywhere(`query($id: ID!) { node(id: $id) { id } }`, { id }, "node.id", "globalId");
    });

    it("nodes(ids:) names the position of the bad id", async () => {
      const good = b64("Enterprise:1");
      await refusedEverywhere(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: [good, b64("Loan:abc")] }, "nodes.ids[1]", "globalId");
    });

    it("a literal id is checked too", async () => {
      await refusedEverywhere(`{ node(id: "zzz") { id } }`, {}, "node.id", "globalId");
    });

    it("a well-formed id still answers (null when there is no such record)", async () => {
      const res = await server.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: b64("Enterprise:99999999") }, "PBOC");
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.node).toBeNull();
    });
  });

  describe("automatic persisted queries", () => {
    const query = `{ enterprises(first: 1) { totalCount } }`;
    const sha = createHash("sha256").update(query).digest("hex");

    it.each([null, "PBOC"])("a hash that is not the query's is refused with 400 (as %s)", async (as) => {
      const res = await send(server, { body: { query, extensions: { persistedQuery: { version: 1, sha256Hash: createHash("sha256").update("another query").digest("hex") } } }, as });
      expect(res.status).toBe(400);
      expect(res.body.errors).toHaveLength(1);
      expect(res.body.errors[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "extensions.persistedQuery.sha256Hash", rule: "sha256OfQuery", requestId: res.headers.get("x-request-id") });
      expect(res.body.errors[0].message).toContain("sha256Hash");
      expect(res.text).not.toMatch(INTERNALS);
    });

    it("in a GET and in a batch too", async () => {
      const wrong = { version: 1, sha256Hash: "0".repeat(64) };
      const get = await send(server, { params: { query, extensions: JSON.stringify({ persistedQuery: wrong }) }, as: "PBOC" });
      expect(get.status).toBe(400);
      expect(get.body.errors[0].extensions.rule).toBe("sha256OfQuery");
      const batch = await send(server, { body: [{ query }, { query, extensions: { persistedQuery: wrong } }], as: "PBOC" });
      expect(batch.status).toBe(400);
      expect(batch.body.errors[0].extensions.rule).toBe("sha256OfQuery");
    });

    it("the query's own hash registers it, and the hash alone then runs it", async () => {
      const first = await send(server, { body: { query, extensions: { persistedQuery: { version: 1, sha256Hash: sha } } }, as: "PBOC" });
      expect(first.status, first.text).toBe(200);
      const again = await send(server, { body: { extensions: { persistedQuery: { version: 1, sha256Hash: sha } } }, as: "PBOC" });
      expect(again.status, again.text).toBe(200);
      expect(again.body.data.enterprises.totalCount).toBe(first.body.data.enterprises.totalCount);
    });
  });

  describe("logs", () => {
    it("logs these refusals as client errors, never as unexpected errors", async () => {
      const res = await send(server, { body: { query: `{ enterprises(first: -1) { nodes { name } } }` }, as: "PBOC" });
      const reqId = res.headers.get("x-request-id");
      const lines = server.logs.filter((l) => l.reqId === reqId);
      expect(lines.find((l) => l.msg === "client error")).toMatchObject({ level: 30, code: "BAD_USER_INPUT", field: "enterprises.first", rule: "minPageSize" });
      const apq = await send(server, { body: { query: "{ __typename }", extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } } }, as: "PBOC" });
      expect(server.logs.find((l) => l.reqId === apq.headers.get("x-request-id") && l.msg === "client error")).toMatchObject({ code: "BAD_USER_INPUT", rule: "sha256OfQuery" });
      expect(server.logs.filter((l) => l.msg === "unexpected error")).toEqual([]);
    });
  });

  describe("stack traces and source paths", () => {
    it("a 401 carries none", async () => {
      for (const headers of [{}, { authorization: "Bearer dlg_nope_nothing" }] as Record<string, string>[]) {
        const res = await send(server, { body: { query: "{ __typename }" }, as: null, headers });
        expect(res.status).toBe(401);
        expect(res.text).not.toMatch(INTERNALS);
      }
      const batch = await send(server, { body: [{ query: "{ __typename }" }], as: null });
      expect(batch.status).toBe(401);
      expect(batch.text).not.toMatch(INTERNALS);
    });

    it("an unexpected error reads Internal error for everyone but FINANCE_BUREAU, who gets the detail outside production", async () => {
      const db = server.running.db.prisma;
      const query = `{ enterprises(first: 1) { nodes { name } } institutions(first: 1) { totalCount } }`;
      // A fault no client can cause: a column the code reads is gone.
      await db.$executeRawUnsafe(`ALTER TABLE "enterprise" RENAME COLUMN "name" TO "name_gone"`);
      try {
        for (const as of ["PBOC", "COUNTY:阳东区", "CREDIT_PLATFORM"]) {
          const res = await send(server, { body: { query }, as });
          expect(res.body.errors).toEqual([{ message: "Internal error", path: ["enterprises"], extensions: { code: "INTERNAL_SERVER_ERROR", requestId: res.headers.get("x-request-id") } }]);
          expect(res.body.data.institutions.totalCount).toBeGreaterThan(0);
          expect(res.text).not.toMatch(INTERNALS);
        }
        const finance = await send(server, { body: { query }, as: "FINANCE_BUREAU" });
        expect(finance.body.errors[0].message).not.toBe("Internal error");
        expect(finance.body.errors[0].extensions.stacktrace).toBeDefined();
        // The unexpected error is logged as one, with its detail, for every principal.
        expect(server.logs.filter((l) => l.msg === "unexpected error").length).toBeGreaterThanOrEqual(4);
      } finally {
        await db.$executeRawUnsafe(`ALTER TABLE "enterprise" RENAME COLUMN "name_gone" TO "name"`);
        server.logs.length = 0;
      }
    });
  });
});
