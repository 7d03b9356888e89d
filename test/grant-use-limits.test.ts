// Issue 10, item 5: a grant records its purpose, scenario (the resource), period and two use limits
// (no onward sharing, delete when the purpose is achieved); the requester marks the purpose achieved,
// which ends the grant at once, and the grant and the audit show who ended it, when and why.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onPostgres } from "./helpers/backend.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ scale: 0.02 });
});
afterAll(() => server?.close());

const RESULT = `__typename ... on MutationError { message } ... on NotFoundError { entity key } ... on ValidationError { issues { field rule message } } ... on ConflictError { message }`;
const GRANT = `id purpose resource validUntil noOnwardSharing deleteWhenPurposeAchieved purposeAchievedAt revokedAt revokedBy revokeReason isLive`;
const ACHIEVED = `mutation($id: Int!, $note: String!) { markPurposeAchieved(grantId: $id, note: $note) { ${RESULT} ... on MutationMarkPurposeAchievedSuccess { data { ${GRANT} } } } }`;
const STATEMENTS = `query UseLimitStatements { enterprises(first: 2) { nodes { uscc statements(first: 1) { nodes { totalAssets } } } } }`;

/** DEVELOPMENT_REFORM asks PBOC for enterprise.statements (C for it) and PBOC approves, with the approval's arguments given. */
async function grant(purpose: string, approval = ""): Promise<Record<string, unknown>> {
  const asked = await server.gql(
    `mutation($p: String!, $u: DateTime!) { requestAccess(resource: "enterprise.statements", purpose: $p, until: $u) { ... on MutationRequestAccessSuccess { data { id } } } }`,
    { p: purpose, u: new Date(Date.now() + 7 * 86_400_000).toISOString() },
    "DEVELOPMENT_REFORM",
  );
  const requestId = asked.body.data!.requestAccess.data.id as number;
  const approved = await server.gql(`mutation($id: Int!) { approveAccessRequest(requestId: $id${approval}) { ${RESULT} ... on MutationApproveAccessRequestSuccess { data { ${GRANT} } } } }`, { id: requestId }, "PBOC");
  expect(approved.body.data!.approveAccessRequest.__typename, JSON.stringify(approved.body)).toBe("MutationApproveAccessRequestSuccess");
  return approved.body.data!.approveAccessRequest.data;
}

const readStatements = (purpose: string) => server.gql(STATEMENTS, {}, "DEVELOPMENT_REFORM", { "x-purpose": encodeURIComponent(purpose) });
const forbiddenStatements = (res: Awaited<ReturnType<typeof readStatements>>) => (res.body.errors ?? []).some((e) => e.extensions?.code === "FORBIDDEN" && e.extensions?.resource === "enterprise.statements");

describe(`use limits on conditional data (${onPostgres ? "PostgreSQL" : "PGlite"})`, () => {
  it("a grant records its purpose, scenario, expiry and both use limits (on unless the owner lifts them)", async () => {
    const strict = await grant("企业偿债能力评估一");
    expect(strict).toMatchObject({ purpose: "企业偿债能力评估一", resource: "enterprise.statements", noOnwardSharing: true, deleteWhenPurposeAchieved: true, purposeAchievedAt: null, isLive: true });
    const lifted = await grant("企业偿债能力评估二", ", noOnwardSharing: false, deleteWhenPurposeAchieved: false");
    expect(lifted).toMatchObject({ noOnwardSharing: false, deleteWhenPurposeAchieved: false });
    // The requester sees the limits on the grants it holds.
    const held = await server.gql(`{ accessGrants(liveOnly: true) { id noOnwardSharing deleteWhenPurposeAchieved } }`, {}, "DEVELOPMENT_REFORM");
    expect(held.body.data!.accessGrants).toContainEqual({ id: strict.id, noOnwardSharing: true, deleteWhenPurposeAchieved: true });
  });

  it("the requester marks the purpose achieved: the grant ends at once and shows who ended it, when and why", async () => {
    const purpose = "债务风险排查专项";
    const g = await grant(purpose);
    const before = await readStatements(purpose);
    expect(forbiddenStatements(before), JSON.stringify(before.body.errors)).toBe(false);
    // The data read under the grant carries its use limits, for the receiving system to keep with it.
    expect(before.body.extensions?.useLimits).toEqual([{ grantId: g.id, resource: "enterprise.statements", purpose, validUntil: expect.any(String), noOnwardSharing: true, deleteWhenPurposeAchieved: true }]);
    expect(new Date((before.body.extensions!.useLimits as Array<{ validUntil: string }>)[0]!.validUntil).getTime()).toBe(new Date(g.validUntil as string).getTime());

    const note = "排查报告已报送，所获报表已删除";
    const ended = await server.gql(ACHIEVED, { id: g.id, note }, "DEVELOPMENT_REFORM");
    const grantAfter = ended.body.data!.markPurposeAchieved.data;
    expect(grantAfter, JSON.stringify(ended.body)).toMatchObject({ isLive: false, revokedBy: "DEVELOPMENT_REFORM/demo-development_reform", revokeReason: `purpose achieved: ${note}` });
    expect(grantAfter.purposeAchievedAt).toBe(grantAfter.revokedAt);

    // The very next request no longer reads under it.
    const after = await readStatements(purpose);
    expect(forbiddenStatements(after)).toBe(true);

    // The owner sees the same on the grant; the write's audit entry holds who, when and the note.
    const issued = await server.gql(`{ accessGrants { ${GRANT} } }`, {}, "PBOC");
    expect(issued.body.data!.accessGrants.find((x: { id: number }) => x.id === g.id)).toMatchObject({ purposeAchievedAt: grantAfter.purposeAchievedAt, revokedBy: grantAfter.revokedBy, isLive: false });
    const audit = await server.gql(`{ auditEntries(filter: { agency: DEVELOPMENT_REFORM }, first: 20) { operationName agency principalName at variables records { entityType entityId } } }`, {}, "FINANCE_BUREAU");
    const entry = audit.body.data!.auditEntries.find((e: { operationName: string }) => e.operationName === "Mutation.markPurposeAchieved");
    expect(entry, JSON.stringify(audit.body)).toMatchObject({ agency: "DEVELOPMENT_REFORM", principalName: "demo-development_reform" });
    expect(JSON.parse(entry.variables)).toMatchObject({ grantId: g.id, note });
    expect(entry.records).toContainEqual({ entityType: "AccessGrant", entityId: g.id });
  });

  it("only the holder may mark it, once; a bad note is refused naming the field, and nothing changes", async () => {
    const purpose = "融资风险监测专项";
    const g = await grant(purpose);
    // The owner knows the grant but does not hold it.
    const owner = await server.gql(ACHIEVED, { id: g.id, note: "用途已经达成" }, "PBOC");
    expect(owner.body.data!.markPurposeAchieved).toMatchObject({ __typename: "ValidationError", issues: [{ field: "grantId", rule: "requester" }] });
    // An agency that may not see the grant is told it does not exist.
    const stranger = await server.gql(ACHIEVED, { id: g.id, note: "用途已经达成" }, "FISCAL");
    expect(stranger.body.data!.markPurposeAchieved).toMatchObject({ __typename: "NotFoundError", entity: "AccessGrant" });
    const short = await server.gql(ACHIEVED, { id: g.id, note: "好" }, "DEVELOPMENT_REFORM");
    expect(short.body.data!.markPurposeAchieved).toMatchObject({ __typename: "ValidationError", issues: [{ field: "note", rule: "length" }] });
    // None of these ended it.
    expect(forbiddenStatements(await readStatements(purpose))).toBe(false);

    const first = await server.gql(ACHIEVED, { id: g.id, note: "用途已经达成" }, "DEVELOPMENT_REFORM");
    expect(first.body.data!.markPurposeAchieved.__typename).toBe("MutationMarkPurposeAchievedSuccess");
    const again = await server.gql(ACHIEVED, { id: g.id, note: "用途已经达成" }, "DEVELOPMENT_REFORM");
    expect(again.body.data!.markPurposeAchieved).toMatchObject({ __typename: "ConflictError" });
    expect(again.body.data!.markPurposeAchieved.message).toContain("already ended");
  });
});
