import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isValidUscc } from "../src/enterprise/uscc.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

// The README's example, verbatim in spirit: the first five enterprises of 阳东区 with their loans.
const YANGDONG_FIRST_FIVE = /* GraphQL */ `
  query YangdongFirstFive {
    enterprises(first: 5, filter: { county: "441704" }) {
      nodes { uscc name county { code name } loans(first: 10) { nodes { amount classification } } }
    }
  }
`;

describe("probes", () => {
  it("/healthz answers without a key", async () => {
    const res = await fetch(`${server.origin}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });

  it("/readyz answers without a key when the database does", async () => {
    const res = await fetch(`${server.origin}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ready" });
  });
});

describe("identity", () => {
  it("refuses a request without a key with 401 and a GraphQL error", async () => {
    const res = await server.gql("{ enterprises(first: 1) { nodes { name } } }", undefined, null);
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/Missing API key/), extensions: expect.objectContaining({ code: "UNAUTHENTICATED" }) }),
    ]);
  });

  it.each([
    ["an unknown key", "Bearer dlg_00000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"],
    ["a malformed key", "Bearer hunter2"],
    ["another scheme", "Basic Zm9vOmJhcg=="],
  ])("refuses %s with 401", async (_label, authorization) => {
    const res = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization },
      body: JSON.stringify({ query: "{ __typename }" }),
    });
    expect(res.status).toBe(401);
    const body = await res.json();
    expect(body.errors[0].extensions.code).toBe("UNAUTHENTICATED");
  });

  it("accepts every demo key", async () => {
    expect(Object.keys(server.keys)).toEqual(
      expect.arrayContaining(["FINANCE_BUREAU", "PBOC", "CBRC", "DEVELOPMENT_REFORM", "FISCAL", "COUNTY:阳东区", "COUNTY:江城区", "COUNTY:阳西县", "COUNTY:阳春市", "CREDIT_PLATFORM"]),
    );
    for (const label of Object.keys(server.keys)) {
      const res = await server.gql("{ __typename }", undefined, label);
      expect(res.status, label).toBe(200);
    }
  });

  it("stores keys hashed, never in clear", async () => {
    const rows = await server.running.db.prisma.apiKey.findMany();
    const secrets = Object.values(server.keys);
    for (const row of rows) {
      expect(secrets).not.toContain(row.secretHash);
      expect(row.secretHash).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it("echoes the caller's request id", async () => {
    const res = await fetch(`${server.origin}/healthz`, { headers: { "x-request-id": "agency-sys-42" } });
    expect(res.headers.get("x-request-id")).toBe("agency-sys-42");
  });
});

describe("first slice of the graph", () => {
  it("lists the first five enterprises of 阳东区 with their loans", async () => {
    const res = await server.gql<{ enterprises: { nodes: Array<{ uscc: string; county: { code: string; name: string }; loans: { nodes: { amount: string; classification: string }[] } }> } }>(
      YANGDONG_FIRST_FIVE,
    );
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    const nodes = res.body.data!.enterprises.nodes;
    expect(nodes).toHaveLength(5);
    for (const e of nodes) {
      expect(e.county).toEqual({ code: "441704", name: "阳东区" });
      expect(isValidUscc(e.uscc)).toBe(true);
      expect(e.uscc.slice(2, 8)).toBe("441704");
      for (const loan of e.loans.nodes) {
        expect(loan.amount).toMatch(/^\d+(\.\d+)?$/);
        expect(["NORMAL", "SPECIAL_MENTION", "SUBSTANDARD", "DOUBTFUL", "LOSS"]).toContain(loan.classification);
      }
    }
    expect(nodes.some((e) => e.loans.nodes.length > 0)).toBe(true);
  });

  it("accepts the county by name as well as by code", async () => {
    const byName = await server.gql(`{ enterprises(first: 5, filter: { county: "阳东区" }) { nodes { uscc } } }`);
    const byCode = await server.gql(`{ enterprises(first: 5, filter: { county: "441704" }) { nodes { uscc } } }`);
    expect(byName.body).toEqual(byCode.body);
  });

  it("pages with stable cursors: two pages of three are the first six", async () => {
    const q = `query($after: String, $first: Int!) { enterprises(first: $first, after: $after) { nodes { uscc } pageInfo { endCursor hasNextPage } } }`;
    const six = await server.gql<any>(q, { first: 6 });
    const p1 = await server.gql<any>(q, { first: 3 });
    const p2 = await server.gql<any>(q, { first: 3, after: p1.body.data.enterprises.pageInfo.endCursor });
    expect([...p1.body.data.enterprises.nodes, ...p2.body.data.enterprises.nodes]).toEqual(six.body.data.enterprises.nodes);
    expect(p1.body.data.enterprises.pageInfo.hasNextPage).toBe(true);
  });

  it("filters by industry and county together", async () => {
    const res = await server.gql<any>(`{ enterprises(first: 50, filter: { county: "441702", industry: "C33" }) { nodes { county { code } industry { code } } } }`);
    expect(res.body.errors).toBeUndefined();
    for (const e of res.body.data.enterprises.nodes) expect(e).toEqual({ county: { code: "441702" }, industry: { code: "C33" } });
  });

  it("looks an enterprise up by USCC, with its bonds", async () => {
    const db = server.running.db.prisma;
    const issuer = await db.enterprise.findFirstOrThrow({ where: { bonds: { some: {} } }, include: { bonds: true } });
    const res = await server.gql<any>(`query($uscc: String!) { enterprise(uscc: $uscc) { name bonds(first: 50) { nodes { code kind } } } }`, { uscc: issuer.uscc });
    expect(res.body.data.enterprise.name).toBe(issuer.name);
    expect(res.body.data.enterprise.bonds.nodes.map((b: { code: string }) => b.code).sort()).toEqual(issuer.bonds.map((b) => b.code).sort());
  });

  it("answers null for a valid code nobody registered, and a clear error for an invalid one", async () => {
    const none = await server.gql<any>(`{ enterprise(uscc: "91440300708461136T") { name } }`);
    expect(none.body).toMatchObject({ data: { enterprise: null } });
    expect(none.body.errors).toBeUndefined();

    const bad = await server.gql<any>(`{ enterprise(uscc: "91440300708461136X") { name } }`);
    expect(bad.body.errors![0]).toMatchObject({
      message: "uscc: check character is 'X', expected 'T'",
      extensions: { code: "BAD_USER_INPUT", field: "uscc", rule: "uscc.checksum" },
    });
  });

  it("rejects an unknown county with a clear error", async () => {
    const res = await server.gql<any>(`{ enterprises(first: 1, filter: { county: "Atlantis" }) { nodes { name } } }`);
    expect(res.body.errors![0]!.message).toMatch(/filter\.county: unknown county "Atlantis"/);
    expect(res.body.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
  });
});

describe("readiness when the database is gone", () => {
  it("/readyz answers 503 while /healthz still answers", async () => {
    const other = await startTestServer({ scale: 0.02 });
    try {
      await other.running.db.close();
      const ready = await fetch(`${other.origin}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: "unavailable", reason: "database does not answer" });
      expect((await fetch(`${other.origin}/healthz`)).status).toBe(200);
    } finally {
      await other.close();
    }
  });
});
