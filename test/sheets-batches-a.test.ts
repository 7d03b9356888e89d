// Financial statements and institution indicators as spreadsheets (issue 11 item 5): templates
// with Chinese column names, good XLSX and GB18030 CSV files written whole (read back through
// GraphQL), bad rows marked in the copy that comes back and listed as JSON with nothing written,
// dry runs, and the mutations' owners (a wrong agency: 403, nothing written).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import type { PrismaClient } from "../src/generated/prisma/client.ts";
import { onPostgres } from "./helpers/backend.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import { newUscc } from "./helpers/factories.ts";
import { readXlsx, sheetRequest, valuesOf, xlsxOf, XLSX } from "./helpers/sheets.ts";

let server: TestServer;
let db: PrismaClient;
let usccs: string[];
/** institution codes: two local banks (CBRC), an insurer (INSURANCE_ASSOC) */
let banks: string[];
let insurer: string;
beforeAll(async () => {
  server = await startTestServer({ scale: 0.02, captureLogs: true });
  db = server.running.db.prisma;
  usccs = (await db.enterprise.findMany({ orderBy: { id: "asc" }, take: 8, select: { uscc: true } })).map((e) => e.uscc);
  banks = (await db.institution.findMany({ where: { kind: { in: ["LOCAL_LEGAL_PERSON_BANK", "RURAL_CREDIT_COOP"] }, retiredAt: null }, orderBy: { id: "asc" }, take: 2, select: { code: true } })).map((i) => i.code);
  insurer = (await db.institution.findFirstOrThrow({ where: { kind: "INSURER", retiredAt: null }, orderBy: { id: "asc" }, select: { code: true } })).code;
  expect(banks).toHaveLength(2);
});
afterAll(() => server?.close());

const day = (s: string) => new Date(`${s}T00:00:00Z`);
const csvOf = (rows: unknown[][]) => rows.map((r) => r.map((c) => (c instanceof Date ? c.toISOString().slice(0, 10) : (c ?? ""))).join(",")).join("\r\n") + "\r\n";
const gb18030 = (rows: unknown[][]) => iconv.encode(csvOf(rows), "gb18030");
const send = (batch: string, body: Buffer, as: string, query = "", headers: Record<string, string> = {}) =>
  sheetRequest(server, `/sheets/${batch}${query}`, { as, body, contentType: body[0] === 0x50 ? XLSX : "text/csv", headers });
/** One upload's trace: its history rows and audit entries (by request id), and the SQL statements its log line counts. */
async function traceOf(requestId: string) {
  const changes = await db.changeRecord.groupBy({ by: ["requestId", "entityType"], where: { requestId }, _count: true });
  const audit = await db.auditEntry.findMany({ where: { requestId }, select: { operationName: true } });
  const line = server.logs.find((l) => l.reqId === requestId && l.msg === "sheet upload");
  return { changes: changes.map((c) => [c.entityType, c._count]), operations: audit.map((a) => a.operationName), statements: line?.statements as number };
}
type Problem = { line: number; field: string; rule: string; message: string };
const problemsOf = (res: { json: { errors: { extensions: { problems: Problem[] } }[] } }) => res.json.errors[0]!.extensions.problems.map((p) => [p.line, p.field, p.rule]);
/** The data lines (1-based, as in Excel) an annotated copy marks, and the fill of each cell. */
async function marked(bytes: Buffer, width: number): Promise<{ lines: number[]; red: (line: number, column: number) => boolean; text: (line: number) => string }> {
  const sheet = await readXlsx(bytes);
  const values = valuesOf(sheet);
  return {
    lines: values.flatMap((row, i) => (i >= 1 && row[width] ? [i + 1] : [])),
    red: (line, column) => (sheet.getRow(line).getCell(column + 1).fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb === "FFFFC7CE",
    text: (line) => values[line - 1]!.slice(width).join(" | "),
  };
}

describe(`financial statements as a sheet (${onPostgres ? "PostgreSQL" : "PGlite"})`, () => {
  const HEADER = ["统一社会信用代码", "报告期末", "报表类型", "资产总计（元）", "流动资产合计（元）", "负债合计（元）", "流动负债合计（元）", "短期借款（元）", "长期借款（元）", "民间借贷（元）", "营业收入（元）", "净利润（元）"];
  const FIELDS = ["uscc", "periodEnd", "periodType", "totalAssets", "currentAssets", "totalLiabilities", "currentLiabilities", "shortTermBorrowings", "longTermBorrowings", "privateLending", "revenue", "netProfit"];
  const col = (field: string) => FIELDS.indexOf(field);
  let years = 1990;
  /** One statement a row for each of `n` enterprises, for a period end no other file of this test uses. */
  function statementRows(n: number): { periodEnd: string; rows: unknown[][] } {
    const periodEnd = `${++years}-12-31`;
    const rows = usccs.slice(0, n).map((uscc, i) => [uscc, day(periodEnd), i % 2 ? "年报" : "ANNUAL", 5_000_000 + i, 2_000_000, 3_000_000, 1_500_000, 500_000, 800_000, 0, 9_000_000.5, i % 3 ? 120_000 : -40_000]);
    return { periodEnd, rows };
  }
  const stored = (periodEnd: string) => db.financialStatement.count({ where: { periodEnd: day(periodEnd) } });
  const STATEMENTS = `query($u: String!) { enterprise(uscc: $u) { statements(first: 100, periodType: ANNUAL) { nodes { periodEnd periodType totalAssets revenue netProfit } } } }`;

  it("has a template with the Chinese column names, the field names below them", async () => {
    const res = await sheetRequest(server, "/sheets/statements/template.xlsx", { as: "PBOC" });
    expect(res.status).toBe(200);
    expect(decodeURIComponent(res.headers.get("content-disposition")!)).toContain("财务报表模板.xlsx");
    const [names, fields] = valuesOf(await readXlsx(res.bytes));
    expect(names).toEqual([...HEADER, "版本号"]);
    expect(fields).toEqual([...FIELDS, "expectedVersion"]);
    const csv = await sheetRequest(server, "/sheets/statements/template.csv", { as: "PBOC" });
    expect(csv.bytes.subarray(3).toString("utf8").split(/\r?\n/)[0]).toBe([...HEADER, "版本号"].join(","));
  });

  it("writes every row of a good XLSX file and of a good GB18030 CSV file, read back through GraphQL", async () => {
    const xlsx = statementRows(6);
    const requestId = `statements-${process.pid}-${xlsx.periodEnd}`;
    const res = await send("statements", await xlsxOf([HEADER, FIELDS, ...xlsx.rows]), "PBOC", "", { "x-request-id": requestId });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ batch: "statements", dryRun: false, rows: 6, created: 6, updated: 0, unchanged: 0 });
    const read = await server.gql(STATEMENTS, { u: usccs[3] }, "PBOC");
    expect(read.body.errors).toBeUndefined();
    expect(read.body.data.enterprise.statements.nodes.find((s: { periodEnd: string }) => s.periodEnd === xlsx.periodEnd)).toEqual({
      periodEnd: xlsx.periodEnd,
      periodType: "ANNUAL",
      totalAssets: "5000003",
      revenue: "9000000.5",
      netProfit: "-40000",
    });
    // One transaction: the six statements' history and one audit entry, the mutation's; SQL per row bounded.
    const trace = await traceOf(requestId);
    expect([trace.changes, trace.operations]).toEqual([[["FinancialStatement", 6]], ["Mutation.upsertFinancialStatement"]]);
    // The enterprises and stored statements of all rows, two a row (its insert, its history), the
    // audit entry, and on PostgreSQL the transaction's own.
    expect(trace.statements).toBeLessThanOrEqual(2 + 2 * 6 + 1 + 1);

    const csv = statementRows(5);
    const gb = await send("statements", gb18030([HEADER, ...csv.rows]), "PBOC");
    expect(gb.status).toBe(200);
    expect(gb.json).toMatchObject({ rows: 5, created: 5 });
    expect(await stored(csv.periodEnd)).toBe(5);
    // The same file again: all unchanged; a corrected figure: one updated.
    expect((await send("statements", gb18030([HEADER, ...csv.rows]), "PBOC")).json).toMatchObject({ created: 0, updated: 0, unchanged: 5 });
    csv.rows[0]![col("revenue")] = 1;
    expect((await send("statements", gb18030([HEADER, ...csv.rows]), "PBOC")).json).toMatchObject({ created: 0, updated: 1, unchanged: 4 });
  });

  it("sends a file with bad rows back with exactly those rows marked, lists them as JSON, and writes nothing", async () => {
    const file = statementRows(8);
    const rows = file.rows;
    rows[1]![col("currentAssets")] = 9_000_000; // more than total assets
    rows[3]![col("uscc")] = newUscc(); // no such enterprise
    rows[4]![col("periodType")] = "月报";
    rows[5] = [...rows[0]!.slice(0, 3), ...rows[5]!.slice(3)]; // the statement of line 2 again
    rows[6]![col("totalAssets")] = "五百万";
    rows[7]![col("privateLending")] = 0.001; // fen at most
    const history = await db.changeRecord.count();
    const res = await send("statements", await xlsxOf([HEADER, ...rows]), "PBOC");
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toBe(XLSX);
    expect([res.headers.get("x-sheet-bad-rows"), res.headers.get("x-sheet-problems")]).toEqual(["6", "6"]);
    const copy = await marked(res.bytes, HEADER.length);
    expect(copy.lines).toEqual([3, 5, 6, 7, 8, 9]);
    expect(copy.text(7)).toContain("also appears in line 2 [unique]");
    expect(copy.red(3, col("currentAssets"))).toBe(true);
    expect(copy.red(3, col("totalAssets"))).toBe(false);
    expect(copy.red(5, col("uscc"))).toBe(true);
    expect(copy.text(3)).toContain("流动资产合计（元）（currentAssets）：must not exceed totalAssets [partOfWhole]");
    expect(copy.text(5)).toMatch(/no enterprise is registered under .* \[exists\]/);
    expect(copy.text(6)).toContain("年报 ANNUAL");

    const json = await send("statements", await xlsxOf([HEADER, ...rows]), "PBOC", "?problems=json");
    expect(json.status).toBe(422);
    expect(problemsOf(json)).toEqual([
      [3, "currentAssets", "partOfWhole"],
      [5, "uscc", "exists"],
      [6, "periodType", "oneOf"],
      [7, "periodEnd", "unique"],
      [8, "totalAssets", "type"],
      [9, "privateLending", "moneyScale"],
    ]);
    expect(await stored(file.periodEnd)).toBe(0);
    expect(await db.changeRecord.count()).toBe(history);
  });

  it("a dry run validates and writes nothing; a stale version is the row's problem", async () => {
    const file = statementRows(4);
    const dry = await send("statements", await xlsxOf([HEADER, ...file.rows]), "PBOC", "?dryRun=1");
    expect(dry.status).toBe(200);
    expect(dry.json).toEqual({ batch: "statements", dryRun: true, rows: 4, created: 4, updated: 0, unchanged: 0 });
    expect(await stored(file.periodEnd)).toBe(0);
    expect((await send("statements", await xlsxOf([HEADER, ...file.rows]), "PBOC")).json).toMatchObject({ created: 4 });
    const versioned = file.rows.map((r, i) => [...r, i === 2 ? 7 : 1]);
    const stale = await send("statements", await xlsxOf([[...HEADER, "版本号"], ...versioned]), "PBOC", "?problems=json");
    expect(stale.status).toBe(422);
    expect(problemsOf(stale)).toEqual([[4, "expectedVersion", "version"]]);
  });

  it("refuses an agency that does not own statements (403), writing nothing", async () => {
    const file = statementRows(3);
    const res = await send("statements", await xlsxOf([HEADER, ...file.rows]), "CBRC");
    expect([res.status, res.json.errors[0].extensions.code]).toEqual([403, "FORBIDDEN"]);
    expect(res.json.errors[0].message).toContain("Only PBOC may write enterprise financial statements");
    expect(await stored(file.periodEnd)).toBe(0);
  });
});

describe(`institution indicators as a sheet (${onPostgres ? "PostgreSQL" : "PGlite"})`, () => {
  const HEADER = ["机构编码", "报告期末", "指标", "指标值", "版本号"];
  const FIELDS = ["institutionCode", "periodEnd", "values.indicator", "values.value", "values.expectedVersion"];
  let year = 1990;
  /** A quarter end no other file of this test uses. */
  const quarter = () => `${++year}-06-30`;
  /** Both banks' three indicators for a quarter: 6 rows, names in Chinese or as codes. */
  const bankRows = (periodEnd: string): unknown[][] =>
    banks.flatMap((code, b) => [
      [code, day(periodEnd), "资本充足率", 0.125 + b / 100],
      [code, day(periodEnd), "NPL_RATIO", 0.018],
      [code, day(periodEnd), "杠杆率", 0.061],
    ]);
  const stored = (periodEnd: string) => db.indicatorValue.count({ where: { periodEnd: day(periodEnd) } });
  const INDICATORS = `query($c: String!, $d: Date!) { institution(code: $c) { indicators(first: 50, periodEnd: { from: $d, to: $d }) { nodes { indicator value periodEnd } } } }`;
  const readBack = async (code: string, periodEnd: string, as: string) => {
    const res = await server.gql(INDICATORS, { c: code, d: periodEnd }, as);
    expect(res.body.errors).toBeUndefined();
    return Object.fromEntries(res.body.data.institution.indicators.nodes.map((n: { indicator: string; value: string }) => [n.indicator, n.value]));
  };

  it("has a template with the Chinese column names, the field paths below them, the indicators' Chinese names in the note", async () => {
    const res = await sheetRequest(server, "/sheets/indicators/template.xlsx", { as: "CBRC" });
    expect(res.status).toBe(200);
    const sheet = await readXlsx(res.bytes);
    const [names, fields] = valuesOf(sheet);
    expect(names).toEqual(HEADER);
    expect(fields).toEqual(FIELDS);
    expect(String(sheet.getCell("C1").note ?? "")).toContain("资本充足率 CAPITAL_ADEQUACY_RATIO");
    const csv = await sheetRequest(server, "/sheets/indicators/template.csv", { as: "CBRC" });
    expect(csv.bytes.subarray(3).toString("utf8").split(/\r?\n/).slice(0, 2)).toEqual([HEADER.join(","), FIELDS.join(",")]);
  });

  it("groups a good XLSX file's rows into one report per institution and quarter, and reads a GB18030 CSV alike", async () => {
    const periodEnd = quarter();
    const requestId = `indicators-${process.pid}-${periodEnd}`;
    const res = await send("indicators", await xlsxOf([HEADER, FIELDS, ...bankRows(periodEnd)]), "CBRC", "", { "x-request-id": requestId });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ batch: "indicators", dryRun: false, rows: 6, created: 6, updated: 0, unchanged: 0 });
    expect(await readBack(banks[1]!, periodEnd, "CBRC")).toEqual({ CAPITAL_ADEQUACY_RATIO: "0.135", NPL_RATIO: "0.018", LEVERAGE_RATIO: "0.061" });
    const trace = await traceOf(requestId);
    expect([trace.changes, trace.operations]).toEqual([[["IndicatorValue", 6]], ["Mutation.reportIndicators"]]);
    // The owners' look-up; two a report (the institution, its stored values); two a value (its
    // insert, its history); the audit entry; on PostgreSQL the transaction's own.
    expect(trace.statements).toBeLessThanOrEqual(1 + 2 * 2 + 2 * 6 + 1 + 1);

    const csvPeriod = quarter();
    const insurerRows = [
      [insurer, csvPeriod, "综合偿付能力充足率", 2.1],
      [insurer, csvPeriod, "核心偿付能力充足率", 1.6],
    ];
    const gb = await send("indicators", gb18030([HEADER.slice(0, 4), ...insurerRows]), "INSURANCE_ASSOC");
    expect(gb.status).toBe(200);
    expect(gb.json).toMatchObject({ rows: 2, created: 2 });
    expect(await readBack(insurer, csvPeriod, "INSURANCE_ASSOC")).toEqual({ COMPREHENSIVE_SOLVENCY: "2.1", CORE_SOLVENCY: "1.6" });
    // A correction of one value with its version: one updated, the other unchanged.
    const corrected = [[...insurerRows[0]!.slice(0, 3), 2.2, 1], insurerRows[1]!];
    expect((await send("indicators", gb18030([HEADER, ...corrected]), "INSURANCE_ASSOC")).json).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
  });

  it("marks exactly the bad rows, the report's own rules mapped back to the rows they came from, and writes nothing", async () => {
    const periodEnd = quarter();
    const notQuarter = `${year}-05-31`;
    const rows: unknown[][] = [
      ...bankRows(periodEnd), // lines 2–7
      [banks[0], day(periodEnd), "资本充足率", 0.13], // line 8: reported twice in bank 0's report
      [banks[1], day(periodEnd), "综合偿付能力充足率", 1.5], // line 9: not a bank's indicator
      [banks[1], day(periodEnd), "存款偏离度", 0.1], // line 10: no such indicator
      [banks[0], day(notQuarter), "杠杆率", 0.05], // line 11: a report for a day that is not a quarter end
      [banks[0], day(notQuarter), "NPL_RATIO", 0.02], // line 12: the same report
      [banks[1], day(periodEnd), "流动性比例", 12], // line 13: out of range
    ];
    rows[3]![3] = "abc"; // line 5: not a number
    const history = await db.changeRecord.count();
    const res = await send("indicators", await xlsxOf([HEADER, ...rows]), "CBRC");
    expect(res.status).toBe(422);
    const copy = await marked(res.bytes, HEADER.length);
    expect(copy.lines).toEqual([5, 8, 9, 10, 11, 12, 13]);
    expect(copy.red(8, 2)).toBe(true);
    expect(copy.red(8, 3)).toBe(false);
    expect(copy.red(11, 1)).toBe(true);
    expect(copy.red(13, 3)).toBe(true);
    expect(copy.text(8)).toContain("指标（values.indicator）：CAPITAL_ADEQUACY_RATIO is reported twice [unique]");
    expect(copy.text(11)).toContain("[quarterEnd]");

    const json = await send("indicators", await xlsxOf([HEADER, ...rows]), "CBRC", "?problems=json");
    expect(problemsOf(json)).toEqual([
      [5, "values.value", "type"],
      [8, "values.indicator", "unique"],
      [9, "values.indicator", "appliesToKind"],
      [10, "values.indicator", "oneOf"],
      [11, "periodEnd", "quarterEnd"],
      [12, "periodEnd", "quarterEnd"],
      [13, "values.value", "range"],
    ]);
    expect(await stored(periodEnd)).toBe(0);
    expect(await db.changeRecord.count()).toBe(history);
  });

  it("a dry run validates and writes nothing; a stale version marks its own row", async () => {
    const periodEnd = quarter();
    const dry = await send("indicators", await xlsxOf([HEADER, ...bankRows(periodEnd)]), "CBRC", "?dryRun=1");
    expect(dry.status).toBe(200);
    expect(dry.json).toEqual({ batch: "indicators", dryRun: true, rows: 6, created: 6, updated: 0, unchanged: 0 });
    expect(await stored(periodEnd)).toBe(0);
    expect((await send("indicators", await xlsxOf([HEADER, ...bankRows(periodEnd)]), "CBRC")).json).toMatchObject({ created: 6 });
    const versioned = bankRows(periodEnd).map((r, i) => [...r, i === 4 ? 3 : 1]);
    const stale = await send("indicators", await xlsxOf([HEADER, ...versioned]), "CBRC", "?problems=json");
    expect(stale.status).toBe(422);
    expect(problemsOf(stale)).toEqual([[6, "values.expectedVersion", "version"]]);
  });

  it("refuses a file with an institution the caller does not report (403), writing nothing", async () => {
    const periodEnd = quarter();
    const mixed = [...bankRows(periodEnd), [insurer, day(periodEnd), "核心偿付能力充足率", 1.2]];
    const res = await send("indicators", await xlsxOf([HEADER, ...mixed]), "CBRC");
    expect([res.status, res.json.errors[0].extensions.code]).toEqual([403, "FORBIDDEN"]);
    expect(res.json.errors[0].message).toContain("Only INSURANCE_ASSOC may write indicators of INSURER institutions");
    const pboc = await send("indicators", await xlsxOf([HEADER, ...bankRows(periodEnd)]), "PBOC");
    expect([pboc.status, pboc.json.errors[0].extensions.code]).toEqual([403, "FORBIDDEN"]);
    // An unknown code is refused to a non-reporter as the mutation refuses it.
    const unknown = await send("indicators", await xlsxOf([HEADER, ["NOPE", day(periodEnd), "杠杆率", 0.05]]), "PBOC");
    expect(unknown.status).toBe(403);
    expect(await stored(periodEnd)).toBe(0);
  });
});
