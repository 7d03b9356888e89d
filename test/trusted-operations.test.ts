// Trusted operations: machine principals run only registered documents (when enforced, as in
// production); analysts send any document, and automatic persisted queries work for them.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { parse } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/server.ts";
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
    // A system key of the PBOC, made the way an administrator would (npm run keys / createApiKey).
    const created = await server.gql(`mutation { createApiKey(input: { agency: PBOC, name: "statements-sync", kind: SYSTEM }) { ... on MutationCreateApiKeySuccess { data { key } } } }`);
    const key = created.body.data.createApiKey.data.key as string;
    const variables = { input: { uscc: "91440300708461136T", periodEnd: "2017-12-31", periodType: "ANNUAL", totalAssets: "1", currentAssets: "1", totalLiabilities: "1", currentLiabilities: "1", shortTermBorrowings: "0", longTermBorrowings: "0", privateLending: "0", revenue: "1", netProfit: "0" } };
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
