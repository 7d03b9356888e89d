// Validation against the caller's view of the schema (src/access/view-validation.ts): for every
// principal but FINANCE_BUREAU, a field, argument, input field, enum or input type its view hides
// gets byte for byte the answer a name that does not exist gets, and no error names a type the
// view hides. Each case pairs an operation using a hidden name with its twin, in which that name
// is replaced by a nonexistent one of the same length (so that error locations match too).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema } from "../src/schema.ts";
import { schemaViewFor } from "../src/access/schema-view.ts";
import type { Principal } from "../src/access/principal.ts";
import { onPostgres } from "./helpers/backend.ts";
import { send, type RawResponse } from "./helpers/http.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ scale: 0.02 });
});
afterAll(() => server?.close());

const YD = "COUNTY:阳东区";

interface Case {
  what: string;
  query: string;
  variables?: Record<string, unknown>;
  /** the hidden name, and a nonexistent one of the same length */
  hidden: string;
  twin: string;
}

const CASES: Record<string, Case[]> = {
  // A county reads loans on request since issue 9 (seed 二(一)2): the names hidden from it are the
  // API keys, the audit chain's verdict and the fundraising informant.
  [YD]: [
    { what: "a root field", query: `{ apiKeys { prefix } }`, hidden: "apiKeys", twin: "apiKeyz" },
    { what: "a root field without subfields", query: `{ verifyAuditChain }`, hidden: "verifyAuditChain", twin: "verifyAuditChaim" },
    { what: "a nested field, misspelt below", query: `{ fundraisingClues(first: 1) { nodes { clueNo informant { nme } } } }`, hidden: "informant", twin: "informanx" },
    { what: "an argument of a hidden field", query: `{ apiKeys(includeRevoked: "x", filtr: {}) { prefix } }`, hidden: "apiKeys", twin: "apiKeyz" },
    { what: "an enum value of a hidden enum", query: `{ apiKeys(kind: [SYSTEMS]) { prefix } }`, hidden: "apiKeys", twin: "apiKeyz" },
    { what: "a hidden enum as a variable's type", query: `query($k: PrincipalKind) { enterprises(first: 1) { totalCount } }`, variables: { k: "SYSTEM" }, hidden: "PrincipalKind", twin: "PrincipalKinx" },
    { what: "a hidden input type as a variable's type", query: `query($f: InformantInput) { enterprises(first: 1) { totalCount } }`, variables: { f: {} }, hidden: "InformantInput", twin: "InformantInpux" },
    { what: "a mutation it may not call", query: `mutation { setZombieStatus(uscc: "x", isZombie: true) { __typename } }`, hidden: "setZombieStatus", twin: "setZombieStatux" },
    { what: "a fragment on a hidden type", query: `{ node(id: "x") { ... on ApiKey { prefix } } }`, hidden: "ApiKey", twin: "ApiKex" },
  ],
  // INSURANCE_ASSOC reads guarantees on request since issue 9 (seed 二(一)4); bonds stay hidden.
  INSURANCE_ASSOC: [
    { what: "a field of a readable type", query: `{ enterprises(first: 1) { nodes { name legalRepresentative { name } } } }`, hidden: "legalRepresentative", twin: "legalRepresentativx" },
    { what: "a root field", query: `{ bonds(first: 1) { nodes { code } } }`, hidden: "bonds", twin: "bondz" },
    { what: "a hidden enum as a variable's type", query: `query($k: BondKind) { enterprises(first: 1) { totalCount } }`, variables: { k: "MTN" }, hidden: "BondKind", twin: "BondKinx" },
    { what: "a hidden input type in a variable", query: `query($f: BondFilter) { enterprises(first: 1) { totalCount } }`, variables: { f: {} }, hidden: "BondFilter", twin: "BondFiltex" },
  ],
};

/** The same request id for both requests of a pair, so that the bodies can be compared whole. */
const ask = (as: string, query: string, variables: Record<string, unknown> | undefined, id: string) =>
  send(server, { body: { query, variables }, as, headers: { "x-request-id": id } });

function hiddenTypes(as: string): string[] {
  const principal = (as === YD ? { agency: "COUNTY", countyCode: "441704" } : { agency: as, countyCode: null }) as Principal;
  const view = schemaViewFor(schema, principal, { overrides: new Map() });
  return Object.keys(schema.getTypeMap()).filter((name) => !view.getType(name));
}

/** The hidden name and its twin answered alike: same status, same body once the name is swapped, no hidden type named. */
function expectAlike(hidden: RawResponse, twin: RawResponse, c: Case, hiddenTypeNames: string[]): void {
  expect(hidden.status, hidden.text).toBe(twin.status);
  expect(hidden.body.data, hidden.text).toBeUndefined();
  expect(hidden.text.replaceAll(c.hidden, c.twin)).toBe(twin.text);
  const named = hiddenTypeNames.filter((name) => name !== c.hidden && new RegExp(`\\b${name}\\b`).test(hidden.text));
  expect(named, hidden.text).toEqual([]);
}

describe(`validation against the caller's view (${onPostgres ? "PostgreSQL" : "PGlite"})`, () => {
  for (const [as, cases] of Object.entries(CASES)) {
    it.each(cases)(`${as}: $what is answered as a name that does not exist`, async (c) => {
      const hiddenTypeNames = hiddenTypes(as);
      expect(hiddenTypeNames.length).toBeGreaterThan(10);
      const id = `view-${Math.random().toString(36).slice(2)}`;
      const [hidden, twin] = await Promise.all([ask(as, c.query, c.variables, id), ask(as, c.query.replaceAll(c.hidden, c.twin), c.variables, id)]);
      expectAlike(hidden, twin, c, hiddenTypeNames);
      expect(hidden.body.errors.length).toBeGreaterThan(0);
      for (const e of hidden.body.errors) expect(e.extensions.code).toBe("GRAPHQL_VALIDATION_FAILED");
    });
  }

  it("the same documents sent again (Apollo's document cache) are answered alike", async () => {
    for (const c of CASES[YD]!) {
      for (let i = 0; i < 2; i++) {
        const id = `again-${i}`;
        const hidden = await ask(YD, c.query, c.variables, id);
        const twin = await ask(YD, c.query.replaceAll(c.hidden, c.twin), c.variables, id);
        expectAlike(hidden, twin, c, hiddenTypes(YD));
      }
    }
  });

  it("a limit the document also exceeds does not answer before the view's validation does", async () => {
    const aliases = Array.from({ length: 60 }, (_, i) => `a${i}: __typename`).join(" ");
    const c: Case = { what: "aliases", query: `{ ${aliases} apiKeys { prefix } }`, hidden: "apiKeys", twin: "apiKeyz" };
    const [hidden, twin] = await Promise.all([ask(YD, c.query, undefined, "limits"), ask(YD, c.query.replaceAll("apiKeys", "apiKeyz"), undefined, "limits")]);
    expectAlike(hidden, twin, c, hiddenTypes(YD));
    expect(hidden.body.errors[0].extensions.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  it("FINANCE_BUREAU is validated against the whole schema (the names of its errors are real)", async () => {
    const res = await send(server, { body: { query: `{ loans(first: 1) { nodes { amout } } }` } });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].message).toMatch(/^Cannot query field "amout" on type "Loan"\. Did you mean "amount"/);
  });

  it("operations within the view run as before", async () => {
    const res = await send(server, { body: { query: `query($f: EnterpriseFilter) { enterprises(first: 2, filter: $f) { totalCount nodes { name county { code } } } }`, variables: { f: { county: "441704" } } }, as: YD });
    expect(res.status, res.text).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.enterprises.nodes.every((n: { county: { code: string } }) => n.county.code === "441704")).toBe(true);
  });

  describe("with a policy override that hides input fields of a readable input type", () => {
    // FISCAL reads bonds; closing enterprise registration to it hides BondFilter.county and
    // BondFilter.issuerUscc (registration data) while BondFilter stays.
    beforeAll(async () => {
      const set = await server.gql(`mutation { setPolicyCell(resource: "enterprise.registration", principal: "FISCAL", sharing: DENY, reason: "view validation test: hidden filter fields") { __typename } }`);
      expect(set.body.data?.setPolicyCell?.__typename, JSON.stringify(set.body)).toBe("MutationSetPolicyCellSuccess");
    });
    afterAll(async () => {
      await server.gql(`mutation { setPolicyCell(resource: "enterprise.registration", principal: "FISCAL", sharing: READ, reason: "view validation test: restored") { __typename } }`);
    });

    it("a hidden input field in an argument and in a variable is answered as an unknown one", async () => {
      const literal: Case = { what: "argument", query: `{ bonds(first: 1, filter: { county: "441704" }) { totalCount } }`, hidden: "county", twin: "countx" };
      const [hidden, twin] = await Promise.all([ask("FISCAL", literal.query, undefined, "arg"), ask("FISCAL", literal.query.replace("county", "countx"), undefined, "arg")]);
      expectAlike(hidden, twin, literal, []);
      expect(hidden.body.errors[0].extensions.code).toBe("GRAPHQL_VALIDATION_FAILED");

      const query = `query($f: BondFilter) { bonds(first: 1, filter: $f) { totalCount } }`;
      const variable: Case = { what: "variable", query, hidden: "county", twin: "countx" };
      const [hiddenVar, twinVar] = await Promise.all([ask("FISCAL", query, { f: { county: "441704" } }, "var"), ask("FISCAL", query, { f: { countx: "441704" } }, "var")]);
      expect(hiddenVar.status, hiddenVar.text).toBe(400);
      expect(hiddenVar.body.errors[0]).toMatchObject({ message: 'Variable "$f" got invalid value { county: "441704" }; Field "county" is not defined by type "BondFilter".', extensions: { code: "BAD_USER_INPUT" } });
      expectAlike(hiddenVar, twinVar, variable, []);
    });
  });
});
