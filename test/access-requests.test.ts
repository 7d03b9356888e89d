// The conditional-sharing workflow (requestAccess → approve / reject → grant → revoke) seen from
// an agency that is neither the requester nor an owner: a request or grant it may not see answers
// exactly as one that does not exist, so its id reveals neither the resource nor the requester.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onPostgres } from "./helpers/backend.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ scale: 0.02 });
});
afterAll(() => server?.close());

const RESULT = `__typename ... on MutationError { message } ... on NotFoundError { entity key } ... on ValidationError { issues { field rule message } } ... on ConflictError { message }`;
const APPROVE = `mutation($id: Int!) { approveAccessRequest(requestId: $id) { ${RESULT} } }`;
const REJECT = `mutation($id: Int!) { rejectAccessRequest(requestId: $id, reason: "不予批准的理由") { ${RESULT} } }`;
const REVOKE = `mutation($id: Int!) { revokeAccessGrant(grantId: $id, reason: "撤销授权的理由") { ${RESULT} } }`;
const MISSING = 99_999_999;

/** The answer with the id it was asked for replaced, so a visible-but-forbidden id and a missing one compare equal. */
const anonymised = (body: unknown, id: number) => JSON.parse(JSON.stringify(body).replaceAll(String(id), "<id>"));

async function pendingRequest(): Promise<number> {
  // DEVELOPMENT_REFORM may read debt.loans on request; CBRC owns it.
  const res = await server.gql(
    `mutation($u: DateTime!) { requestAccess(resource: "debt.loans", purpose: "去杠杆专项监测", until: $u) { ... on MutationRequestAccessSuccess { data { id } } } }`,
    { u: new Date(Date.now() + 86_400_000).toISOString() },
    "DEVELOPMENT_REFORM",
  );
  const id = res.body.data?.requestAccess?.data?.id;
  expect(id, JSON.stringify(res.body)).toBeTypeOf("number");
  return id;
}

describe(`sharing requests and grants the caller may not see (${onPostgres ? "PostgreSQL" : "PGlite"})`, () => {
  it.each([
    ["approveAccessRequest", APPROVE],
    ["rejectAccessRequest", REJECT],
  ])("%s on another agency's request for a resource it does not own answers as for a missing request", async (_name, mutation) => {
    const id = await pendingRequest();
    for (const as of ["FISCAL", "COUNTY:阳东区", "PBOC"]) {
      const hidden = await server.gql(mutation, { id }, as);
      const missing = await server.gql(mutation, { id: MISSING }, as);
      expect(hidden.status).toBe(missing.status);
      expect(anonymised(hidden.body.data, id)).toEqual(anonymised(missing.body.data, MISSING));
      expect(Object.values(hidden.body.data!)[0]).toMatchObject({ __typename: "NotFoundError", entity: "AccessRequest" });
      expect(JSON.stringify(hidden.body)).not.toMatch(/debt\.loans|CBRC|DEVELOPMENT_REFORM/);
    }
    // Still pending: the owner decides it.
    const approved = await server.gql(APPROVE, { id }, "CBRC");
    expect(approved.body.data!.approveAccessRequest.__typename).toBe("MutationApproveAccessRequestSuccess");
  });

  it("the requester itself is told it is not the owner (it knows the request), and the request stays pending", async () => {
    const id = await pendingRequest();
    const own = await server.gql(APPROVE, { id }, "DEVELOPMENT_REFORM");
    expect(own.body.data!.approveAccessRequest).toMatchObject({ __typename: "ValidationError", issues: [{ field: "requestId", rule: "owner" }] });
    const listed = await server.gql(`{ accessRequests { id status } }`, {}, "DEVELOPMENT_REFORM");
    expect(listed.body.data!.accessRequests).toContainEqual({ id, status: "PENDING" });
  });

  it("revokeAccessGrant on a grant the caller may not see answers as for a missing grant; the owner and FINANCE_BUREAU may revoke", async () => {
    const id = await pendingRequest();
    const approved = await server.gql(`mutation($id: Int!) { approveAccessRequest(requestId: $id) { ... on MutationApproveAccessRequestSuccess { data { id } } } }`, { id }, "CBRC");
    const grantId = approved.body.data!.approveAccessRequest.data.id;
    for (const as of ["FISCAL", "COUNTY:阳东区", "PBOC"]) {
      const hidden = await server.gql(REVOKE, { id: grantId }, as);
      const missing = await server.gql(REVOKE, { id: MISSING }, as);
      expect(anonymised(hidden.body.data, grantId)).toEqual(anonymised(missing.body.data, MISSING));
      expect(hidden.body.data!.revokeAccessGrant).toMatchObject({ __typename: "NotFoundError", entity: "AccessGrant" });
      expect(JSON.stringify(hidden.body)).not.toMatch(/debt\.loans|CBRC|DEVELOPMENT_REFORM/);
    }
    const grants = await server.gql(`{ accessGrants(liveOnly: true) { id } }`, {}, "DEVELOPMENT_REFORM");
    expect(grants.body.data!.accessGrants).toContainEqual({ id: grantId });
    const revoked = await server.gql(REVOKE, { id: grantId }, "FINANCE_BUREAU");
    expect(revoked.body.data!.revokeAccessGrant.__typename).toBe("MutationRevokeAccessGrantSuccess");
  });
});
