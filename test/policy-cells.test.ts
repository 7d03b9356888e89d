// Generated from the policy: every cell of the matrix (resource × principal) is asked for.
//   READ → the value · MASK → the masked value · DENY → FORBIDDEN and the value nowhere in the body
//   CONDITIONAL → FORBIDDEN before approval, the value after (with the purpose stated), FORBIDDEN
//   without the purpose and after revocation.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COLUMNS, MATRIX, RESOURCE_NAMES, shippedCell, type Column, type ResourceName } from "../src/access/policy/matrix.ts";
import { maskIdNumber } from "../src/access/masking.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import { at, buildProbes, type Probe } from "./helpers/probes.ts";

let server: TestServer;
let probes: Partial<Record<ResourceName, Probe>>;
beforeAll(async () => {
  server = await startTestServer({ scale: 0.2 });
  probes = await buildProbes(server.running.db.prisma);
});
afterAll(() => server?.close());

const COUNTY_NAMES: Record<string, string> = { "441702": "江城区", "441704": "阳东区", "441721": "阳西县", "441781": "阳春市" };
const label = (column: Column, county: string) => (column === "COUNTY" ? `COUNTY:${COUNTY_NAMES[county] ?? "阳东区"}` : column);
const effective = (r: ResourceName, c: Column) => ((MATRIX[r].owners as readonly string[]).includes(c) ? "READ" : shippedCell(r, c));

const cells = RESOURCE_NAMES.filter((r) => r !== "graph.structure").flatMap((resource) =>
  COLUMNS.map((column) => ({ resource, column, sharing: effective(resource, column) })),
);
// alerts.webhooks: SYSTEM keys only (the demo keys are USER keys) and each key its own rows: test/webhooks.test.ts.
// limits.budget: open to every key, each reading only its own budget: test/limits/quota.test.ts.
// feedback.*: workflows whose rows are each caller's own part (disputes raised or to answer, its
// notices, the cases it initiated or is asked on): test/feedback.test.ts, with the credit platform's "-".
const probed = (r: ResourceName) =>
  !["records.history", "access.sharing", "access.audit", "access.auditChain", "access.auditLog", "access.keys", "alerts.webhooks", "limits.budget", "feedback.disputes", "feedback.notices", "feedback.punishment"].includes(r);

type Res = { status: number; body: { data?: unknown; errors?: Array<{ message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }> } };

/** Closed: FORBIDDEN on the probed field (or one above it), or (`outsideView`) the field is outside the principal's view. */
function expectForbidden(res: Res, probe: Probe, resource: string, outsideView = false) {
  const body = res.body;
  // The value leaks nowhere: not in data, not in an error message.
  expect(JSON.stringify(body)).not.toContain(String(probe.expected));
  if (outsideView && body.data === undefined) {
    // A denied field the view hides is answered as one that does not exist (test/access-validation.test.ts).
    expect(res.status).toBe(400);
    const names = probe.path.filter((k): k is string => typeof k === "string");
    expect(body.errors!.length).toBeGreaterThan(0);
    for (const e of body.errors!) {
      expect(e.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
      expect(names).toContain(/^Cannot query field "(\w+)" on type "\w+"\.$/.exec(e.message)?.[1]);
    }
    return;
  }
  expect(at(body.data, probe.path) ?? null).toBeNull();
  // FORBIDDEN on the field itself, or on a field above it the principal may not read either
  // (e.g. the person a denied ID number belongs to).
  const onPath = (p: (string | number)[] = []) => p.every((k, i) => probe.path[i] === k);
  const forbidden = body.errors?.filter((e) => e.extensions?.code === "FORBIDDEN" && onPath(e.path)) ?? [];
  expect(forbidden.length, JSON.stringify(body.errors)).toBeGreaterThan(0);
  expect(forbidden.some((e) => e.extensions?.resource === resource || (e.path?.length ?? 0) < probe.path.length)).toBe(true);
}

describe("every cell of the sharing matrix", () => {
  it.each(cells.filter((c) => probed(c.resource) && c.sharing !== "CONDITIONAL"))("$resource × $column → $sharing", async ({ resource, column, sharing }) => {
    const probe = probes[resource]!;
    const res = await server.gql(probe.query, probe.variables, label(column, probe.county));
    if (sharing === "READ") {
      expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
      expect(at(res.body.data, probe.path)).toEqual(probe.expected);
    } else if (sharing === "MASK") {
      expect(res.body.errors).toBeUndefined();
      expect(at(res.body.data, probe.path)).toBe(maskIdNumber(String(probe.expected)));
      expect(JSON.stringify(res.body)).not.toContain(String(probe.expected));
      expect((res.body.extensions!.access as { masked: Array<{ resource: string }> }).masked.map((m) => m.resource)).toContain(resource);
    } else {
      expectForbidden(res, probe, resource, true);
      // Denied fields are marked for the client (absent when the request was refused before execution,
      // e.g. a filter on data it may not read).
      const access = res.body.extensions?.access as { denied: Array<{ path: string; sharing: string }> } | undefined;
      if (res.body.data) expect(access!.denied.length).toBeGreaterThan(0);
    }
  });

  it.each(cells.filter((c) => probed(c.resource) && c.sharing === "CONDITIONAL"))(
    "$resource × $column → CONDITIONAL: closed, opened by an approved request with its purpose, closed again on revocation",
    async ({ resource, column }) => {
      const probe = probes[resource]!;
      const as = label(column, probe.county);
      const owner = MATRIX[resource].owners[0]!;
      expectForbidden(await server.gql(probe.query, probe.variables, as), probe, resource);

      const purpose = `去杠杆监测 ${resource}`;
      const requested = await server.gql(
        `mutation($r: String!, $p: String!, $u: DateTime!) { requestAccess(resource: $r, purpose: $p, until: $u) { ... on MutationRequestAccessSuccess { data { id status } } ... on ValidationError { issues { field message } } } }`,
        { r: resource, p: purpose, u: new Date(Date.now() + 3600_000).toISOString() },
        as,
      );
      const request = requested.body.data!.requestAccess.data;
      expect(request, JSON.stringify(requested.body)).toMatchObject({ status: "PENDING" });
      // Still closed while pending.
      expectForbidden(await server.gql(probe.query, probe.variables, as, { "x-purpose": encodeURIComponent(purpose) }), probe, resource);

      const approved = await server.gql(`mutation($id: Int!) { approveAccessRequest(requestId: $id) { ... on MutationApproveAccessRequestSuccess { data { id isLive } } } }`, { id: request.id }, owner);
      const grant = approved.body.data!.approveAccessRequest.data;
      expect(grant, JSON.stringify(approved.body)).toMatchObject({ isLive: true });

      const open = await server.gql(probe.query, probe.variables, as, { "x-purpose": encodeURIComponent(purpose) });
      expect(open.body.errors, JSON.stringify(open.body.errors)).toBeUndefined();
      expect(at(open.body.data, probe.path)).toEqual(probe.expected);
      // Without stating the purpose, the grant does not apply.
      expectForbidden(await server.gql(probe.query, probe.variables, as), probe, resource);

      const revoked = await server.gql(`mutation($id: Int!) { revokeAccessGrant(grantId: $id, reason: "测试撤销授权") { __typename } }`, { id: grant.id }, owner);
      expect(revoked.body.data!.revokeAccessGrant.__typename).toBe("MutationRevokeAccessGrantSuccess");
      expectForbidden(await server.gql(probe.query, probe.variables, as, { "x-purpose": encodeURIComponent(purpose) }), probe, resource);
    },
  );

  it("closes a grant the moment it expires", async () => {
    const probe = probes["debt.loans"]!;
    const purpose = "到期测试";
    const req = await server.gql(`mutation($u: DateTime!) { requestAccess(resource: "debt.loans", purpose: "${purpose}", until: $u) { ... on MutationRequestAccessSuccess { data { id } } } }`, { u: new Date(Date.now() + 3600_000).toISOString() }, "DEVELOPMENT_REFORM");
    const until = new Date(Date.now() + 1500).toISOString();
    const ok = await server.gql(`mutation($id: Int!, $u: DateTime) { approveAccessRequest(requestId: $id, until: $u) { __typename } }`, { id: req.body.data!.requestAccess.data.id, u: until }, "CBRC");
    expect(ok.body.data!.approveAccessRequest.__typename).toBe("MutationApproveAccessRequestSuccess");
    const open = await server.gql(probe.query, probe.variables, "DEVELOPMENT_REFORM", { "x-purpose": encodeURIComponent(purpose) });
    expect(at(open.body.data, probe.path)).toEqual(probe.expected);
    await new Promise((r) => setTimeout(r, Date.parse(until) - Date.now() + 100));
    expectForbidden(await server.gql(probe.query, probe.variables, "DEVELOPMENT_REFORM", { "x-purpose": encodeURIComponent(purpose) }), probe, "debt.loans");
  });
});

describe("cells of the access layer's own resources", () => {
  it.each(COLUMNS.map((column) => ({ column, sharing: effective("records.history", column) })))("records.history × $column → $sharing (owners read their records')", async ({ column, sharing }) => {
    const e = await server.running.db.prisma.enterprise.findFirstOrThrow({ where: { countyCode: "441704" }, orderBy: { id: "desc" } });
    // A change made through the graph, so the record has history.
    await server.gql(`mutation($u: String!, $z: Boolean!) { setZombieStatus(uscc: $u, isZombie: $z) { __typename } }`, { u: e.uscc, z: !e.isZombie }, "INDUSTRY_IT");
    const res = await server.gql(`query($u: String!) { enterprise(uscc: $u) { history(first: 1) { nodes { action agency } } } }`, { u: e.uscc }, label(column, "441704"));
    const owner = e.ownerAgency === column;
    if (sharing === "READ" || owner) expect(at(res.body.data, ["enterprise", "history", "nodes", 0])).toEqual({ action: "UPDATE", agency: "INDUSTRY_IT" });
    else expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: "FORBIDDEN", resource: "records.history" });
  });

  it.each(COLUMNS)("access resources as %s: the policy and own audit are readable, chain and keys only by FINANCE_BUREAU", async (column) => {
    const as = label(column, "441704");
    const policy = await server.gql(`{ sharingPolicy { name mine } }`, {}, as);
    expect(policy.body.data!.sharingPolicy.length).toBe(RESOURCE_NAMES.length);
    const audit = await server.gql(`{ auditEntries(first: 5) { agency } }`, {}, as);
    // FINANCE_BUREAU reads the whole audit; everyone else only their own entries.
    if (column !== "FINANCE_BUREAU") for (const e of audit.body.data!.auditEntries) expect(e.agency).toBe(column);
    expect(audit.body.data!.auditEntries.length).toBeGreaterThan(0);
    const chain = await server.gql(`{ verifyAuditChain { ok } }`, {}, as);
    const keys = await server.gql(`{ apiKeys { prefix } }`, {}, as);
    if (column === "FINANCE_BUREAU") {
      expect(chain.body.data!.verifyAuditChain.ok).toBe(true);
      expect(keys.body.data!.apiKeys.length).toBeGreaterThan(10);
    } else {
      // Not shared with anyone else: outside their views, as fields that do not exist.
      expect(chain.body.errors![0]).toMatchObject({ message: 'Cannot query field "verifyAuditChain" on type "Query".', extensions: { code: "GRAPHQL_VALIDATION_FAILED" } });
      expect(keys.body.errors![0]).toMatchObject({ message: 'Cannot query field "apiKeys" on type "Query".', extensions: { code: "GRAPHQL_VALIDATION_FAILED" } });
      expect(JSON.stringify(keys.body)).not.toContain("dlg_");
    }
  });
});
