// Trusted operations: machine principals run only registered documents (when enforced, as in
// production), and only those of the systems (clients/<system>/) their key is bound to; analysts
// send any document, and automatic persisted queries work for them.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { parse } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import { sheetRequest } from "./helpers/sheets.ts";
import { buildManifest } from "../src/cli/operations-publish.ts";
import { MANIFEST_FILE } from "../src/operations/manifest.ts";
import { documentId, run } from "../clients/client.ts";
import { PbocUpsertStatementDocument } from "../clients/generated/graphql.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ scale: 0.02, env: { TRUSTED_OPERATIONS: "enforce" } });
});
afterAll(() => server?.close());

const post = (body: unknown, key: string) =>
  fetch(server.url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${key}` }, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: await r.json() }));

const STATEMENT = { input: { uscc: "91440300708461136T", periodEnd: "2017-12-31", periodType: "ANNUAL", totalAssets: "1", currentAssets: "1", totalLiabilities: "1", currentLiabilities: "1", shortTermBorrowings: "0", longTermBorrowings: "0", privateLending: "0", revenue: "1", netProfit: "0" } };

/** A key issued by FINANCE_BUREAU through createApiKey. */
async function newKey(input: string): Promise<string> {
  const created = await server.gql(`mutation { createApiKey(input: ${input}) { __typename ... on MutationCreateApiKeySuccess { data { key } } ... on ValidationError { issues { field message } } } }`);
  const key = created.body.data?.createApiKey?.data?.key;
  if (typeof key !== "string") throw new Error(`no key: ${JSON.stringify(created.body)}`);
  return key;
}

describe("trusted operations", () => {
  it("clients/operations.json registers exactly the documents under clients/ (npm run operations:publish)", async () => {
    expect(await readFile(MANIFEST_FILE, "utf8")).toBe(await buildManifest());
  });

  it("refuses an unregistered document from a machine principal", async () => {
    const res = await post({ query: "{ dishonestyRecords(first: 1) { nodes { documentNo } } }" }, server.keys.CREDIT_PLATFORM!);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe("PERSISTED_QUERY_NOT_FOUND");
    expect(res.body.data).toBeUndefined();
  });

  it("runs a registered document sent by hash only, or in full in any formatting", async () => {
    const manifest = JSON.parse(await readFile(MANIFEST_FILE, "utf8"));
    const op = manifest.operations.find((o: { system: string }) => o.system === "pboc-statements");
    // A system key of the PBOC, made the way an administrator would (npm run keys / createApiKey),
    // bound to the system whose documents it runs.
    const created = await server.gql(`mutation { createApiKey(input: { agency: PBOC, name: "statements-sync", kind: SYSTEM, systems: ["pboc-statements"] }) { ... on MutationCreateApiKeySuccess { data { key } } } }`);
    const key = created.body.data.createApiKey.data.key as string;
    const variables = STATEMENT;
    // Through the typed client (hash only): the write runs (and reports the unknown enterprise).
    const typed = await run({ url: server.url, apiKey: key }, PbocUpsertStatementDocument, variables as never);
    expect(typed.errors).toBeUndefined();
    expect(typed.data!.upsertFinancialStatement!.__typename).toBe("ValidationError");
    expect(documentId(PbocUpsertStatementDocument as never)).toBe(op.id);
    // The full document, reformatted, is the same registered operation.
    const full = await post({ query: op.document.replace(/\n\s*/g, " "), variables }, key);
    expect(full.status).toBe(200);
    expect(full.body.data.upsertFinancialStatement.__typename).toBe("ValidationError");
    // One changed field makes it another, unregistered document.
    const altered = await post({ query: op.document.replace("assetLiabilityRatio", ""), variables }, key);
    expect(op.document).toContain("assetLiabilityRatio");
    expect(altered.body.errors[0].extensions.code).toBe("PERSISTED_QUERY_NOT_FOUND");
  });

  it("refuses another system's registered operation, naming the system that registered it", async () => {
    const manifest = JSON.parse(await readFile(MANIFEST_FILE, "utf8"));
    const webhooks = manifest.operations.find((o: { system: string }) => o.system === "agency-webhooks");
    const changes = manifest.operations.find((o: { system: string }) => o.system === "credit-platform");
    const key = await newKey(`{ agency: PBOC, name: "statements-only", kind: SYSTEM, systems: ["pboc-statements"] }`);
    const other = await post({ query: changes.document, variables: { first: 1 } }, key);
    expect(other.status).toBe(403);
    expect(other.body.data).toBeUndefined();
    expect(other.body.errors[0].extensions).toMatchObject({ code: "FORBIDDEN", rule: "operationSystem", registeredBy: ["credit-platform"], keySystems: ["pboc-statements"] });
    expect(other.body.errors[0].message).toContain("registered by another system (credit-platform");
    // By hash only, the same refusal.
    const byHash = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: changes.id } }, variables: { first: 1 } }, key);
    expect(byHash.status).toBe(403);
    expect(byHash.body.errors[0].extensions.registeredBy).toEqual(["credit-platform"]);
    // Nor a shared client's (webhooks) that its key is not bound to; the demo credit platform key is, and runs it and its own.
    const syncOnly = await newKey(`{ agency: CREDIT_PLATFORM, name: "sync-only", kind: SYSTEM, systems: ["credit-platform"] }`);
    const foreign = await post({ query: webhooks.document, operationName: "WebhookEndpoints" }, syncOnly);
    expect(foreign.status).toBe(403);
    expect(foreign.body.data).toBeUndefined();
    expect(foreign.body.errors[0].extensions).toMatchObject({ registeredBy: ["agency-webhooks"], keySystems: ["credit-platform"] });
    for (const [doc, operationName, variables] of [[changes.document, undefined, { first: 1 }], [webhooks.document, "WebhookEndpoints", {}]] as const) {
      const own = await post({ query: doc, operationName, variables }, server.keys.CREDIT_PLATFORM!);
      expect(own.status).toBe(200);
      expect(own.body.errors).toBeUndefined();
    }
  });

  it("a SYSTEM key bound to no system runs no registered operation; a key's systems must exist", async () => {
    const manifest = JSON.parse(await readFile(MANIFEST_FILE, "utf8"));
    const changes = manifest.operations.find((o: { system: string }) => o.system === "credit-platform");
    const unbound = await newKey(`{ agency: CREDIT_PLATFORM, name: "unbound-sync", kind: SYSTEM }`);
    const res = await post({ query: changes.document, variables: { first: 1 } }, unbound);
    expect(res.status).toBe(403);
    expect(res.body.errors[0].extensions).toMatchObject({ code: "FORBIDDEN", rule: "operationSystem", registeredBy: ["credit-platform"] });
    expect(res.body.errors[0].message).toContain("bound to no system");
    // FINANCE_BUREAU binds the existing key to its system: from its next request it runs that system's operations.
    const keys = await server.gql(`{ apiKeys { prefix name } }`);
    const prefix = keys.body.data.apiKeys.find((k: { name: string }) => k.name === "unbound-sync").prefix;
    const set = await server.gql(`mutation($p: String!) { setApiKeySystems(prefix: $p, systems: ["credit-platform"]) { __typename ... on MutationSetApiKeySystemsSuccess { data { systems } } } }`, { p: prefix });
    expect(set.body.data.setApiKeySystems).toMatchObject({ __typename: "MutationSetApiKeySystemsSuccess", data: { systems: ["credit-platform"] } });
    const rebound = await post({ query: changes.document, variables: { first: 1 } }, unbound);
    expect(rebound.status).toBe(200);
    expect(rebound.body.errors).toBeUndefined();
    const unknown = await server.gql(`mutation($p: String!) { setApiKeySystems(prefix: $p, systems: ["nowhere"]) { __typename ... on ValidationError { issues { field rule } } } }`, { p: prefix });
    expect(unknown.body.data.setApiKeySystems).toMatchObject({ __typename: "ValidationError", issues: [{ field: "systems", rule: "exists" }] });
    const bad = await server.gql(`mutation { createApiKey(input: { agency: PBOC, name: "typo-sync", kind: SYSTEM, systems: ["pboc-statement"] }) { __typename ... on ValidationError { issues { field rule message } } } }`);
    expect(bad.body.data.createApiKey).toMatchObject({ __typename: "ValidationError", issues: [{ field: "input.systems", rule: "exists" }] });
    expect(bad.body.data.createApiKey.issues[0].message).toContain("pboc-statements");
    const user = await server.gql(`mutation { createApiKey(input: { agency: PBOC, name: "analyst", kind: USER, systems: ["pboc-statements"] }) { __typename ... on ValidationError { issues { field rule } } } }`);
    expect(user.body.data.createApiKey).toMatchObject({ __typename: "ValidationError", issues: [{ field: "input.systems", rule: "systemKey" }] });
    // A rotated key keeps its systems.
    const listed = await server.gql(`{ apiKeys { prefix name systems } }`);
    const bound = listed.body.data.apiKeys.find((k: { name: string }) => k.name === "statements-only");
    expect(bound.systems).toEqual(["pboc-statements"]);
    const rotated = await server.gql(`mutation($p: String!) { rotateApiKey(prefix: $p) { ... on MutationRotateApiKeySuccess { data { apiKey { systems } } } } }`, { p: bound.prefix });
    expect(rotated.body.data.rotateApiKey.data.apiKey.systems).toEqual(["pboc-statements"]);
  });

  it("lets a machine key bound to the sheets system download lists: each page is a registered document", async () => {
    const created = await server.gql(`mutation { createApiKey(input: { agency: DEVELOPMENT_REFORM, name: "sheets-sync", kind: SYSTEM, systems: ["sheets"] }) { ... on MutationCreateApiKeySuccess { data { key } } } }`);
    server.keys["DEVELOPMENT_REFORM/sheets"] = created.body.data.createApiKey.data.key as string;
    // A curated list and one derived from the schema, neither cut by DEVELOPMENT_REFORM's view.
    for (const [list, connection] of [["dishonesty-records", "dishonestyRecords"], ["bonds", "bonds"]] as const) {
      const res = await sheetRequest(server, `/sheets/export/${list}.csv`, { as: "DEVELOPMENT_REFORM/sheets" });
      expect(res.status, res.bytes.toString().slice(0, 300)).toBe(200);
      const total = (await server.gql(`{ ${connection}(first: 1) { totalCount } }`, {}, "DEVELOPMENT_REFORM")).body.data[connection].totalCount;
      expect(res.bytes.subarray(3).toString("utf8").trim().split(/\r?\n/).length - 1).toBe(total);
    }
  });

  it("lets analysts send any document, with automatic persisted queries", async () => {
    const query = "{ enterprises(first: 2) { nodes { uscc } } }";
    const sha256Hash = createHash("sha256").update(query).digest("hex");
    const key = server.keys.FINANCE_BUREAU!;
    const unknown = await post({ extensions: { persistedQuery: { version: 1, sha256Hash } } }, key);
    expect(unknown.body.errors[0].extensions.code).toBe("PERSISTED_QUERY_NOT_FOUND");
    const registered = await post({ query, extensions: { persistedQuery: { version: 1, sha256Hash } } }, key);
    expect(registered.body.data.enterprises.nodes).toHaveLength(2);
    const byHash = await post({ extensions: { persistedQuery: { version: 1, sha256Hash } } }, key);
    expect(byHash.body.data).toEqual(registered.body.data);
    expect(parse(query)).toBeTruthy();
  });
});
