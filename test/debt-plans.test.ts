// Writes of deleveraging plans and banks' monthly top-10 lists (owner: CBRC).
import { expectNotCallable } from "./helpers/attack.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "../src/generated/prisma/client.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import { newUscc } from "./helpers/factories.ts";
import { DebtPlanDocument, DebtRetirePlanDocument, DebtSubmitTopListDocument, DebtTopListDocument, DebtUpsertPlanDocument } from "./generated/graphql.ts";

let server: TestServer;
let db: PrismaClient;
let borrowers: string[];
beforeAll(async () => {
  server = await startTestServer({ scale: 0.02 });
  db = server.running.db.prisma;
  borrowers = (await db.enterprise.findMany({ orderBy: { id: "asc" }, take: 12, select: { uscc: true } })).map((e) => e.uscc);
});
afterAll(() => server?.close());

const OWNER = "CBRC";
const BANK = "B0001H244170001";
const NOT_A_BANK = "XD441702001";
let seq = 0;
type Issues = { issues: { field: string; rule: string; path: string[] }[] };
const issuesOf = (result: unknown) => (result as Issues).issues.map((i) => [i.field, i.rule]);

function planInput(overrides: Record<string, unknown> = {}) {
  return {
    planNo: `YQYC-TEST-${process.pid}-${++seq}`,
    enterprise: borrowers[7]!,
    leadInstitution: BANK,
    adoptedOn: "2018-03-01",
    targetDate: "2020-03-01",
    targetLiabilityRatio: "0.65",
    measures: "压降银行授信总额，不再新增对外担保。",
    status: "ACTIVE" as const,
    ...overrides,
  };
}

describe("deleveraging plan writes", () => {
  it("creates and updates a plan by its number, refusing stale versions and bad values", async () => {
    const input = planInput();
    const created = await server.gql(DebtUpsertPlanDocument, { input }, OWNER);
    expect(created.body.data!.upsertDeleveragingPlan).toEqual({
      __typename: "MutationUpsertDeleveragingPlanSuccess",
      data: { planNo: input.planNo, version: 1, status: "ACTIVE", targetLiabilityRatio: "0.65", enterprise: { uscc: borrowers[7] }, leadInstitution: { code: BANK } },
    });
    const done = await server.gql(DebtUpsertPlanDocument, { input: { ...input, status: "COMPLETED", expectedVersion: 1 } }, OWNER);
    expect(done.body.data!.upsertDeleveragingPlan).toMatchObject({ data: { version: 2, status: "COMPLETED" } });
    const stale = await server.gql(DebtUpsertPlanDocument, { input: { ...input, status: "ABANDONED", expectedVersion: 1 } }, OWNER);
    expect(stale.body.data!.upsertDeleveragingPlan).toMatchObject({ __typename: "ConflictError", currentVersion: 2 });
    const plan = await server.gql(DebtPlanDocument, { planNo: input.planNo });
    expect(plan.body.data!.deleveragingPlan!.history!.nodes!.map((h) => [h!.action, h!.fields])).toEqual([["UPDATE", ["status"]], ["CREATE", expect.arrayContaining(["planNo", "targetLiabilityRatio"])]]);

    const bad = planInput({ targetLiabilityRatio: "1.5", targetDate: "2018-03-01", leadInstitution: "NO-SUCH-BANK", enterprise: newUscc() });
    const refused = await server.gql(DebtUpsertPlanDocument, { input: bad }, OWNER);
    expect(issuesOf(refused.body.data!.upsertDeleveragingPlan)).toEqual([
      ["input.targetLiabilityRatio", "range"],
      ["input.targetDate", "dateOrder"],
      ["input.enterprise", "exists"],
      ["input.leadInstitution", "exists"],
    ]);
    const retired = await server.gql(DebtRetirePlanDocument, { planNo: input.planNo, expectedVersion: 2 }, OWNER);
    expect(retired.body.data!.retireDeleveragingPlan).toMatchObject({ data: { version: 3 } });
  });
});

describe("top-10 list submission", () => {
  it("is refused to agencies other than CBRC, as are plans", async () => {
    const list = await server.gql(DebtSubmitTopListDocument, { lender: BANK, month: "2030-02-01", kind: "TOP_BORROWERS", entries: [] }, "COUNTY:阳东区");
    const plan = await server.gql(DebtUpsertPlanDocument, { input: planInput() }, "DEVELOPMENT_REFORM");
    // Mutations they may not call are outside their views: as mutations that do not exist.
    expectNotCallable(list, "submitTopList");
    expectNotCallable(plan, "upsertDeleveragingPlan");
  });

  const month = "2030-01-01";
  const entries = (list: [number, number, string][]) => list.map(([rank, b, exposure]) => ({ rank, uscc: borrowers[b]!, exposure }));

  it("replaces the month's list at once: kept ranks updated, new ones created, dropped ones deleted", async () => {
    const first = await server.gql(DebtSubmitTopListDocument, { lender: BANK, month: "2030-01-20", kind: "TOP_BORROWERS", entries: entries([[1, 8, "900000000"], [2, 9, "500000000"], [3, 10, "100000000"]]) }, OWNER);
    expect(first.body.data!.submitTopList).toEqual({
      __typename: "MutationSubmitTopListSuccess",
      data: [
        { rank: 1, exposure: "900000000", version: 1, month, enterprise: { uscc: borrowers[8] } },
        { rank: 2, exposure: "500000000", version: 1, month, enterprise: { uscc: borrowers[9] } },
        { rank: 3, exposure: "100000000", version: 1, month, enterprise: { uscc: borrowers[10] } },
      ],
    });
    const dropped = await db.topListEntry.findFirstOrThrow({ where: { institution: { code: BANK }, month: new Date(month), rank: 3 } });
    await server.gql(DebtSubmitTopListDocument, { lender: BANK, month, kind: "TOP_BORROWERS", entries: entries([[1, 9, "950000000"], [2, 8, "400000000"]]) }, OWNER);
    const list = await server.gql(DebtTopListDocument, { lender: BANK, month, kind: "TOP_BORROWERS" });
    expect(list.body.data!.topList!.map((e) => [e.rank, e.enterprise!.uscc, e.exposure, e.version, e.history!.nodes!.map((h) => h!.action)])).toEqual([
      [1, borrowers[9], "950000000", 2, ["UPDATE", "CREATE"]],
      [2, borrowers[8], "400000000", 2, ["UPDATE", "CREATE"]],
    ]);
    expect(await db.changeRecord.findMany({ where: { entityType: "TopListEntry", entityId: dropped.id }, orderBy: { id: "asc" }, select: { action: true } })).toEqual([{ action: "CREATE" }, { action: "RETIRE" }]);
    const other = await server.gql(DebtTopListDocument, { lender: BANK, month, kind: "TOP_CREDIT_RISK" });
    expect(other.body.data!.topList).toEqual([]);
  });

  it("reports bad ranks, duplicates, unknown enterprises, negative exposure and a non-bank together", async () => {
    const res = await server.gql(
      DebtSubmitTopListDocument,
      { lender: NOT_A_BANK, month, kind: "TOP_CREDIT_RISK", entries: [...entries([[11, 1, "5"], [2, 2, "-1"], [2, 1, "3"]]), { rank: 4, uscc: newUscc(), exposure: "1" }] },
      OWNER,
    );
    expect(issuesOf(res.body.data!.submitTopList)).toEqual([
      ["entries[0].rank", "max"],
      ["entries[1].exposure", "nonNegative"],
      ["entries[2].rank", "unique"],
      ["entries[2].uscc", "unique"],
      ["lender", "bankKind"],
      ["entries[3].uscc", "exists"],
    ]);
    expect(await db.topListEntry.count({ where: { month: new Date(month), kind: "TOP_CREDIT_RISK" } })).toBe(0);
  });
});
