// The dishonesty lists as a sheet: template, good XLSX and GB18030 CSV files written (read back
// through GraphQL), bad rows marked in the copy with nothing written, dry runs, the wrong agency.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import type { PrismaClient } from "../src/generated/prisma/client.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import { newIdNumber, newUscc } from "./helpers/factories.ts";
import { readXlsx, sheetRequest, valuesOf, xlsxOf, XLSX } from "./helpers/sheets.ts";

let server: TestServer;
let db: PrismaClient;
let enterprises: string[];
beforeAll(async () => {
  server = await startTestServer({ scale: 0.02, captureLogs: true });
  db = server.running.db.prisma;
  enterprises = (await db.enterprise.findMany({ orderBy: { id: "asc" }, take: 5, select: { uscc: true } })).map((e) => e.uscc);
});
afterAll(() => server?.close());

const HEADER = ["决定文书号", "失信名单类别", "统一社会信用代码", "姓名", "身份证号码", "手机号码", "户籍所在县区", "信息提供单位", "认定单位", "认定事由", "列入日期", "移出日期", "版本号"];
const FIELDS = ["documentNo", "list", "enterprise", "person.name", "person.idNumber", "person.phone", "person.county", "sourceAgency", "decidedBy", "reason", "listedOn", "expiresOn", "expectedVersion"];
const col = (f: string) => FIELDS.indexOf(f);
let files = 0;
/** n rows: even ones enterprises, odd ones new persons. */
function rows(n: number) {
  const prefix = `DS${process.pid}x${++files}-`;
  const list = Array.from({ length: n }, (_, i) => [
    `${prefix}${i}`,
    i % 3 ? "TAX_VIOLATION" : "COURT_JUDGMENT_DEBTOR",
    i % 2 ? null : enterprises[i % enterprises.length]!,
    i % 2 ? `张${i}` : null,
    i % 2 ? newIdNumber() : null,
    null,
    null,
    "市税务局",
    "市中级人民法院",
    "拒不履行生效判决",
    "2017-06-01",
    null,
    null,
  ]);
  return { prefix, rows: list };
}
const csvOf = (r: unknown[][]) => r.map((x) => x.map((c) => c ?? "").join(",")).join("\r\n") + "\r\n";
const stored = (prefix: string) => db.dishonestyRecord.count({ where: { documentNo: { startsWith: prefix } } });
const up = (body: Buffer | string, query = "", as = "DEVELOPMENT_REFORM", headers: Record<string, string> = {}) => sheetRequest(server, `/sheets/dishonesty${query}`, { as, body, contentType: typeof body === "string" ? "text/csv" : XLSX, headers });

describe("the dishonesty sheet", () => {
  it("has a template with the Chinese column names and the dotted field names", async () => {
    const res = await sheetRequest(server, "/sheets/dishonesty/template.xlsx", { as: "DEVELOPMENT_REFORM" });
    expect(res.status).toBe(200);
    const [names, fields] = valuesOf(await readXlsx(res.bytes));
    expect(names).toEqual(HEADER);
    expect(fields).toEqual(FIELDS);
  });

  it("writes a good XLSX and a good GB18030 CSV, every row, read back through GraphQL", async () => {
    const a = rows(6);
    const res = await up(await xlsxOf([HEADER, FIELDS, ...a.rows]));
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ batch: "dishonesty", dryRun: false, rows: 6, created: 6, updated: 0, unchanged: 0 });
    const read = await server.gql(`query($d: String!) { dishonestyRecord(documentNo: $d) { subjectType listedOn person { name } } }`, { d: `${a.prefix}1` }, "DEVELOPMENT_REFORM");
    expect(read.body.errors ?? null).toBeNull();
    expect(read.body.data?.dishonestyRecord).toEqual({ subjectType: "PERSON", listedOn: "2017-06-01", person: { name: "张1" } });
    const b = rows(4);
    const gb = await up(iconv.encode(csvOf([HEADER, ...b.rows]), "gb18030") as unknown as string);
    expect([gb.status, gb.json.created]).toEqual([200, 4]);
    expect(await stored(b.prefix)).toBe(4);
    // The same file again: nothing changes; the write's own answer says so, with no read of the record before it.
    const again = `dishonesty-again-${a.prefix}`;
    expect((await up(await xlsxOf([HEADER, ...a.rows]), "", "DEVELOPMENT_REFORM", { "x-request-id": again })).json).toMatchObject({ created: 0, updated: 0, unchanged: 6 });
    const statements = server.logs.find((l) => l.reqId === again && l.msg === "sheet upload")?.statements as number;
    // 16 statements for these six rows on PGlite, 17 on PostgreSQL; six more when each row's record was read once more before its write to tell created from updated.
    expect(statements).toBeLessThanOrEqual(17);
    // One row corrected: one updated, the others unchanged.
    a.rows[3]![col("reason")] = "拒不履行生效判决（更正）";
    expect((await up(await xlsxOf([HEADER, ...a.rows]))).json).toMatchObject({ created: 0, updated: 1, unchanged: 5 });
  });

  it("marks exactly the bad rows (cell checks and the write's own rules) and writes nothing", async () => {
    const f = rows(8);
    f.rows[1]![col("person.idNumber")] = "44170419800101123X"; // bad check digit
    f.rows[2]![col("person.name")] = "李四"; // both subjects
    f.rows[2]![col("person.idNumber")] = newIdNumber();
    f.rows[4]![col("list")] = "黑名单"; // not a list
    f.rows[5]![col("person.name")] = null; // person without name
    f.rows[6]![col("enterprise")] = newUscc(); // not registered
    f.rows[7]![col("documentNo")] = f.rows[0]![col("documentNo")]!;
    const history = await db.changeRecord.count();
    const json = await up(await xlsxOf([HEADER, ...f.rows]), "?problems=json");
    expect(json.status).toBe(422);
    const problems = json.json.errors[0].extensions.problems.map((p: { line: number; field: string; rule: string }) => [p.line, p.field, p.rule]);
    expect(problems, JSON.stringify(problems)).toEqual([
      [3, "person.idNumber", expect.any(String)],
      [4, "enterprise", "exactlyOneSubject"],
      [6, "list", "oneOf"],
      [7, "person.name", "required"],
      [8, "enterprise", "exists"],
      [9, "documentNo", "unique"],
    ]);
    // No ID number in any message: only the uploader's own cells come back, in the copy.
    expect(JSON.stringify(json.json)).not.toMatch(/\d{17}[\dX]/);
    const copy = await up(await xlsxOf([HEADER, ...f.rows]));
    expect(copy.status).toBe(422);
    const sheet = await readXlsx(copy.bytes);
    const marked = valuesOf(sheet).flatMap((r, line) => (line >= 1 && r[HEADER.length] ? [line + 1] : []));
    expect(marked).toEqual([3, 4, 6, 7, 8, 9]);
    expect((sheet.getRow(3).getCell(col("person.idNumber") + 1).fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb).toBe("FFFFC7CE");
    expect(await stored(f.prefix)).toBe(0);
    expect(await db.changeRecord.count()).toBe(history);
    // The logs never print an ID number of the file.
    const ids = f.rows.map((r) => r[col("person.idNumber")]).filter(Boolean) as string[];
    const logged = JSON.stringify(server.logs);
    for (const id of ids) expect(logged).not.toContain(id);
  });

  it("writes nothing on a dry run, and refuses another agency with 403", async () => {
    const f = rows(3);
    const body = await xlsxOf([HEADER, ...f.rows]);
    const dry = await up(body, "?dryRun=1");
    expect(dry.json).toEqual({ batch: "dishonesty", dryRun: true, rows: 3, created: 3, updated: 0, unchanged: 0 });
    expect(await stored(f.prefix)).toBe(0);
    const other = await up(body, "", "CBRC");
    expect([other.status, other.json.errors[0].extensions.code]).toEqual([403, "FORBIDDEN"]);
    expect(await stored(f.prefix)).toBe(0);
  });
});
