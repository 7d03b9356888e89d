// The institution rules (indicators against their watch lines): a report that crosses the line
// raises exactly one alert for exactly the responsible agencies; a corrected report inside the
// line resolves it by itself; a repeated evaluation raises nothing new.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import { ruleHarness, TODAY } from "./helpers/alert-rules.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ scale: 0.1 });
  await h.sweepAll();
});
afterAll(() => server?.close());

const h = ruleHarness(() => server);
/** 阳春农商行: a local legal-person bank, which reports its own indicators */
const BANK = "B1219H244178101";

async function institution(where: { code?: string; kind?: "INSURER" | "SMALL_LOAN" | "SECURITIES" }) {
  return h.db().institution.findFirstOrThrow({ where: { ...where, retiredAt: null }, orderBy: { id: "asc" } });
}

/** Reports values for the latest quarter (the business date's) and returns the touched rows. */
async function report(code: string, as: string, values: Record<string, string>) {
  await h.write("reportIndicators", { input: { institutionCode: code, periodEnd: TODAY, values: Object.entries(values).map(([indicator, value]) => ({ indicator, value })) } }, as);
  const inst = await institution({ code });
  const rows = await h.db().indicatorValue.findMany({ where: { institutionId: inst.id, periodEnd: new Date(TODAY), indicator: { in: Object.keys(values) as never[] } } });
  return rows.map((r) => ({ tableName: "indicator_value", rowId: r.id }));
}

interface Case {
  rule: string;
  institution: () => ReturnType<typeof institution>;
  as: string;
  cross: Record<string, string>;
  clear: Record<string, string>;
}

const CASES: Case[] = [
  { rule: "BANK_LEVERAGE_BELOW_MIN", institution: () => institution({ code: BANK }), as: "CBRC", cross: { LEVERAGE_RATIO: "0.035" }, clear: { LEVERAGE_RATIO: "0.055" } },
  { rule: "BANK_CAR_BELOW_MIN", institution: () => institution({ code: BANK }), as: "CBRC", cross: { CAPITAL_ADEQUACY_RATIO: "0.092" }, clear: { CAPITAL_ADEQUACY_RATIO: "0.131" } },
  // the dated line: end-2018's national average is 1.83%
  { rule: "BANK_NPL_ABOVE_NATIONAL_AVERAGE", institution: () => institution({ code: BANK }), as: "CBRC", cross: { NPL_RATIO: "0.0190" }, clear: { NPL_RATIO: "0.0150" } },
  {
    rule: "INSURER_SOLVENCY_BELOW_LINE",
    institution: () => institution({ kind: "INSURER" }),
    as: "INSURANCE_ASSOC",
    cross: { COMPREHENSIVE_SOLVENCY: "0.95", CORE_SOLVENCY: "0.45" },
    clear: { COMPREHENSIVE_SOLVENCY: "1.60", CORE_SOLVENCY: "1.20" },
  },
  { rule: "LOCAL_ORG_LEVERAGE_ABOVE_LINE", institution: () => institution({ kind: "SMALL_LOAN" }), as: "FINANCE_BUREAU", cross: { BANK_FUNDING_TO_NET_CAPITAL: "0.62" }, clear: { BANK_FUNDING_TO_NET_CAPITAL: "0.30" } },
];

describe.each(CASES)("$rule", ({ rule, institution: subject, as, cross, clear }) => {
  it("raises one alert when a report crosses the line, resolves it when a correction clears it, and repeats nothing", async () => {
    const inst = await subject();
    // start inside the line
    await report(inst.code, as, clear);
    await h.sweep(rule);
    expect((await h.alertsOf(rule, inst.id)).filter((a) => a.live)).toHaveLength(0);

    const crossed = await report(inst.code, as, cross);
    const first = await h.incremental(rule, crossed);
    expect(first.subjects).toEqual([inst.id]);
    expect(first.result).toMatchObject({ raised: 1, changed: 0, resolved: 0 });
    const alert = await h.expectRaised(rule, inst.id);
    expect(alert.period).toMatch(/^\d{4}Q4$/);
    expect(alert.countyCode).toBe(inst.countyCode);
    const evidence = alert.evidence as { field: string; value: unknown; recordType: string; recordId: number }[];
    const values = evidence.filter((e) => e.field === "IndicatorValue.value");
    expect(values.map((v) => v.value).sort()).toEqual(Object.values(cross).map(Number).sort());
    expect(values.every((v) => crossed.some((c) => c.rowId === v.recordId) && v.recordType === "IndicatorValue")).toBe(true);
    // the incremental pass and the sweep agree
    await h.expectSettled(rule);

    const cleared = await report(inst.code, as, clear);
    expect((await h.incremental(rule, cleared)).result).toMatchObject({ raised: 0, resolved: 1 });
    await h.expectResolved(rule, inst.id, alert.id);
    await h.expectSettled(rule);
  });
});

describe("SECURITIES_NET_CAPITAL_BELOW_LINE", () => {
  // Securities and futures offices in the city report no indicators through the graph (their
  // ratios are the head office's, src/institutions/indicator-rules.ts), so the value is written
  // with SQL, as any other writer of the database could.
  it("raises on a net-capital ratio under 100% and resolves when it is corrected", async () => {
    const rule = "SECURITIES_NET_CAPITAL_BELOW_LINE";
    const inst = await institution({ kind: "SECURITIES" });
    const [row] = await h.db().$queryRaw<{ id: number }[]>`
      INSERT INTO indicator_value (institution_id, period_end, indicator, value, owner_agency, reported_at, updated_at)
      VALUES (${inst.id}, ${TODAY}::date, 'NET_CAPITAL_TO_RISK_RESERVES', 0.85, 'FINANCE_BUREAU', now(), now()) RETURNING id`;
    expect((await h.incremental(rule, [{ tableName: "indicator_value", rowId: row!.id }])).result).toMatchObject({ raised: 1 });
    const alert = await h.expectRaised(rule, inst.id);
    await h.expectSettled(rule);
    await h.db().$executeRaw`UPDATE indicator_value SET value = 1.35 WHERE id = ${row!.id}`;
    expect((await h.incremental(rule, [{ tableName: "indicator_value", rowId: row!.id }])).result).toMatchObject({ resolved: 1 });
    await h.expectResolved(rule, inst.id, alert.id);
    await h.expectSettled(rule);
  });
});

describe("a watch line edited by FINANCE_BUREAU", () => {
  it("judges every institution reporting that indicator again", async () => {
    const rule = "BANK_LEVERAGE_BELOW_MIN";
    const inst = await institution({ code: BANK });
    await report(BANK, "CBRC", { LEVERAGE_RATIO: "0.045" });
    await h.sweep(rule);
    expect((await h.alertsOf(rule, inst.id)).filter((a) => a.live)).toHaveLength(0);
    // the line moves above the bank's value: a row of watch_line is the touched row
    const line = await h.db().watchLine.findFirstOrThrow({ where: { indicator: "LEVERAGE_RATIO" } });
    await h.db().watchLine.update({ where: { id: line.id }, data: { threshold: "0.05" } });
    const { subjects, result } = await h.incremental(rule, [{ tableName: "watch_line", rowId: line.id }]);
    expect(subjects).toContain(inst.id);
    expect(result.raised).toBeGreaterThanOrEqual(1);
    await h.expectRaised(rule, inst.id);
    await h.db().watchLine.update({ where: { id: line.id }, data: { threshold: line.threshold } });
    await h.incremental(rule, [{ tableName: "watch_line", rowId: line.id }]);
    expect((await h.alertsOf(rule, inst.id)).filter((a) => a.live)).toHaveLength(0);
    await h.expectSettled(rule);
  });
});
