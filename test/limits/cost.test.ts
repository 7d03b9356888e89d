// Cost limit (MAX_COST): 1 per field, a connection's children multiplied by its page size
// (first/last, 50 when absent), page sizes read from variables too; refused before any SQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { onPostgres } from "../helpers/backend.ts";
import { refusedWith, send } from "../helpers/http.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let byDefault: TestServer;
let small: TestServer;
beforeAll(async () => {
  [byDefault, small] = await Promise.all([startTestServer({ scale: 0.02 }), startTestServer({ scale: 0.02, env: { MAX_COST: "1000" } })]);
});
afterAll(async () => {
  await byDefault?.close();
  await small?.close();
});

const REFUSAL = {
  message: "The operation asks for too much at once: request smaller pages (first/last) or fewer nested connections, and page with `after` for more.",
  extensions: { code: "GRAPHQL_VALIDATION_FAILED", limit: "cost" },
};

describe(`cost limit (${onPostgres ? "PostgreSQL" : "PGlite"})`, () => {
  it("defaults to 200,000", () => {
    expect(loadConfig({}).limits.maxCost).toBe(200_000);
  });

  describe("with the default", () => {
    it("refuses first: 500 nested twice (cost 501,001) with 400, before any SQL, without echoing the query", async () => {
      const res = await send(byDefault, { body: { query: `{ enterprises(first: 500) { nodes { loans(first: 500) { nodes { amount } } } } }` } });
      expect(refusedWith(res, 400)).toEqual({ ...REFUSAL, extensions: { ...REFUSAL.extensions, requestId: res.headers.get("x-request-id") } });
      expect(res.body.extensions.statements).toBe(0);
      expect(res.text).not.toMatch(/enterprises|loans|amount|stacktrace/);
    });

    it("refuses the same through variables, and through the default page of 50 three levels down", async () => {
      const q = `query($n: Int!) { enterprises(first: $n) { nodes { loans(first: $n) { nodes { amount } } } } }`;
      expect(refusedWith(await send(byDefault, { body: { query: q, variables: { n: 500 } } }), 400)).toMatchObject(REFUSAL);
      expect((await send(byDefault, { body: { query: q, variables: { n: 5 } } })).status).toBe(200);
      // Three connections at the default page of 50: 257,601, with no page size written anywhere.
      const defaults = `{ enterprises { nodes { guaranteesGiven { nodes { borrower { loans { nodes { amount } } } } } } } }`;
      const res = await send(byDefault, { body: { query: defaults } });
      if (res.status !== 400) throw new Error(res.text);
      expect(refusedWith(res, 400)).toMatchObject(REFUSAL);
    });

    it("runs 500 enterprises with 50 loans each (cost 126,501), as the lifecycle test's clients do", async () => {
      const res = await send(byDefault, { body: { query: `{ enterprises(first: 500) { nodes { uscc loans(first: 50) { nodes { amount classification lender { name } } } } } }` } });
      expect(res.status).toBe(200);
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.enterprises.nodes.length).toBeGreaterThan(0);
    });
  });

  describe("with MAX_COST=1000", () => {
    it("runs an operation costing exactly 1,000: 1 + 333 × (1 + 2)", async () => {
      const res = await send(small, { body: { query: `{ enterprises(first: 333) { nodes { uscc name } } }` } });
      expect(res.status).toBe(200);
      expect(res.body.errors).toBeUndefined();
    });

    it("refuses one costing 1,003: 1 + 334 × 3", async () => {
      const res = await send(small, { body: { query: `{ enterprises(first: 334) { nodes { uscc name } } }` }, as: "PBOC" });
      expect(refusedWith(res, 400)).toMatchObject(REFUSAL);
    });

    it("takes the larger of first and last, and counts fragments where they are spread", async () => {
      expect(refusedWith(await send(small, { body: { query: `{ enterprises(first: 1, last: 334) { nodes { uscc name } } }` } }), 400)).toMatchObject(REFUSAL);
      const fragment = `fragment E on Enterprise { uscc name }`;
      expect((await send(small, { body: { query: `{ enterprises(first: 333) { nodes { ...E } } } ${fragment}` } })).status).toBe(200);
      expect(refusedWith(await send(small, { body: { query: `{ enterprises(first: 334) { nodes { ...E } } } ${fragment}` } }), 400)).toMatchObject(REFUSAL);
    });
  });
});
