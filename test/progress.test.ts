import { expectNotCallable } from "./helpers/attack.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import { enterpriseInput } from "./helpers/factories.ts";
import {
  DirectFinancingProgressDocument,
  MissingProgressReportsDocument,
  ProgressReportsDocument,
  RetireEnterpriseDocument,
  SubmitProgressReportDocument,
  UpsertEnterpriseDocument,
} from "./generated/graphql.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ scale: 0.1 });
});
afterAll(() => server?.close());

const YANGDONG = "COUNTY:阳东区";
const db = () => server.running.db.prisma;
const iso = (d: Date) => d.toISOString().slice(0, 10);
type Issues = { issues: Array<{ field: string; rule: string }> };
const issuesOf = (result: unknown) => (result as Issues).issues.map((i) => [i.field, i.rule]);

/** Listed enterprises per board, counted directly: on the board, listed by the date, not deregistered by then. */
async function listedBy(asOf: string, county: string | null = null): Promise<Record<string, number>> {
  const rows = await db().$queryRaw<{ board: string; n: number }[]>`
    SELECT listing_status::text AS board, COUNT(*)::int AS n FROM enterprise
    WHERE listing_status <> 'NONE' AND listed_on <= ${asOf}::date
      AND (retired_at IS NULL OR (retired_at + interval '8 hours')::date > ${asOf}::date)
      AND (${county}::text IS NULL OR county_code = ${county}::text)
    GROUP BY 1`;
  return Object.fromEntries(rows.map((r) => [r.board, r.n]));
}

const TARGETS = { A_SHARE: 2, NEEQ: 5, REGIONAL_EQUITY: 15 } as const;

describe("direct-financing goals", () => {
  it("at the 2018 deadline: achieved equals a direct count of listed enterprises, with remaining, percent and onTrack", async () => {
    const res = await server.gql(DirectFinancingProgressDocument, { asOf: "2018-12-31" });
    expect(res.body.errors).toBeUndefined();
    const counted = await listedBy("2018-12-31");
    // The demo city met the A-share goal and fell short on the other two (seed/listings.ts).
    expect(counted).toEqual({ A_SHARE: 2, NEEQ: 4, REGIONAL_EQUITY: 12 });
    expect(res.body.data!.directFinancingProgress).toEqual(
      (["A_SHARE", "NEEQ", "REGIONAL_EQUITY"] as const).map((board) => {
        const achieved = counted[board] ?? 0;
        return {
          board,
          target: TARGETS[board],
          deadline: "2018-12-31",
          asOf: "2018-12-31",
          achieved,
          remaining: Math.max(0, TARGETS[board] - achieved),
          percent: Math.round((achieved * 1000) / TARGETS[board]) / 10,
          onTrack: achieved >= TARGETS[board],
          goal: { board, targetCount: TARGETS[board], deadline: "2018-12-31", source: "阳江市去杠杆实施方案 一(二)4", ownerAgency: "FINANCE_BUREAU" },
        };
      }),
    );
    expect(res.body.data!.directFinancingProgress!.map((p) => [p.board, p.percent, p.onTrack])).toEqual([
      ["A_SHARE", 100, true],
      ["NEEQ", 80, false],
      ["REGIONAL_EQUITY", 80, false],
    ]);
  });

  it("defaults asOf to each goal's deadline, counts to any other date, and is on track before the deadline", async () => {
    const byDefault = await server.gql(DirectFinancingProgressDocument, {});
    const atDeadline = await server.gql(DirectFinancingProgressDocument, { asOf: "2018-12-31" });
    expect(byDefault.body.data).toEqual(atDeadline.body.data);

    const early = await server.gql(DirectFinancingProgressDocument, { asOf: "2016-06-30" });
    const earlyCount = await listedBy("2016-06-30");
    expect(early.body.data!.directFinancingProgress!.map((p) => [p.board, p.achieved, p.onTrack])).toEqual([
      ["A_SHARE", earlyCount.A_SHARE ?? 0, true],
      ["NEEQ", earlyCount.NEEQ ?? 0, true],
      ["REGIONAL_EQUITY", earlyCount.REGIONAL_EQUITY ?? 0, true],
    ]);
    const midway = await server.gql(DirectFinancingProgressDocument, { asOf: "2017-12-31" });
    const midwayCount = await listedBy("2017-12-31");
    expect(midway.body.data!.directFinancingProgress!.map((p) => [p.board, p.achieved, p.remaining])).toEqual(
      (["A_SHARE", "NEEQ", "REGIONAL_EQUITY"] as const).map((b) => [b, midwayCount[b] ?? 0, Math.max(0, TARGETS[b] - (midwayCount[b] ?? 0))]),
    );
  });

  it("counts only a county government's own listings", async () => {
    const res = await server.gql(DirectFinancingProgressDocument, { asOf: "2018-12-31" }, YANGDONG);
    const counted = await listedBy("2018-12-31", "441704");
    expect(res.body.data!.directFinancingProgress!.map((p) => [p.board, p.achieved])).toEqual([
      ["A_SHARE", counted.A_SHARE ?? 0],
      ["NEEQ", counted.NEEQ ?? 0],
      ["REGIONAL_EQUITY", counted.REGIONAL_EQUITY ?? 0],
    ]);
    const all = await listedBy("2018-12-31");
    expect(counted.REGIONAL_EQUITY ?? 0).toBeLessThan(all.REGIONAL_EQUITY!);
  });
});

describe("progress reports: reads", () => {
  it("filters by agency, quarter and county, and orders by quarter", async () => {
    const res = await server.gql(ProgressReportsDocument, {
      first: 50,
      filter: { agency: ["PBOC", "CBRC"], quarterEnd: { from: "2017-01-01", to: "2017-12-31" } },
      orderBy: [{ field: "QUARTER_END", direction: "DESC" }, { field: "AGENCY" }],
    });
    const expected = await db().progressReport.findMany({
      where: { agency: { in: ["PBOC", "CBRC"] }, quarterEnd: { gte: new Date("2017-01-01"), lte: new Date("2017-12-31") } },
      orderBy: [{ quarterEnd: "desc" }, { agency: "asc" }, { id: "asc" }],
    });
    expect(expected).toHaveLength(8);
    expect(res.body.data!.progressReports!.nodes!.map((n) => [n!.agency, n!.quarterEnd, n!.summary, n!.countyCode, n!.county!.code])).toEqual(
      expected.map((r) => [r.agency, iso(r.quarterEnd), r.summary, "441700", "441700"]),
    );

    const county = await server.gql(ProgressReportsDocument, { first: 50, filter: { county: "阳东区" } });
    // 2016Q1 … 2018Q3: the reports on 2018Q4 are due in January, after the dataset date
    expect(county.body.data!.progressReports!.totalCount).toBe(11);
    expect(new Set(county.body.data!.progressReports!.nodes!.map((n) => `${n!.agency}/${n!.county!.name}`))).toEqual(new Set(["COUNTY/阳东区"]));
  });

  it("shows a county government only its own reports", async () => {
    const res = await server.gql(ProgressReportsDocument, { first: 500 }, YANGDONG);
    expect(res.body.data!.progressReports!.totalCount).toBe(await db().progressReport.count({ where: { countyCode: "441704" } }));
    expect(new Set(res.body.data!.progressReports!.nodes!.map((n) => n!.countyCode))).toEqual(new Set(["441704"]));
  });

  it("lists who has not reported for a quarter", async () => {
    expect((await server.gql(MissingProgressReportsDocument, { quarterEnd: "2018-09-30" })).body.data!.missingProgressReports).toEqual([]);
    // on the dataset date nobody has reported on the quarter that ends that day
    const missing = await server.gql(MissingProgressReportsDocument, { quarterEnd: "2018-12-31" });
    expect(missing.body.data!.missingProgressReports!.map((m) => `${m.agency}/${m.countyCode}`)).toEqual([
      ...["FINANCE_BUREAU", "PBOC", "CBRC", "DEVELOPMENT_REFORM", "FISCAL", "INSURANCE_ASSOC", "COMMERCE", "INDUSTRY_IT", "PUBLIC_SECURITY", "MARKET_REGULATION"].map((a) => `${a}/441700`),
      "COUNTY/441702",
      "COUNTY/441704",
      "COUNTY/441721",
      "COUNTY/441781",
    ]);
    const own = await server.gql(MissingProgressReportsDocument, { quarterEnd: "2018-12-31" }, YANGDONG);
    expect(own.body.data!.missingProgressReports).toEqual([{ agency: "COUNTY", countyCode: "441704", county: { code: "441704" } }]);
    const bad = await server.gql(MissingProgressReportsDocument, { quarterEnd: "2018-05-31" });
    expect(bad.body.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "quarterEnd", rule: "quarterEnd" });
  });

  it("costs the same number of SQL statements for a page of 5 and of 50", async () => {
    const five = await server.gql(ProgressReportsDocument, { first: 5 });
    const fifty = await server.gql(ProgressReportsDocument, { first: 50 });
    expect(fifty.body.data!.progressReports!.nodes).toHaveLength(50);
    expect(fifty.body.extensions!.statements).toBe(five.body.extensions!.statements);
  });
});

describe("progress reports: writes", () => {
  it("files an agency's report for itself, replaces it on resubmission with history, and refuses a stale version", async () => {
    const created = await server.gql(SubmitProgressReportDocument, { quarterEnd: "2018-12-31", summary: "2018年第4季度，人行阳江市中心支行监测重点企业200户。" }, "PBOC");
    expect(created.body.data!.submitProgressReport).toMatchObject({ data: { agency: "PBOC", countyCode: "441700", quarterEnd: "2018-12-31", version: 1 } });
    const resubmitted = await server.gql(SubmitProgressReportDocument, { quarterEnd: "2018-12-31", summary: "更正：监测重点企业210户。", expectedVersion: 1 }, "PBOC");
    const data = (resubmitted.body.data!.submitProgressReport as { data: { version: number; history: { nodes: Array<{ action: string; version: number; agency: string; changes: string }> } } }).data;
    expect(data.version).toBe(2);
    expect(data.history.nodes.map((h) => [h.action, h.version, h.agency])).toEqual([
      ["UPDATE", 2, "PBOC"],
      ["CREATE", 1, "PBOC"],
    ]);
    expect(JSON.parse(data.history.nodes[0]!.changes).summary).toEqual({ old: "2018年第4季度，人行阳江市中心支行监测重点企业200户。", new: "更正：监测重点企业210户。" });
    const stale = await server.gql(SubmitProgressReportDocument, { quarterEnd: "2018-12-31", summary: "过期", expectedVersion: 1 }, "PBOC");
    expect(stale.body.data!.submitProgressReport).toMatchObject({ __typename: "ConflictError", currentVersion: 2 });
    expect(await db().progressReport.count({ where: { agency: "PBOC", quarterEnd: new Date("2018-12-31") } })).toBe(1);

    const missing = await server.gql(MissingProgressReportsDocument, { quarterEnd: "2018-12-31" });
    expect(missing.body.data!.missingProgressReports!.map((m) => m.agency)).not.toContain("PBOC");
    expect(missing.body.data!.missingProgressReports).toHaveLength(13);
  });

  it("files a county government's report under its county", async () => {
    const res = await server.gql(SubmitProgressReportDocument, { quarterEnd: "2018-12-31", summary: "阳东区排查辖内重点企业45户。" }, YANGDONG);
    expect(res.body.data!.submitProgressReport).toMatchObject({ data: { agency: "COUNTY", countyCode: "441704", version: 1 } });
    expect((await server.gql(MissingProgressReportsDocument, { quarterEnd: "2018-12-31" }, YANGDONG)).body.data!.missingProgressReports).toEqual([]);
  });

  it("checks the quarter and the summary together, and refuses the credit platform", async () => {
    const bad = await server.gql(SubmitProgressReportDocument, { quarterEnd: "2018-11-30", summary: "  " }, "CBRC");
    expect(issuesOf(bad.body.data!.submitProgressReport)).toEqual([
      ["summary", "minLength"],
      ["quarterEnd", "quarterEnd"],
    ]);
    const future = await server.gql(SubmitProgressReportDocument, { quarterEnd: "2099-12-31", summary: "提前报送" }, "CBRC");
    expect(issuesOf(future.body.data!.submitProgressReport)).toEqual([["quarterEnd", "notFuture"]]);
    expect(await db().progressReport.count({ where: { agency: "CBRC", quarterEnd: { gte: new Date("2018-10-01") } } })).toBe(0);
    const machine = await server.gql(SubmitProgressReportDocument, { quarterEnd: "2018-12-31", summary: "同步系统" }, "CREDIT_PLATFORM");
    expectNotCallable(machine, "submitProgressReport");
  });

  it("counts an enterprise listed in 2018 and deregistered since at the deadline, but not today", async () => {
    const input = enterpriseInput({ listingStatus: "NEEQ", listedOn: "2018-06-30", establishedOn: "2010-01-01" });
    const created = await server.gql(UpsertEnterpriseDocument, { input }, "MARKET_REGULATION");
    expect(created.body.data!.upsertEnterprise!.__typename).toBe("MutationUpsertEnterpriseSuccess");
    const neeq = async (asOf: string) => (await server.gql(DirectFinancingProgressDocument, { asOf })).body.data!.directFinancingProgress!.find((p) => p.board === "NEEQ")!;
    expect(await neeq("2018-12-31")).toMatchObject({ achieved: 5, remaining: 0, percent: 100, onTrack: true });
    const before = (await neeq("2026-11-01")).achieved!;
    await server.gql(RetireEnterpriseDocument, { uscc: input.uscc, expectedVersion: 1 }, "MARKET_REGULATION");
    expect(await neeq("2018-12-31")).toMatchObject({ achieved: 5, onTrack: true });
    expect((await neeq("2026-11-01")).achieved).toBe(before);
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    expect((await neeq(today)).achieved).toBe(before - 1);
  });
});
