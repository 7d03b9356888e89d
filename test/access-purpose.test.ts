// Issue 10, item 1: the purpose an agency states for a conditional read is written to the read's
// audit entry and shown by auditEntries and recipients; a raw UTF-8 X-Purpose header (HTTP headers
// are Latin-1) is refused with a 400 saying to percent-encode it, instead of silently matching no grant.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onPostgres } from "./helpers/backend.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ scale: 0.02 });
});
afterAll(() => server?.close());

// DEVELOPMENT_REFORM reads debt.loans on request only (C); CBRC owns it.
const PURPOSE = "去杠杆专项监测：核查重点企业贷款";
const LOANS = `query PurposeLoans { loans(first: 3) { nodes { contractNo balance } } }`;

async function grantLoans(purpose: string): Promise<number> {
  const asked = await server.gql(
    `mutation($p: String!, $u: DateTime!) { requestAccess(resource: "debt.loans", purpose: $p, until: $u) { ... on MutationRequestAccessSuccess { data { id } } } }`,
    { p: purpose, u: new Date(Date.now() + 86_400_000).toISOString() },
    "DEVELOPMENT_REFORM",
  );
  const requestId = asked.body.data!.requestAccess.data.id as number;
  const approved = await server.gql(`mutation($id: Int!) { approveAccessRequest(requestId: $id) { ... on MutationApproveAccessRequestSuccess { data { id } } } }`, { id: requestId }, "CBRC");
  return approved.body.data!.approveAccessRequest.data.id as number;
}

describe(`the purpose of a conditional read (${onPostgres ? "PostgreSQL" : "PGlite"})`, () => {
  it("is stored in the read's audit entry and shown by auditEntries and recipients", async () => {
    await grantLoans(PURPOSE);
    const read = await server.gql(LOANS, {}, "DEVELOPMENT_REFORM", { "x-purpose": encodeURIComponent(PURPOSE) });
    expect(read.body.errors, JSON.stringify(read.body.errors)).toBeUndefined();
    expect(read.body.data!.loans.nodes.length).toBeGreaterThan(0);

    // The reader's own entries: the newest PurposeLoans one carries the purpose and the loans it returned.
    const own = await server.gql(`{ auditEntries(filter: { resource: "debt.loans" }, first: 10) { operationName purpose records { entityType entityId resource fields } } }`, {}, "DEVELOPMENT_REFORM");
    const entry = own.body.data!.auditEntries.find((e: { operationName: string }) => e.operationName === "PurposeLoans");
    expect(entry, JSON.stringify(own.body)).toBeDefined();
    expect(entry.purpose).toBe(PURPOSE);
    const loan = entry.records.find((r: { entityType: string }) => r.entityType === "Loan");
    expect(loan).toMatchObject({ resource: "debt.loans" });

    // The owner sees who received the loan, for what purpose.
    const recipients = await server.gql(`query($id: Int!) { recipients(entityType: "Loan", entityId: $id) { agency fields purpose } }`, { id: loan.entityId }, "CBRC");
    expect(recipients.body.data!.recipients).toContainEqual(expect.objectContaining({ agency: "DEVELOPMENT_REFORM", purpose: PURPOSE }));

    // A read of only unconditional data states no purpose, even with the header sent.
    await server.gql(`query PurposeFree { enterprises(first: 1) { nodes { uscc } } }`, {}, "DEVELOPMENT_REFORM", { "x-purpose": encodeURIComponent(PURPOSE) });
    const later = await server.gql(`{ auditEntries(first: 5) { operationName purpose } }`, {}, "DEVELOPMENT_REFORM");
    expect(later.body.data!.auditEntries.find((e: { operationName: string }) => e.operationName === "PurposeFree")).toMatchObject({ purpose: null });
  });

  it("refuses a raw UTF-8 X-Purpose header with a 400 that says to percent-encode it", async () => {
    // What a client sending the purpose's UTF-8 bytes unencoded puts on the wire (fetch sends a ByteString as Latin-1).
    const raw = Buffer.from(PURPOSE, "utf8").toString("latin1");
    const res = await server.gql(LOANS, {}, "DEVELOPMENT_REFORM", { "x-purpose": raw });
    expect(res.status).toBe(400);
    expect(res.body.data ?? undefined).toBeUndefined();
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", header: "X-Purpose", rule: "percentEncoded" });
    expect(res.body.errors![0]!.message).toMatch(/X-Purpose.*percent-encoded/);
    // Encoded, the same purpose opens the grant.
    const ok = await server.gql(LOANS, {}, "DEVELOPMENT_REFORM", { "x-purpose": encodeURIComponent(PURPOSE) });
    expect(ok.status).toBe(200);
    expect(ok.body.errors).toBeUndefined();
  });
});
