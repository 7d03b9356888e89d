// A bank's loan file as a spreadsheet: template, 10,000 rows with 12 bad ones marked in the copy
// that comes back, the fixed copy written in one transaction, dry runs, CSV in UTF-8 and GB18030.
// The 10,000-row file runs on PostgreSQL; on embedded PGlite (single-threaded WASM, the slowest
// pass of CI) the same file has 2,000 rows with the same 12 faults at the same relative places:
// the code path is the same, and bench/sheets.ts measures 100,000 rows on either.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import type { PrismaClient } from "../src/generated/prisma/client.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import { newUscc } from "./helpers/factories.ts";
import { readXlsx, sheetRequest, valuesOf, xlsxOf, XLSX } from "./helpers/sheets.ts";
import { SLICE_ROWS } from "../src/debt/loan-batch.write.ts";
import { contentHash } from "../src/access/audit/chain.ts";
import { contentOf, SELECT_ENTRY } from "../src/access/audit/verify.ts";

let server: TestServer;
let db: PrismaClient;
let borrowers: string[];
beforeAll(async () => {
  server = await startTestServer({ scale: 0.02 });
  db = server.running.db.prisma;
  borrowers = (await db.enterprise.findMany({ orderBy: { id: "asc" }, take: 20, select: { uscc: true } })).map((e) => e.uscc);
});
afterAll(() => server?.close());

const HEADER = ["借款合同编号", "贷款银行机构编码", "借款人统一社会信用代码", "贷款金额（元）", "贷款余额（元）", "年利率", "发放日期", "到期日期", "贷款用途", "五级分类", "担保方式", "绿色信贷", "重点产业"];
const FIELDS = ["contractNo", "lender", "borrower", "amount", "balance", "interestRate", "startDate", "maturityDate", "purpose", "classification", "collateralType", "isGreenCredit", "isKeyIndustry"];
const col = (field: string) => FIELDS.indexOf(field);
const ROWS = process.env.TEST_DATABASE_URL ? 10_000 : 2_000;
/** Row `i` of a 10,000-row file at the same relative place in a file of ROWS rows. */
const at = (i: number) => Math.floor((i * ROWS) / 10_000);
const day = (s: string) => new Date(`${s}T00:00:00Z`);

let files = 0;
/** `n` valid loan rows as a clerk types them: numbers, dates, Chinese labels. */
function loanRows(n: number): { prefix: string; rows: unknown[][] } {
  const prefix = `S${process.pid}x${++files}`;
  const rows = Array.from({ length: n }, (_, i) => [
    `${prefix}LD${String(i).padStart(6, "0")}`,
    i % 3 ? "B0001H244170001" : "B1218H244170001",
    borrowers[i % borrowers.length]!,
    1_000_000 + i,
    800_000,
    0.0435,
    day("2017-01-15"),
    day("2019-01-15"),
    "流动资金周转",
    i % 7 ? "正常" : "关注",
    i % 2 ? "保证" : null,
    "否",
    i % 5 ? "否" : "是",
  ]);
  return { prefix, rows };
}
const loansWith = (prefix: string) => db.loan.count({ where: { contractNo: { startsWith: prefix } } });
const upload = (body: Buffer | string, query = "", as = "CBRC", headers: Record<string, string> = {}) =>
  sheetRequest(server, `/sheets/loans${query}`, { as, body, contentType: typeof body === "string" ? "text/csv" : XLSX, headers });

/** The 12 faults: row index → [the field it breaks, how]. */
const FAULTS: Record<number, [string, (row: unknown[], rows: unknown[][]) => void]> = {
  [at(17)]: ["amount", (r) => (r[col("amount")] = -5)],
  [at(503)]: ["borrower", (r) => (r[col("borrower")] = newUscc())],
  [at(1200)]: ["maturityDate", (r) => (r[col("maturityDate")] = day("2016-12-31"))],
  [at(2001)]: ["classification", (r) => (r[col("classification")] = "很好")],
  [at(3333)]: ["amount", (r) => (r[col("amount")] = "一百万")],
  [at(4000)]: ["startDate", (r) => (r[col("startDate")] = "2017-02-30")],
  [at(5050)]: ["contractNo", (r, rows) => (r[col("contractNo")] = rows[at(5050) - 1]![col("contractNo")])],
  [at(6006)]: ["lender", (r) => (r[col("lender")] = "NOPE")],
  [at(7007)]: ["interestRate", (r) => (r[col("interestRate")] = 0.5)],
  [at(8008)]: ["borrower", (r) => (r[col("borrower")] = "123")],
  [at(9001)]: ["purpose", (r) => (r[col("purpose")] = null)],
  [at(9999)]: ["balance", (r) => (r[col("balance")] = 2_000_000)],
};

describe("the loan template", () => {
  it("has the Chinese column names, the field names below them, and a note on each", async () => {
    const res = await sheetRequest(server, "/sheets/loans/template.xlsx");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(XLSX);
    const sheet = await readXlsx(res.bytes);
    const [names, fields] = valuesOf(sheet);
    expect(names).toEqual([...HEADER, "版本号"]);
    expect(fields).toEqual([...FIELDS, "expectedVersion"]);
    expect(String(sheet.getCell("J1").note ?? "")).toContain("关注 SPECIAL_MENTION");
    const csv = await sheetRequest(server, "/sheets/loans/template.csv");
    expect(csv.bytes.subarray(3).toString("utf8").split("\r\n")[0] ?? csv.bytes.toString("utf8").split("\n")[0]).toContain("借款合同编号");
  });
});

describe(`a ${ROWS.toLocaleString("en")}-row loan file with 12 bad rows`, () => {
  let prefix: string;
  let annotatedCopy: Buffer;
  it("comes back with exactly those 12 rows marked, the bad cells filled red, and nothing written", async () => {
    const file = loanRows(ROWS);
    prefix = file.prefix;
    for (const [i, [, fault]] of Object.entries(FAULTS)) fault(file.rows[Number(i)]!, file.rows);
    const history = await db.changeRecord.count();
    const res = await upload(await xlsxOf([HEADER, FIELDS, ...file.rows]));
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toBe(XLSX);
    expect([res.headers.get("x-sheet-bad-rows"), res.headers.get("x-sheet-problems")]).toEqual(["12", "12"]);
    annotatedCopy = res.bytes;

    const sheet = await readXlsx(res.bytes);
    const values = valuesOf(sheet);
    expect(values[0]!.slice(0, 14)).toEqual([...HEADER, "问题 1"]);
    expect(values[1]).toEqual(FIELDS);
    // Data from line 3: every row keeps its cells; only the 12 have a problem.
    expect(values.length).toBe(ROWS + 2);
    const marked = values.flatMap((row, line) => (line >= 2 && row[HEADER.length] ? [line - 2] : []));
    expect(marked).toEqual(Object.keys(FAULTS).map(Number));
    for (const [i, [field]] of Object.entries(FAULTS)) {
      const row = sheet.getRow(Number(i) + 3);
      expect(String(row.getCell(HEADER.length + 1).value)).toContain(`（${field}）`);
      const bad = row.getCell(col(field) + 1);
      expect((bad.fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb).toBe("FFFFC7CE");
      expect((row.getCell(col(field) === 0 ? 2 : 1).fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb).toBeUndefined();
    }
    // The same rules and words as the mutation's (src/debt/loan.validation.ts).
    expect(String(sheet.getRow(at(17) + 3).getCell(14).value)).toContain("[positive]");
    expect(String(sheet.getRow(at(503) + 3).getCell(14).value)).toMatch(/no enterprise is registered under .* \[exists\]/);
    expect(String(sheet.getRow(at(5050) + 3).getCell(14).value)).toContain(`also appears in line ${at(5050) + 2} [unique]`);
    expect(String(sheet.getRow(at(9001) + 3).getCell(14).value)).toContain("[required]");
    expect(String(sheet.getRow(at(2001) + 3).getCell(14).value)).toContain("关注 SPECIAL_MENTION");
    expect(await loansWith(prefix)).toBe(0);
    expect(await db.changeRecord.count()).toBe(history);
  }, 300_000);

  it("lists the same problems as JSON when asked, with their lines", async () => {
    const file = loanRows(30);
    file.rows[4]![col("amount")] = -1;
    file.rows[20]![col("classification")] = "x";
    // Chinese when asked (the test server's default is English, DEFAULT_LANGUAGE=en: see test/helpers/server.ts)
    const res = await upload(await xlsxOf([HEADER, ...file.rows]), "?problems=json", "CBRC", { "accept-language": "zh-CN,zh;q=0.9" });
    expect(res.status).toBe(422);
    expect(res.json.errors[0].extensions.problems.map((p: { line: number; field: string; rule: string }) => [p.line, p.field, p.rule])).toEqual([
      [6, "amount", "positive"],
      [22, "classification", "oneOf"],
    ]);
    expect(res.json.errors[0].message).toContain("2 处问题");
    const en = await upload(await xlsxOf([HEADER, ...file.rows]), "?problems=json", "CBRC", { "accept-language": "en-GB,en;q=0.9" });
    expect(en.json.errors[0].message).toBe("The file has 2 problem(s) in 2 row(s); nothing was written: fix the marked cells and upload it again");
  });

  it(`fixed in the copy and uploaded again: a dry run writes nothing, then the upload writes all ${ROWS.toLocaleString("en")} in one transaction`, async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(annotatedCopy as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const fixed = loanRows(1).rows[0]!;
    for (const i of Object.keys(FAULTS).map(Number)) {
      const row = sheet.getRow(i + 3);
      const field = FAULTS[i]![0];
      row.getCell(col(field) + 1).value = field === "contractNo" ? `${prefix}LD-fixed-${i}` : field === "borrower" ? borrowers[0]! : (fixed[col(field)] as ExcelJS.CellValue);
    }
    const body = Buffer.from(await workbook.xlsx.writeBuffer());

    const dry = await upload(body, "?dryRun=1&problems=json");
    expect(dry.json.errors ?? null).toBeNull();
    expect(dry.status).toBe(200);
    expect(dry.json).toEqual({ batch: "loans", dryRun: true, rows: ROWS, created: ROWS, updated: 0, unchanged: 0 });
    expect(await loansWith(prefix)).toBe(0);

    const res = await upload(body, "", "CBRC", { "x-request-id": `sheet-${prefix}` });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ batch: "loans", dryRun: false, rows: ROWS, created: ROWS, updated: 0, unchanged: 0 });
    expect(await loansWith(prefix)).toBe(ROWS);
    // One transaction: one request's change records for all of them, and the one audit entry of upsertLoans beside them.
    const changes = await db.changeRecord.groupBy({ by: ["requestId", "changedAt"], where: { entityType: "Loan", entityKey: { startsWith: prefix } }, _count: true });
    expect(changes).toEqual([{ requestId: `sheet-${prefix}`, changedAt: expect.any(Date), _count: ROWS }]);
    const audit = await db.auditEntry.findMany({ where: { requestId: `sheet-${prefix}` }, select: SELECT_ENTRY });
    expect(audit.map((a) => a.operationName)).toEqual(["Mutation.upsertLoans"]);
    // The entry (the file's every row; on PostgreSQL's 10,000 its text goes in parts) is stored exactly as it was hashed.
    expect((audit[0]!.variables as { rows: unknown[] }).rows).toHaveLength(ROWS);
    expect(contentHash(contentOf(audit[0]! as never))).toBe(audit[0]!.contentHash);

    // The same file again: every loan unchanged.
    const again = await upload(body);
    expect(again.json).toMatchObject({ created: 0, updated: 0, unchanged: ROWS });
  }, 600_000);

  it("leaves nothing when a row of the last slice is bad, after the slices before it were written in the transaction", async () => {
    // SLICE_ROWS + 1 rows: the first slice is validated and written, then the last row's borrower is not registered.
    const file = loanRows(SLICE_ROWS + 1);
    file.rows[SLICE_ROWS]![col("borrower")] = newUscc();
    const requestId = `sheet-late-${file.prefix}`;
    const history = await db.changeRecord.count();
    const res = await upload(await xlsxOf([HEADER, ...file.rows]), "?problems=json", "CBRC", { "x-request-id": requestId });
    expect(res.status).toBe(422);
    expect(res.json.errors[0].extensions.problems.map((p: { line: number; field: string; rule: string }) => [p.line, p.field, p.rule])).toEqual([[SLICE_ROWS + 2, "borrower", "exists"]]);
    expect(await loansWith(file.prefix)).toBe(0);
    expect(await db.changeRecord.count()).toBe(history);
    expect(await db.auditEntry.count({ where: { requestId } })).toBe(0);
  }, 300_000);

  it(`leaves nothing when the transaction fails at its very end (the audit entry, written after all ${(SLICE_ROWS + 1).toLocaleString("en")} loans and their history, in two slices)`, async () => {
    const file = loanRows(SLICE_ROWS + 1);
    const requestId = `sheet-fault-${file.prefix}`;
    await db.$executeRawUnsafe(`CREATE FUNCTION sheet_test_fault() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.request_id = '${requestId}' THEN RAISE EXCEPTION 'injected fault'; END IF; RETURN NEW; END $$`);
    await db.$executeRawUnsafe(`CREATE TRIGGER sheet_test_fault BEFORE INSERT ON audit_entry FOR EACH ROW EXECUTE FUNCTION sheet_test_fault()`);
    try {
      const history = await db.changeRecord.count();
      const res = await upload(await xlsxOf([HEADER, ...file.rows]), "", "CBRC", { "x-request-id": requestId });
      expect(res.status).toBe(500);
      expect(res.json.errors[0].message).not.toContain("injected");
      expect(res.json.errors[0].extensions.code).toBe("INTERNAL_SERVER_ERROR");
      expect(await loansWith(file.prefix)).toBe(0);
      expect(await db.changeRecord.count()).toBe(history);
    } finally {
      await db.$executeRawUnsafe(`DROP TRIGGER sheet_test_fault ON audit_entry`);
      await db.$executeRawUnsafe(`DROP FUNCTION sheet_test_fault()`);
    }
  }, 300_000);
});

describe("CSV loan files", () => {
  const csvOf = (rows: unknown[][]) => rows.map((r) => r.map((c) => (c instanceof Date ? c.toISOString().slice(0, 10) : (c ?? ""))).join(",")).join("\r\n") + "\r\n";

  it("reads GB18030 (as Excel saves CSV on a Chinese Windows) and UTF-8 alike", async () => {
    const gb = loanRows(50);
    const gbRes = await upload(iconv.encode(csvOf([HEADER, ...gb.rows]), "gb18030") as unknown as string);
    expect(gbRes.status).toBe(200);
    expect(gbRes.json.created).toBe(50);
    const stored = await db.loan.findFirstOrThrow({ where: { contractNo: `${gb.prefix}LD000007` } });
    expect([stored.purpose, stored.classification, stored.isKeyIndustry]).toEqual(["流动资金周转", "SPECIAL_MENTION", false]);

    const utf8 = loanRows(20);
    expect((await upload(csvOf([HEADER, ...utf8.rows]))).json.created).toBe(20);
  });

  it("sends a rejected CSV back as CSV with the problem column", async () => {
    const file = loanRows(10);
    file.rows[3]![col("startDate")] = "15/01/2017";
    const res = await upload(csvOf([HEADER, ...file.rows]));
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const lines = res.bytes.subarray(3).toString("utf8").trim().split(/\r?\n/);
    expect(lines[0]).toBe([...HEADER, "问题 1"].join(","));
    expect(lines.flatMap((l, i) => (l.split(",").length > HEADER.length ? [i] : []))).toEqual([0, 4]);
    expect(lines[4]).toContain("YYYY-MM-DD");
  });
});

describe("refusals", () => {
  it("names what is wrong: no key, the wrong owner, an unknown batch, column or format, an empty file", async () => {
    const file = await xlsxOf([HEADER, ...loanRows(2).rows]);
    const noKey = await upload(file, "", null as unknown as string);
    expect([noKey.status, noKey.json.errors[0].extensions.code]).toEqual([401, "UNAUTHENTICATED"]);
    const pboc = await upload(file, "", "PBOC");
    expect([pboc.status, pboc.json.errors[0].extensions.code]).toEqual([403, "FORBIDDEN"]);
    expect(pboc.json.errors[0].message).toContain("Only CBRC may write loans");
    const unknown = await sheetRequest(server, "/sheets/nope", { body: file, contentType: XLSX });
    expect([unknown.status, unknown.json.errors[0].message]).toEqual([404, expect.stringContaining("loans")]);
    const badColumn = await upload(await xlsxOf([[...HEADER, "备注X"], ...loanRows(1).rows]));
    expect([badColumn.status, badColumn.json.errors[0].extensions.column]).toEqual([400, 14]);
    expect(badColumn.json.errors[0].message).toContain("备注X");
    const missing = await upload(await xlsxOf([HEADER.slice(1), ...loanRows(1).rows.map((r) => r.slice(1))]));
    expect([missing.status, missing.json.errors[0].extensions.field]).toEqual([400, "contractNo"]);
    const empty = await upload(await xlsxOf([HEADER]));
    expect([empty.status, empty.json.errors[0].extensions.messages.en]).toEqual([400, "The file has no data rows"]);
    const badFlag = await upload(file, "?dryRun=maybe");
    expect([badFlag.status, badFlag.json.errors[0].extensions.field]).toEqual([400, "dryRun"]);
    const broken = await upload(Buffer.concat([Buffer.from("PK\x03\x04"), Buffer.alloc(100, 7)]));
    expect(broken.status).toBe(400);
    expect(broken.json.errors[0].message).toContain("XLSX");
  });
});
