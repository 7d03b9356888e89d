import { AS_OF } from "../src/seed/calendar.ts";
import { expectNotCallable } from "./helpers/attack.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import { newUscc } from "./helpers/factories.ts";
import {
  CountyVenuesDocument,
  RecordVenueInspectionDocument,
  RectificationOrderDocument,
  RectificationOrdersDocument,
  RetireTradingVenueDocument,
  TradingVenueDocument,
  TradingVenuesDocument,
  UpdateRectificationDocument,
  UpsertTradingVenueDocument,
  VenuePageDocument,
} from "./generated/graphql.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ scale: 0.1 });
});
afterAll(() => server?.close());

const db = () => server.running.db.prisma;
const DAY = 86_400_000;
/** The business date of a demo database: the dataset's as-of date (src/clock.ts). */
const today = () => AS_OF;
const iso = (d: Date) => d.toISOString().slice(0, 10);
const inDays = (n: number) => iso(new Date(today().getTime() + n * DAY));
const issuesOf = (result: unknown) => (result as { issues: Array<{ field: string; rule: string }> }).issues.map((i) => [i.field, i.rule]);
const overdue = (o: { status: string; deadline: Date }) => o.status !== "COMPLETED" && o.deadline < today();

let seq = 0;
const tag = () => `${process.pid % 1000}${String(++seq).padStart(3, "0")}`;
const venueInput = (overrides: Record<string, unknown> = {}) => ({
  code: `JYCSTEST${tag()}`,
  name: `测试交易中心${seq}有限公司`,
  kind: "EQUITY_EXCHANGE" as const,
  county: "441704",
  uscc: newUscc("441704"),
  approvedOn: "2012-06-01",
  ...overrides,
});
const orderNo = () => `阳金整改〔测试〕${tag()}号`;

async function newVenueWithInspection(deadlineInDays = 30) {
  const venue = venueInput();
  await server.gql(UpsertTradingVenueDocument, { input: venue });
  const input = {
    inspectionNo: `阳金监检〔测试〕${tag()}号`,
    venueCode: venue.code,
    inspectedOn: inDays(-60),
    inspector: "市金融局地方金融监管科",
    findings: "发现违规问题2项。",
    violations: [
      { kind: "ILLEGAL_FINANCIAL_BUSINESS" as const, description: "违规发行销售类理财产品", rectification: { orderNo: orderNo(), deadline: inDays(deadlineInDays) } },
      { kind: "DISCLOSURE" as const, description: "未按规定报送年度经营报告" },
    ],
  };
  return { venue, input };
}

describe("venue reads", () => {
  it("filters venues by kind, county and status", async () => {
    const byKind = await server.gql(TradingVenuesDocument, { filter: { kind: ["PROPERTY_RIGHTS_EXCHANGE", "BULK_COMMODITY_MARKET"] } });
    const expected = await db().tradingVenue.findMany({ where: { retiredAt: null, kind: { in: ["PROPERTY_RIGHTS_EXCHANGE", "BULK_COMMODITY_MARKET"] } }, orderBy: [{ code: "asc" }, { id: "asc" }] });
    expect(expected.length).toBeGreaterThan(1);
    expect(byKind.body.data!.tradingVenues!.nodes!.map((v) => v!.code)).toEqual(expected.map((v) => v.code));
    const jiangcheng = await server.gql(TradingVenuesDocument, { filter: { county: "江城区", status: ["OPERATING"] } });
    const rows = await db().tradingVenue.findMany({ where: { retiredAt: null, countyCode: "441702", status: "OPERATING" }, orderBy: { code: "asc" } });
    expect(jiangcheng.body.data!.tradingVenues).toMatchObject({ totalCount: rows.length, nodes: rows.map((r) => ({ code: r.code, status: "OPERATING", county: { code: "441702" } })) });
  });

  it("looks a venue up with its inspections, violations and rectification orders", async () => {
    const stored = await db().tradingVenue.findUniqueOrThrow({
      where: { code: "JYCS4417002" },
      include: { inspections: { orderBy: [{ inspectedOn: "desc" }, { id: "asc" }], include: { violations: { orderBy: { id: "asc" }, include: { rectification: true } } } } },
    });
    const res = await server.gql(TradingVenueDocument, { code: "JYCS4417002" });
    const venue = res.body.data!.tradingVenue!;
    expect(venue.inspections!.totalCount).toBe(stored.inspections.length);
    expect(venue.inspections!.nodes!.map((i) => ({ no: i!.inspectionNo, violations: i!.violations!.map((v) => [v!.kind, v!.rectification?.orderNo, v!.rectification?.isOverdue]) }))).toEqual(
      stored.inspections.map((i) => ({ no: i.inspectionNo, violations: i.violations.map((v) => [v.kind, v.rectification?.orderNo, v.rectification ? overdue(v.rectification) : undefined]) })),
    );
  });

  it("lists rectification orders by overdue, status, county and deadline", async () => {
    const all = await db().rectificationOrder.findMany({ include: { violation: { include: { inspection: { include: { venue: true } } } } }, orderBy: [{ deadline: "asc" }, { id: "asc" }] });
    const late = await server.gql(RectificationOrdersDocument, { filter: { overdue: true } });
    const onTrack = await server.gql(RectificationOrdersDocument, { filter: { overdue: false } });
    expect(late.body.data!.rectificationOrders!.nodes!.map((o) => o!.orderNo)).toEqual(all.filter(overdue).map((o) => o.orderNo));
    expect(onTrack.body.data!.rectificationOrders!.nodes!.map((o) => o!.orderNo)).toEqual(all.filter((o) => !overdue(o)).map((o) => o.orderNo));
    expect(late.body.data!.rectificationOrders!.totalCount).toBeGreaterThan(0);
    expect(late.body.data!.rectificationOrders!.nodes!.every((o) => o!.isOverdue)).toBe(true);
    expect(onTrack.body.data!.rectificationOrders!.nodes!.some((o) => o!.isOverdue)).toBe(false);

    const filter = { status: ["OPEN" as const, "IN_PROGRESS" as const, "OVERDUE" as const], county: "阳西县", deadline: { from: "2015-01-01" } };
    const narrowed = await server.gql(RectificationOrdersDocument, { filter });
    const expected = all.filter((o) => o.status !== "COMPLETED" && o.violation.inspection.venue.countyCode === "441721" && o.deadline >= new Date("2015-01-01"));
    expect(expected.length).toBeGreaterThan(0);
    expect(narrowed.body.data!.rectificationOrders!.nodes!.map((o) => [o!.orderNo, o!.venue!.county!.code])).toEqual(expected.map((o) => [o.orderNo, "441721"]));
  });

  it("traverses from each county to the venues registered there", async () => {
    const res = await server.gql(CountyVenuesDocument);
    const venues = await db().tradingVenue.findMany({ where: { retiredAt: null }, orderBy: { code: "asc" } });
    for (const county of res.body.data!.counties!) {
      expect(county!.venues!.nodes!.map((v) => v!.code), county!.code).toEqual(venues.filter((v) => v.countyCode === county!.code).map((v) => v.code));
    }
  });

  it("limits a county government to venues, inspections and orders in its county", async () => {
    const AS = "COUNTY:阳东区";
    const venues = await server.gql(TradingVenuesDocument, {}, AS);
    const own = await db().tradingVenue.findMany({ where: { retiredAt: null, countyCode: "441704" }, orderBy: { code: "asc" } });
    expect(own.length).toBeGreaterThan(0);
    expect(venues.body.data!.tradingVenues!.nodes!.map((v) => v!.code)).toEqual(own.map((v) => v.code));
    const orders = await server.gql(RectificationOrdersDocument, {}, AS);
    const ownOrders = await db().rectificationOrder.count({ where: { violation: { inspection: { venue: { countyCode: "441704" } } } } });
    expect(orders.body.data!.rectificationOrders!.totalCount).toBe(ownOrders);
    expect(orders.body.data!.rectificationOrders!.nodes!.every((o) => o!.venue!.county!.code === "441704")).toBe(true);
    expect((await server.gql(TradingVenueDocument, { code: "JYCS4417001" }, AS)).body.data!.tradingVenue).toBeNull();
    const counties = await server.gql(CountyVenuesDocument, undefined, AS);
    expect(counties.body.data!.counties!.map((c) => [c!.code, c!.venues!.nodes!.map((v) => v!.code)])).toEqual([["441704", own.map((v) => v.code)]]);
  });

  it("costs the same number of SQL statements for a page of 5 and a page of 50", async () => {
    const five = await server.gql(VenuePageDocument, { first: 5 });
    const fifty = await server.gql(VenuePageDocument, { first: 50 });
    expect(five.body.errors).toBeUndefined();
    expect(five.body.data!.rectificationOrders!.nodes).toHaveLength(5);
    expect(fifty.body.data!.rectificationOrders!.nodes!.length).toBeGreaterThan(10);
    expect(fifty.body.data!.tradingVenues!.nodes!.length).toBeGreaterThan(5);
    expect(fifty.body.extensions!.statements).toBe(five.body.extensions!.statements);
  });
});

describe("venue writes", () => {
  it("registers a venue, updates it with the right version, and records both changes", async () => {
    const input = venueInput();
    const created = await server.gql(UpsertTradingVenueDocument, { input });
    expect(created.body.data!.upsertTradingVenue).toMatchObject({ data: { code: input.code, status: "OPERATING", version: 1, county: { code: "441704" } } });
    const updated = await server.gql(UpsertTradingVenueDocument, { input: { ...input, status: "SUSPENDED", expectedVersion: 1 } });
    expect(updated.body.data!.upsertTradingVenue).toMatchObject({ data: { status: "SUSPENDED", version: 2 } });
    const stale = await server.gql(UpsertTradingVenueDocument, { input: { ...input, status: "CLOSED", expectedVersion: 1 } });
    expect(stale.body.data!.upsertTradingVenue).toMatchObject({ __typename: "ConflictError", currentVersion: 2 });
    const history = (await server.gql(TradingVenueDocument, { code: input.code })).body.data!.tradingVenue!.history!.nodes!;
    expect(history.map((h) => [h!.action, h!.version, h!.agency])).toEqual([["UPDATE", 2, "FINANCE_BUREAU"], ["CREATE", 1, "FINANCE_BUREAU"]]);
    expect(JSON.parse(history[0]!.changes!)).toEqual({ status: { old: "OPERATING", new: "SUSPENDED" } });
  });

  it("reports every bad field at once, refuses a second venue under one USCC, and refuses non-owners", async () => {
    const input = venueInput({ code: "x", uscc: "91441704MA00000019", county: "441700", approvedOn: inDays(3), name: " " });
    const res = await server.gql(UpsertTradingVenueDocument, { input });
    expect(issuesOf(res.body.data!.upsertTradingVenue)).toEqual([
      ["input.code", "format"],
      ["input.name", "minLength"],
      ["input.uscc", "uscc.checksum"],
      ["input.county", "exists"],
      ["input.approvedOn", "notFuture"],
    ]);
    const seeded = await db().tradingVenue.findUniqueOrThrow({ where: { code: "JYCS4417005" } });
    const twin = await server.gql(UpsertTradingVenueDocument, { input: venueInput({ uscc: seeded.uscc }) });
    expect(issuesOf(twin.body.data!.upsertTradingVenue)).toEqual([["input.uscc", "unique"]]);
    const foreign = venueInput();
    const denied = await server.gql(UpsertTradingVenueDocument, { input: foreign }, "PBOC");
    expectNotCallable(denied, "upsertTradingVenue");
    expect(await db().tradingVenue.count({ where: { code: { in: [input.code, foreign.code] } } })).toBe(0);
  });

  it("records an inspection with its violations and orders in one transaction, with history", async () => {
    const { venue, input } = await newVenueWithInspection();
    const key = `insp-${venue.code}`;
    const res = await server.gql(RecordVenueInspectionDocument, { input, key });
    expect(res.body.data!.recordVenueInspection).toMatchObject({
      data: {
        inspectionNo: input.inspectionNo,
        version: 1,
        venue: { code: venue.code },
        violations: [
          { kind: "ILLEGAL_FINANCIAL_BUSINESS", rectification: { orderNo: input.violations[0]!.rectification!.orderNo, issuedOn: input.inspectedOn, deadline: inDays(30), status: "OPEN", version: 1 } },
          { kind: "DISCLOSURE", rectification: null },
        ],
      },
    });
    expect((await server.gql(RecordVenueInspectionDocument, { input, key })).body.data).toEqual(res.body.data);
    expect((await server.gql(RecordVenueInspectionDocument, { input })).body.data!.recordVenueInspection!.__typename).toBe("ConflictError");
    const read = (await server.gql(TradingVenueDocument, { code: venue.code })).body.data!.tradingVenue!;
    expect(read.inspections!.nodes!.map((i) => i!.history!.nodes!.map((h) => [h!.action, h!.agency]))).toEqual([[["CREATE", "FINANCE_BUREAU"]]]);
    expect(Object.keys(JSON.parse(read.inspections!.nodes![0]!.history!.nodes![0]!.changes!))).toContain("violations");
    const order = await server.gql(RectificationOrderDocument, { code: venue.code });
    expect(order.body.data!.tradingVenue!.inspections!.nodes![0]!.violations![0]!.rectification!.history!.nodes!.map((h) => h!.action)).toEqual(["CREATE"]);
  });

  it("validates the inspection, its violations and orders together, and writes nothing when any is bad", async () => {
    const { input } = await newVenueWithInspection();
    const seededOrder = await db().rectificationOrder.findFirstOrThrow();
    const dup = orderNo();
    const bad = {
      ...input,
      venueCode: "JYCSNOSUCH",
      inspectedOn: inDays(2),
      violations: [
        { kind: "OTHER" as const, description: "会员管理制度不健全", rectification: { orderNo: dup, issuedOn: inDays(1), deadline: inDays(1) } },
        { kind: "OTHER" as const, description: "交易系统未通过安全评估", rectification: { orderNo: dup, issuedOn: inDays(-5), deadline: inDays(20) } },
        { kind: "DISCLOSURE" as const, description: "信息披露不完整", rectification: { orderNo: seededOrder.orderNo, deadline: inDays(20) } },
      ],
    };
    const res = await server.gql(RecordVenueInspectionDocument, { input: bad });
    expect(issuesOf(res.body.data!.recordVenueInspection)).toEqual([
      ["input.venueCode", "exists"],
      ["input.inspectedOn", "notFuture"],
      ["input.violations[0].rectification.issuedOn", "dateOrder"],
      ["input.violations[0].rectification.deadline", "dateOrder"],
      ["input.violations[1].rectification.issuedOn", "dateOrder"],
      ["input.violations[1].rectification.orderNo", "unique"],
      ["input.violations[2].rectification.orderNo", "unique"],
    ]);
    expect(await db().venueInspection.count({ where: { inspectionNo: input.inspectionNo } })).toBe(0);
    expect(await db().rectificationOrder.count({ where: { orderNo: dup } })).toBe(0);
  });

  it("moves a rectification order on: completion needs a date on or after issue, versions guard it", async () => {
    const { venue, input } = await newVenueWithInspection(-10);
    await server.gql(RecordVenueInspectionDocument, { input });
    const no = input.violations[0]!.rectification!.orderNo;
    const late = await server.gql(RectificationOrdersDocument, { filter: { overdue: true, venueCode: venue.code } });
    expect(late.body.data!.rectificationOrders!.nodes!.map((o) => [o!.orderNo, o!.isOverdue])).toEqual([[no, true]]);

    const update = (status: "OPEN" | "IN_PROGRESS" | "COMPLETED" | "OVERDUE", completedOn?: string, expectedVersion?: number) =>
      server.gql(UpdateRectificationDocument, { orderNo: no, status, completedOn, expectedVersion });
    expect(issuesOf((await update("COMPLETED")).body.data!.updateRectification)).toEqual([["completedOn", "required"]]);
    expect(issuesOf((await update("COMPLETED", inDays(-61))).body.data!.updateRectification)).toEqual([["completedOn", "dateOrder"]]);
    expect(issuesOf((await update("IN_PROGRESS", inDays(-1))).body.data!.updateRectification)).toEqual([["completedOn", "empty"]]);
    expectNotCallable(await server.gql(UpdateRectificationDocument, { orderNo: no, status: "IN_PROGRESS" }, "CBRC"), "updateRectification");
    expect((await server.gql(UpdateRectificationDocument, { orderNo: "阳金整改〔无〕1号", status: "IN_PROGRESS" })).body.data!.updateRectification).toMatchObject({ __typename: "NotFoundError", entity: "RectificationOrder" });

    const done = await update("COMPLETED", inDays(-2), 1);
    expect(done.body.data!.updateRectification).toMatchObject({ data: { status: "COMPLETED", completedOn: inDays(-2), isOverdue: false, version: 2 } });
    expect((await update("IN_PROGRESS", undefined, 1)).body.data!.updateRectification).toMatchObject({ __typename: "ConflictError", currentVersion: 2 });
    const onTrack = await server.gql(RectificationOrdersDocument, { filter: { overdue: false, venueCode: venue.code } });
    expect(onTrack.body.data!.rectificationOrders!.nodes!.map((o) => o!.orderNo)).toEqual([no]);
    const order = (await server.gql(RectificationOrderDocument, { code: venue.code })).body.data!.tradingVenue!.inspections!.nodes![0]!.violations![0]!.rectification!;
    expect(order.history!.nodes!.map((h) => [h!.action, h!.version])).toEqual([["UPDATE", 2], ["CREATE", 1]]);
    expect(JSON.parse(order.history!.nodes![0]!.changes!)).toEqual({ status: { old: "OPEN", new: "COMPLETED" }, completedOn: { old: null, new: `${inDays(-2)}T00:00:00.000Z` } });
  });

  it("retires a venue, which leaves default lists but stays readable", async () => {
    const input = venueInput();
    await server.gql(UpsertTradingVenueDocument, { input });
    expect((await server.gql(RetireTradingVenueDocument, { code: input.code, expectedVersion: 1 })).body.data!.retireTradingVenue).toMatchObject({ data: { version: 2 } });
    const codes = async (filter: { county: string; includeRetired?: boolean }) => (await server.gql(TradingVenuesDocument, { filter })).body.data!.tradingVenues!.nodes!.map((v) => v!.code);
    expect(await codes({ county: "441704" })).not.toContain(input.code);
    expect(await codes({ county: "441704", includeRetired: true })).toContain(input.code);
    expect((await server.gql(TradingVenueDocument, { code: input.code })).body.data!.tradingVenue!.history!.nodes![0]!.action).toBe("RETIRE");
  });
});
