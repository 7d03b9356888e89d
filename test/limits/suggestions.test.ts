// "Did you mean …?" suggestions reveal the schema: only FINANCE_BUREAU gets them. Validation
// errors were covered by the access plugin; this checks the errors of variable coercion too (a
// misspelt enum value or input field in `variables`), which Apollo's own hiding misses.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onPostgres } from "../helpers/backend.ts";
import { send } from "../helpers/http.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
let production: TestServer;
beforeAll(async () => {
  [server, production] = await Promise.all([
    startTestServer({ scale: 0.02 }),
    startTestServer({ scale: 0.02, env: { NODE_ENV: "production", TRUSTED_OPERATIONS: "off" } }),
  ]);
});
afterAll(async () => {
  await server?.close();
  await production?.close();
});

const PROBES = [
  ["an enum value", `query($c: [LoanClassification!]) { loans(first: 1, filter: { classification: $c }) { totalCount } }`, { c: ["LOS"] }, "LOSS"],
  ["an input field", `query($f: EnterpriseFilter) { enterprises(first: 1, filter: $f) { totalCount } }`, { f: { countty: "441704" } }, '"county"'],
] as const;

describe(`suggestions in variable errors (${onPostgres ? "PostgreSQL" : "PGlite"})`, () => {
  it.each(PROBES)("a misspelt %s in variables: 400 without a suggestion, except for FINANCE_BUREAU", async (_label, query, variables, real) => {
    for (const target of [server, production]) {
      // Principals that may filter loans: the others are refused the filter (403) before variables are read.
      for (const as of ["PBOC", "CBRC"]) {
        const res = await send(target, { body: { query, variables }, as });
        expect(res.status).toBe(400);
        expect(res.body.errors).toHaveLength(1);
        expect(res.body.errors[0].extensions.code).toBe("BAD_USER_INPUT");
        expect(res.text).not.toContain("Did you mean");
        expect(res.text).not.toContain(real);
      }
      const finance = await send(target, { body: { query, variables } });
      expect(finance.status).toBe(400);
      expect(finance.body.errors[0].message).toContain("Did you mean");
    }
  });
});
