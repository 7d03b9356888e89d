// GraphQL over HTTP (graphql.github.io/graphql-over-http) on /graphql: methods, media types,
// status codes, CORS. Real server, exact statuses, headers and error bodies.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import { onPostgres } from "./helpers/backend.ts";
import { refusedWith, send } from "./helpers/http.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";

const PORTAL = "https://portal.yangjiang.example";
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ scale: 0.02, env: { CORS_ORIGINS: `${PORTAL}, https://other.yangjiang.example` } });
});
afterAll(() => server?.close());

const JSON_TYPE = "application/json; charset=utf-8";
const GRAPHQL_RESPONSE = "application/graphql-response+json; charset=utf-8";
const QUERY = `{ enterprises(first: 1) { totalCount } }`;
const badRequest = (message: string) => ({ message, extensions: { code: "BAD_REQUEST" } });

describe(`GraphQL over HTTP (${onPostgres ? "PostgreSQL" : "PGlite"})`, () => {
  describe("POST with JSON", () => {
    it("answers application/json by default, and application/graphql-response+json to a client that accepts it", async () => {
      const plain = await send(server, { body: { query: QUERY } });
      expect([plain.status, plain.headers.get("content-type")]).toEqual([200, JSON_TYPE]);
      expect(plain.body.data.enterprises.totalCount).toBeGreaterThan(0);
      const modern = await send(server, { body: { query: QUERY }, headers: { accept: "application/graphql-response+json, application/json;q=0.9" } });
      expect([modern.status, modern.headers.get("content-type")]).toEqual([200, GRAPHQL_RESPONSE]);
      expect(modern.body.data).toEqual(plain.body.data);
    });

    it.each([
      ["an unparseable document", `{ enterprises(first: 1) { totalCount }`, undefined, "GRAPHQL_PARSE_FAILED"],
      ["an invalid document", `{ enterprises(first: 1) { total } }`, undefined, "GRAPHQL_VALIDATION_FAILED"],
      ["variables of the wrong type", `query($n: Int!) { enterprises(first: $n) { totalCount } }`, { n: "five" }, "BAD_USER_INPUT"],
    ])("answers %s with 400 and no data, in either media type", async (_label, query, variables, code) => {
      for (const accept of ["application/json", "application/graphql-response+json"]) {
        const res = await send(server, { body: { query, variables }, headers: { accept } });
        expect(refusedWith(res, 400).extensions.code).toBe(code);
        expect(res.headers.get("content-type")).toBe(`${accept}; charset=utf-8`);
      }
    });

    it.each([
      ["text/plain", "text/plain"],
      ["form-encoded", "application/x-www-form-urlencoded"],
      ["XML", "application/xml"],
      ["the retired application/graphql", "application/graphql"],
    ])("refuses a %s body with 415, before looking at the credential", async (_label, type) => {
      const res = await send(server, { body: JSON.stringify({ query: QUERY }), headers: { "content-type": type }, as: null });
      expect(refusedWith(res, 415)).toEqual({ message: "Send the operation as JSON, with `Content-Type: application/json`.", extensions: { code: "UNSUPPORTED_MEDIA_TYPE", requestId: res.headers.get("x-request-id") } });
    });

    it("runs nothing of a refused body, even with a valid credential", async () => {
      const e = await server.running.db.prisma.enterprise.findFirstOrThrow({ where: { retiredAt: null }, orderBy: { id: "desc" } });
      const mutation = JSON.stringify({ query: `mutation { setZombieStatus(uscc: "${e.uscc}", isZombie: ${!e.isZombie}) { __typename } }` });
      expect((await send(server, { body: mutation, headers: { "content-type": "text/plain" }, as: "INDUSTRY_IT" })).status).toBe(415);
      expect((await server.running.db.prisma.enterprise.findUniqueOrThrow({ where: { id: e.id } })).version).toBe(e.version);
    });

    it("refuses a body without a content type with 415", async () => {
      const res = await fetch(server.url, { method: "POST", body: new Uint8Array(Buffer.from(JSON.stringify({ query: QUERY }))), headers: { authorization: `Bearer ${server.keys.PBOC}` } });
      expect(res.status).toBe(415);
      expect((await res.json()).errors[0].extensions.code).toBe("UNSUPPORTED_MEDIA_TYPE");
    });

    it.each([
      ["malformed JSON", `{"query": "{ __typename }"`, "The request body is not valid JSON."],
      ["an empty body", "", "The request body is not valid JSON."],
      ["a JSON string", `"{ __typename }"`, "The request body must be a JSON object (or, for a batch, an array of them)."],
      ["no query", `{"variables": {}}`, "`query` must be a string holding a GraphQL document."],
      ["a query that is not a string", `{"query": {"kind": "Document"}}`, "`query` must be a string holding a GraphQL document."],
      ["variables as a string", `{"query": "{ __typename }", "variables": "{\\"n\\": 1}"}`, "`variables` must be a JSON object (or null)."],
      ["variables as an array", `{"query": "{ __typename }", "variables": [1]}`, "`variables` must be a JSON object (or null)."],
      ["variables as a number", `{"query": "{ __typename }", "variables": 5}`, "`variables` must be a JSON object (or null)."],
      ["an operation name that is not a string", `{"query": "{ __typename }", "operationName": 5}`, "`operationName` must be a string (or null)."],
      ["extensions that are not an object", `{"query": "{ __typename }", "extensions": "x"}`, "`extensions` must be a JSON object (or null)."],
      ["a batch holding a non-object", `[{"query": "{ __typename }"}, 7]`, "The request body must be a JSON object (or, for a batch, an array of them)."],
    ])("answers %s with 400 and a JSON error", async (_label, body, message) => {
      const res = await send(server, { body, headers: { "content-type": "application/json" } });
      expect(res.headers.get("content-type")).toBe(JSON_TYPE);
      expect(refusedWith(res, 400)).toEqual({ ...badRequest(message), extensions: { code: "BAD_REQUEST", requestId: res.headers.get("x-request-id") } });
    });

    it("takes null variables, operationName and extensions as absent", async () => {
      const res = await send(server, { body: { query: QUERY, variables: null, operationName: null, extensions: null } });
      expect(res.status).toBe(200);
    });

    it("refuses a client that accepts no JSON with 406, before anything runs", async () => {
      const e = await server.running.db.prisma.enterprise.findFirstOrThrow({ where: { retiredAt: null } });
      const mutation = `mutation($u: String!, $z: Boolean!) { setZombieStatus(uscc: $u, isZombie: $z) { __typename } }`;
      const res = await send(server, { body: { query: mutation, variables: { u: e.uscc, z: !e.isZombie } }, as: "INDUSTRY_IT", headers: { accept: "text/csv" } });
      expect(refusedWith(res, 406).extensions.code).toBe("NOT_ACCEPTABLE");
      expect((await server.running.db.prisma.enterprise.findUniqueOrThrow({ where: { id: e.id } })).version).toBe(e.version);
    });
  });

  describe("GET", () => {
    it("runs a query from the URL, variables included", async () => {
      const res = await send(server, { params: { query: `query($n: Int!) { enterprises(first: $n) { nodes { uscc } } }`, variables: JSON.stringify({ n: 2 }) } });
      expect([res.status, res.headers.get("content-type")]).toEqual([200, JSON_TYPE]);
      expect(res.body.data.enterprises.nodes).toHaveLength(2);
    });

    it("refuses a mutation with 405 and Allow: POST, and runs nothing", async () => {
      const e = await server.running.db.prisma.enterprise.findFirstOrThrow({ where: { retiredAt: null } });
      const res = await send(server, { params: { query: `mutation { setZombieStatus(uscc: "${e.uscc}", isZombie: ${!e.isZombie}) { __typename } }` }, as: "INDUSTRY_IT" });
      expect(refusedWith(res, 405).extensions.code).toBe("BAD_REQUEST");
      expect(res.headers.get("allow")).toBe("POST");
      expect((await server.running.db.prisma.enterprise.findUniqueOrThrow({ where: { id: e.id } })).version).toBe(e.version);
    });

    it.each([
      ["no query", {}, "`query` must be a string holding a GraphQL document."],
      ["variables that are not JSON", { query: QUERY, variables: "{n: 1}" }, "`variables` must be a JSON object (or null)."],
      ["variables that are an array", { query: QUERY, variables: "[1]" }, "`variables` must be a JSON object (or null)."],
    ])("answers %s with 400", async (_label, params, message) => {
      const res = await send(server, { params: params as Record<string, string> });
      expect(refusedWith(res, 400)).toMatchObject(badRequest(message));
    });

    it("leaves a browser's request (Accept: text/html) to the explorer", async () => {
      const res = await send(server, { as: null, headers: { accept: "text/html,application/xhtml+xml,*/*;q=0.8" } });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    });
  });

  describe("CORS", () => {
    it("allows no origin by default", () => {
      expect(loadConfig({}).corsOrigins).toEqual([]);
      expect(loadConfig({ CORS_ORIGINS: ` ${PORTAL} ,` }).corsOrigins).toEqual([PORTAL]);
    });

    it("honours the preflight of a configured origin", async () => {
      const res = await send(server, { method: "OPTIONS", as: null, headers: { origin: PORTAL, "access-control-request-method": "POST", "access-control-request-headers": "authorization, content-type" } });
      expect(res.status).toBe(204);
      expect(res.headers.get("access-control-allow-origin")).toBe(PORTAL);
      expect(res.headers.get("access-control-allow-methods")).toBe("GET, POST");
      expect(res.headers.get("access-control-allow-headers")).toMatch(/authorization.*content-type/);
      expect(res.headers.get("access-control-allow-credentials")).toBeNull();
      expect(res.headers.get("vary")).toMatch(/origin/i);
    });

    it("refuses the preflight of any other origin with 403 and no CORS headers", async () => {
      for (const origin of ["https://evil.example", "http://portal.yangjiang.example", "null"]) {
        const res = await send(server, { method: "OPTIONS", as: null, headers: { origin, "access-control-request-method": "POST" } });
        expect(refusedWith(res, 403)).toMatchObject({ extensions: { code: "CORS_ORIGIN_NOT_ALLOWED" } });
        expect(res.headers.get("access-control-allow-origin")).toBeNull();
      }
    });

    it("marks a configured origin's answers readable, and no other's", async () => {
      const ours = await send(server, { body: { query: QUERY }, headers: { origin: PORTAL } });
      expect(ours.headers.get("access-control-allow-origin")).toBe(PORTAL);
      expect(ours.headers.get("access-control-expose-headers")).toMatch(/x-request-id/);
      const theirs = await send(server, { body: { query: QUERY }, headers: { origin: "https://evil.example" } });
      expect(theirs.status).toBe(200);
      expect(theirs.headers.get("access-control-allow-origin")).toBeNull();
    });

    it("answers an OPTIONS that is not a preflight with the methods allowed", async () => {
      const res = await send(server, { method: "OPTIONS", as: null });
      expect(res.status).toBe(204);
      expect(res.headers.get("allow")).toBe("GET, POST, OPTIONS");
    });

    it.each(["*", "portal.yangjiang.example", "https://portal.yangjiang.example/app"])("refuses CORS_ORIGINS=%s at start, naming the variable", (value) => {
      expect(() => loadConfig({ CORS_ORIGINS: value })).toThrow(/^invalid environment variable CORS_ORIGINS=.*: must be a comma-separated list of origins/);
    });
  });
});
