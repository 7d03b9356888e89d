// The rules on bonds, venues, fundraising clues and progress reports: a write through the graph
// that crosses the line raises exactly one alert for exactly the responsible agencies; a write
// that clears it resolves it; a repeated evaluation raises nothing new.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import { newUscc } from "./helpers/factories.ts";
import { inDays, ruleHarness } from "./helpers/alert-rules.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ scale: 0.1 });
  await h.sweepAll();
});
afterAll(() => server?.close());

const h = ruleHarness(() => server);
let n = 0;
const tag = () => `${process.pid % 10000}${String(++n).padStart(4, "0")}`;

/** A new enterprise bond of a seeded issuer, with the schedule given; returns the bond row. */
async function newBond(items: { dueDate: string; kind: string; amountDue: string }[]) {
  const issuer = await h.db().enterprise.findFirstOrThrow({ where: { countyCode: "441704", retiredAt: null }, orderBy: { id: "asc" } });
  const code = `8${tag()}`;
  const maturityDate = inDays(3 * 365);
  await h.write(
    "upsertBond",
    { input: { code, name: `预警测试债券${n}`, issuerUscc: issuer.uscc, kind: "ENTERPRISE_BOND", amount: "500000000.00", couponRate: "0.045", issueDate: inDays(-400), maturityDate, statedPurpose: "城市棚户区改造项目" } },
    "DEVELOPMENT_REFORM",
  );
  await h.write("setBondSchedule", { code, items: [...items, { dueDate: maturityDate, kind: "PRINCIPAL", amountDue: "500000000.00" }] }, "DEVELOPMENT_REFORM");
  const bond = await h.db().bond.findUniqueOrThrow({ where: { code }, include: { schedule: true } });
  return { bond, scheduleRows: bond.schedule.map((s) => ({ tableName: "bond_schedule_item", rowId: s.id })) };
}

describe("BOND_PAYMENT_DUE_NO_NOTICE", () => {
  it("raises for a payment due within 30 days without notice and resolves when the notice is recorded", async () => {
    const rule = "BOND_PAYMENT_DUE_NO_NOTICE";
    const due = inDays(10);
    const { bond, scheduleRows } = await newBond([{ dueDate: due, kind: "COUPON", amountDue: "22500000.00" }]);
    expect((await h.incremental(rule, scheduleRows)).result).toMatchObject({ raised: 1 });
    const alert = await h.expectRaised(rule, bond.id);
    expect(alert).toMatchObject({ period: due, subjectKey: bond.code, countyCode: "441704" });
    await h.expectSettled(rule);
    await h.write("recordAdvanceNotice", { bondCode: bond.code, dueDate: due, kind: "COUPON", sentAt: `${inDays(-1)}T02:00:00.000Z` }, "DEVELOPMENT_REFORM");
    expect((await h.incremental(rule, scheduleRows)).result).toMatchObject({ resolved: 1 });
    await h.expectResolved(rule, bond.id, alert.id);
    await h.expectSettled(rule);
  });
});

describe("BOND_PAYMENT_LATE_OR_FAILED", () => {
  it("raises for a due date passed unpaid and resolves when the payment is recorded", async () => {
    const rule = "BOND_PAYMENT_LATE_OR_FAILED";
    const due = inDays(-35);
    const { bond, scheduleRows } = await newBond([{ dueDate: due, kind: "COUPON", amountDue: "22500000.00" }]);
    expect((await h.incremental(rule, scheduleRows)).result).toMatchObject({ raised: 1 });
    const alert = await h.expectRaised(rule, bond.id);
    expect(alert.evidence).toEqual([{ field: "BondScheduleItem.isOverdue", value: true, recordType: "BondScheduleItem", recordId: scheduleRows[0]!.rowId }]);
    await h.expectSettled(rule);
    await h.write("recordBondPayment", { input: { bondCode: bond.code, dueDate: due, kind: "COUPON", paidOn: due, amountPaid: "22500000.00", outcome: "ON_TIME" } }, "DEVELOPMENT_REFORM");
    const payment = await h.db().bondPayment.findFirstOrThrow({ where: { scheduleItemId: scheduleRows[0]!.rowId } });
    expect((await h.incremental(rule, [{ tableName: "bond_payment", rowId: payment.id }])).result).toMatchObject({ resolved: 1 });
    await h.expectResolved(rule, bond.id, alert.id);
    await h.expectSettled(rule);
  });

  it("raises for a payment recorded as a default", async () => {
    const rule = "BOND_PAYMENT_LATE_OR_FAILED";
    const due = inDays(-20);
    const { bond } = await newBond([{ dueDate: due, kind: "COUPON", amountDue: "22500000.00" }]);
    await h.write("recordBondPayment", { input: { bondCode: bond.code, dueDate: due, kind: "COUPON", amountPaid: "0", outcome: "DEFAULT" } }, "DEVELOPMENT_REFORM");
    await h.sweep(rule);
    const alert = await h.expectRaised(rule, bond.id);
    expect((alert.evidence as { field: string; value: unknown }[]).find((i) => i.field === "BondPayment.outcome")?.value).toBe("DEFAULT");
    await h.expectSettled(rule);
  });
});

describe("BOND_PROCEEDS_MISUSE", () => {
  it("raises on an inspection finding of misused proceeds and resolves when the inspection is corrected", async () => {
    const rule = "BOND_PROCEEDS_MISUSE";
    const { bond } = await newBond([]);
    const inspection = (kind: string) => ({
      input: { inspectionNo: `阳发改财金稽〔预警〕${bond.code}号`, bondCode: bond.code, inspectedOn: inDays(-3), inspector: "市发展改革局稽察组", conclusion: "发现问题1项，责令整改。", findings: [{ kind, description: "募集资金2000万元被挪作日常经营周转" }] },
    });
    await h.write("recordBondInspection", inspection("PROCEEDS_MISUSE"), "DEVELOPMENT_REFORM");
    const row = await h.db().bondInspection.findFirstOrThrow({ where: { bondId: bond.id } });
    expect((await h.incremental(rule, [{ tableName: "bond_inspection", rowId: row.id }])).result).toMatchObject({ raised: 1 });
    const alert = await h.expectRaised(rule, bond.id);
    expect((alert.evidence as { field: string }[]).map((i) => i.field)).toEqual(["BondInspection.inspectionNo", "BondInspectionFinding.kind", "BondInspectionFinding.description"]);
    await h.expectSettled(rule);
    await h.write("recordBondInspection", inspection("LATE_DISCLOSURE"), "DEVELOPMENT_REFORM");
    expect((await h.incremental(rule, [{ tableName: "bond_inspection", rowId: row.id }])).result).toMatchObject({ resolved: 1 });
    await h.expectResolved(rule, bond.id, alert.id);
    await h.expectSettled(rule);
  });
});

describe("VENUE_RECTIFICATION_OVERDUE", () => {
  it("raises for a rectification past its deadline and resolves when it is completed", async () => {
    const rule = "VENUE_RECTIFICATION_OVERDUE";
    const code = `JYCSALRT${tag()}`;
    await h.write("upsertTradingVenue", { input: { code, name: `预警测试交易中心${n}有限公司`, kind: "EQUITY_EXCHANGE", county: "441704", uscc: newUscc("441704"), approvedOn: "2016-06-01" } }, "FINANCE_BUREAU");
    const orderNo = `阳金整改〔预警〕${tag()}号`;
    await h.write(
      "recordVenueInspection",
      {
        input: {
          inspectionNo: `阳金监检〔预警〕${tag()}号`,
          venueCode: code,
          inspectedOn: inDays(-60),
          inspector: "市金融局地方金融监管科",
          findings: "发现违规问题1项。",
          violations: [{ kind: "ILLEGAL_FINANCIAL_BUSINESS", description: "违规发行销售类理财产品", rectification: { orderNo, issuedOn: inDays(-60), deadline: inDays(-5) } }],
        },
      },
      "FINANCE_BUREAU",
    );
    const venue = await h.db().tradingVenue.findUniqueOrThrow({ where: { code } });
    const order = await h.db().rectificationOrder.findUniqueOrThrow({ where: { orderNo } });
    expect((await h.incremental(rule, [{ tableName: "rectification_order", rowId: order.id }])).result).toMatchObject({ raised: 1 });
    const alert = await h.expectRaised(rule, venue.id);
    expect(alert.period).toBe(inDays(-5));
    await h.expectSettled(rule);
    await h.write("updateRectification", { orderNo, status: "COMPLETED", completedOn: inDays(-1) }, "FINANCE_BUREAU");
    expect((await h.incremental(rule, [{ tableName: "rectification_order", rowId: order.id }])).result).toMatchObject({ resolved: 1 });
    await h.expectResolved(rule, venue.id, alert.id);
    await h.expectSettled(rule);
  });
});

describe("FUNDRAISING_CLUE_ABOVE_THRESHOLD", () => {
  it("raises for a clue above the amount and resolves when the clue is corrected below both thresholds", async () => {
    const rule = "FUNDRAISING_CLUE_ABOVE_THRESHOLD";
    const clue = (amountInvolved: string, expectedVersion?: number) => ({
      input: {
        clueNo: `阳处非线预警-${n}`,
        source: "MONITORING",
        receivedOn: inDays(-30),
        suspectName: `预警测试投资咨询工作室${n}`,
        county: "441704",
        description: "以高额回报为诱饵，通过微信群向社会不特定公众吸收资金",
        amountInvolved,
        peopleAffected: 40,
        ...(expectedVersion ? { expectedVersion } : {}),
      },
    });
    tag();
    await h.write("upsertFundraisingClue", clue("6000000.00"), "FINANCE_BUREAU");
    const row = await h.db().fundraisingClue.findUniqueOrThrow({ where: { clueNo: `阳处非线预警-${n}` } });
    expect((await h.incremental(rule, [{ tableName: "fundraising_clue", rowId: row.id }])).result).toMatchObject({ raised: 1 });
    const alert = await h.expectRaised(rule, row.id);
    expect(alert).toMatchObject({ subjectKey: row.clueNo, countyCode: "441704", period: "" });
    await h.expectSettled(rule);
    await h.write("upsertFundraisingClue", clue("150000.00", row.version), "FINANCE_BUREAU");
    expect((await h.incremental(rule, [{ tableName: "fundraising_clue", rowId: row.id }])).result).toMatchObject({ resolved: 1 });
    await h.expectResolved(rule, row.id, alert.id);
    await h.expectSettled(rule);
  });
});

describe("PROGRESS_REPORT_MISSING", () => {
  // The demo's reports run to 2018Q3; on the first working days of 2019 the 2018Q4 reports are missing.
  const after = "2019-01-07";
  it("raises for each reporter without a report after the quarter end and resolves when the report is submitted", async () => {
    const rule = "PROGRESS_REPORT_MISSING";
    await h.sweep(rule, after);
    const missing = await h.db().alert.findMany({ where: { rule: { code: rule }, live: true, period: "2018Q4" } });
    expect(missing.map((a) => a.subjectKey)).toContain("PBOC/441700");
    expect(missing.map((a) => a.subjectKey)).toContain("COUNTY/441704");
    expect(missing.find((a) => a.subjectKey === "COUNTY/441704")?.countyCode).toBe("441704");
    const pboc = missing.find((a) => a.subjectKey === "PBOC/441700")!;
    expect(pboc.countyCode).toBeNull();
    await h.expectRaised(rule, pboc.subjectId, after);
    await h.expectSettled(rule, after);
    await h.write("submitProgressReport", { quarterEnd: "2018-12-31", summary: "本季度监测重点企业12户，通报风险3起。" }, "PBOC");
    const report = await h.db().progressReport.findFirstOrThrow({ where: { agency: "PBOC", quarterEnd: new Date("2018-12-31") } });
    const { subjects, result } = await h.incremental(rule, [{ tableName: "progress_report", rowId: report.id }], after);
    expect(subjects).toEqual([pboc.subjectId]);
    expect(result).toMatchObject({ resolved: 1 });
    await h.expectResolved(rule, pboc.subjectId, pboc.id);
    await h.expectSettled(rule, after);
  });
});
