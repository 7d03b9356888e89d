// A loan file uploaded as a multipart form (a clerk's browser form, curl -F): the file in the field
// `file`, dryRun and problems as form fields or in the query. Real multipart bodies, built by
// Node's own FormData and sent by its fetch; a server with a small MAX_SHEET_BYTES so the size
// limit is reached with a small file.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import iconv from "iconv-lite";
import type { PrismaClient } from "../src/generated/prisma/client.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import { readXlsx, sheetRequest, valuesOf, xlsxOf, XLSX } from "./helpers/sheets.ts";

const MAX = 32 * 1024;
let server: TestServer;
let db: PrismaClient;
let borrowers: string[];
beforeAll(async () => {
  server = await startTestServer({ scale: 0.02, env: { MAX_SHEET_BYTES: String(MAX) } });
  db = server.running.db.prisma;
  borrowers = (await db.enterprise.findMany({ orderBy: { id: "asc" }, take: 5, select: { uscc: true } })).map((e) => e.uscc);
}, 120_000);
afterAll(() => server?.close());

const HEADER = ["借款合同编号", "贷款银行机构编码", "借款人统一社会信用代码", "贷款金额（元）", "贷款余额（元）", "年利率", "发放日期", "到期日期", "贷款用途", "五级分类", "担保方式", "绿色信贷", "重点产业"];
let files = 0;
function loanRows(n: number) {
  const prefix = `M${process.pid}x${++files}`;
  const rows = Array.from({ length: n }, (_, i) => [`${prefix}LD${i}`, "B0001H244170001", borrowers[i % borrowers.length]!, 1_000_000 + i, 800_000, 0.0435, new Date("2017-01-15T00:00:00Z"), new Date("2019-01-15T00:00:00Z"), "流动资金周转", i % 2 ? "正常" : "关注", "保证", "否", "是"]);
  return { prefix, rows };
}
const csvOf = (rows: unknown[][]) => rows.map((r) => r.map((c) => (c instanceof Date ? c.toISOString().slice(0, 10) : (c ?? ""))).join(",")).join("\r\n") + "\r\n";
const loansWith = (prefix: string) => db.loan.count({ where: { contractNo: { startsWith: prefix } } });

type Part = [name: string, value: string | { bytes: Buffer; filename: string; type?: string }];
/** POSTs a multipart form (boundary and part headers by Node's FormData) as `as`. */
async function post(parts: Part[], query = "", as: string | null = "CBRC", headers: Record<string, string> = {}) {
  const form = new FormData();
  for (const [name, value] of parts) {
    if (typeof value === "string") form.append(name, value);
    else form.append(name, new Blob([new Uint8Array(value.bytes)], { type: value.type ?? "application/octet-stream" }), value.filename);
  }
  const res = await fetch(`${server.origin}/sheets/loans${query}`, { method: "POST", body: form, headers: { ...(as ? { authorization: `Bearer ${server.keys[as]}` } : {}), ...headers } });
  const bytes = Buffer.from(await res.arrayBuffer());
  const json = res.headers.get("content-type")?.startsWith("application/json") ? JSON.parse(bytes.toString("utf8")) : undefined;
  return { status: res.status, headers: res.headers, bytes, json };
}
const file = (bytes: Buffer, filename = "贷款月报.xlsx", type = XLSX): Part => ["file", { bytes, filename, type }];
const refusal = (res: { status: number; json: any }) => [res.status, res.json?.errors?.[0]?.extensions?.code, res.json?.errors?.[0]?.extensions?.field];

describe("a multipart upload", () => {
  it("writes an XLSX sent in the field `file`, as the raw body would", async () => {
    const { prefix, rows } = loanRows(6);
    const res = await post([file(await xlsxOf([HEADER, ...rows]))]);
    expect([res.status, res.json]).toEqual([200, { batch: "loans", dryRun: false, rows: 6, created: 6, updated: 0, unchanged: 0 }]);
    expect(await loansWith(prefix)).toBe(6);
  });

  it("reads a GB18030 CSV, and dryRun as a form field or in the query checks without writing", async () => {
    const { prefix, rows } = loanRows(4);
    const csv = iconv.encode(csvOf([HEADER, ...rows]), "gb18030");
    const asField = await post([["dryRun", "1"], file(csv, "贷款.csv", "text/csv")]);
    expect([asField.status, asField.json]).toEqual([200, { batch: "loans", dryRun: true, rows: 4, created: 4, updated: 0, unchanged: 0 }]);
    // the field after the file is read as well
    const after = await post([file(csv, "贷款.csv", "text/csv"), ["dryRun", "true"]]);
    expect(after.json.dryRun).toBe(true);
    const inQuery = await post([file(csv, "贷款.csv", "text/csv")], "?dryRun=1");
    expect(inQuery.json.dryRun).toBe(true);
    expect(await loansWith(prefix)).toBe(0);
    const real = await post([file(csv, "贷款.csv", "text/csv"), ["dryRun", "0"]]);
    expect([real.status, real.json.created]).toEqual([200, 4]);
    expect(await loansWith(prefix)).toBe(4);
    const stored = await db.loan.findFirstOrThrow({ where: { contractNo: `${prefix}LD1` } });
    expect([stored.purpose, stored.classification]).toEqual(["流动资金周转", "NORMAL"]);
  });

  it("sends a rejected file back annotated, or its problems as JSON when the form asks", async () => {
    const { prefix, rows } = loanRows(5);
    rows[2]![3] = -5;
    const body = await xlsxOf([HEADER, ...rows]);
    const copy = await post([file(body)]);
    expect([copy.status, copy.headers.get("content-type"), copy.headers.get("x-sheet-bad-rows")]).toEqual([422, XLSX, "1"]);
    const values = valuesOf(await readXlsx(copy.bytes));
    expect(values[0]!.at(-1)).toBe("问题 1");
    expect(values[3]!.slice(0, HEADER.length)).toEqual(rows[2]);
    expect(String(values[3]!.at(-1))).toContain("（amount）");
    const json = await post([["problems", "json"], file(body)]);
    expect(json.status).toBe(422);
    expect(json.json.errors[0].extensions.problems.map((p: { line: number; field: string }) => [p.line, p.field])).toEqual([[4, "amount"]]);
    expect(await loansWith(prefix)).toBe(0);
  });
});

describe("a multipart upload refused", () => {
  it("without a file part: 400 naming the field `file`, in Chinese by default and English when asked", async () => {
    const none = await post([["dryRun", "1"]], "", "CBRC", { "accept-language": "zh-CN" });
    expect(refusal(none)).toEqual([400, "BAD_USER_INPUT", "file"]);
    expect(none.json.errors[0].message).toContain("file 字段");
    const en = await post([["dryRun", "1"]], "", "CBRC", { "accept-language": "en" });
    expect(en.json.errors[0].message).toBe("The multipart form holds no file: put the XLSX or CSV file in the field `file` (curl -F file=@loans.xlsx)");
    // curl -F file=loans.xlsx (no @) sends the name as text
    expect(refusal(await post([["file", "loans.xlsx"]]))).toEqual([400, "BAD_USER_INPUT", "file"]);
    const empty = await post([file(Buffer.alloc(0))]);
    expect(refusal(empty)).toEqual([400, "BAD_USER_INPUT", "file"]);
  });

  it("with two files, a file in another field, an unknown or contradictory field: 400, nothing written", async () => {
    const { prefix, rows } = loanRows(2);
    const body = await xlsxOf([HEADER, ...rows]);
    const two = await post([file(body), file(body)]);
    expect(refusal(two)).toEqual([400, "BAD_USER_INPUT", "file"]);
    expect(two.json.errors[0].extensions.messages.en).toBe("The multipart form may hold only one file (the field `file`)");
    const other = await post([["upload", { bytes: body, filename: "a.xlsx" }]]);
    expect(refusal(other)).toEqual([400, "BAD_USER_INPUT", "file"]);
    expect(other.json.errors[0].message).toContain("upload");
    expect(refusal(await post([file(body), ["comment", "hi"]]))).toEqual([400, "BAD_USER_INPUT", "comment"]);
    expect(refusal(await post([file(body), ["dryRun", "maybe"]]))).toEqual([400, "BAD_USER_INPUT", "dryRun"]);
    expect(refusal(await post([file(body), ["dryRun", "0"]], "?dryRun=1"))).toEqual([400, "BAD_USER_INPUT", "dryRun"]);
    expect(refusal(await post([file(body), ["problems", "pdf"]]))).toEqual([400, "BAD_USER_INPUT", "problems"]);
    expect(await loansWith(prefix)).toBe(0);
  });

  it("with a file over MAX_SHEET_BYTES: 413 with the raw body's message", async () => {
    const big = Buffer.concat([Buffer.from(csvOf([HEADER])), Buffer.alloc(MAX + 1, 0x41)]);
    const res = await post([file(big, "big.csv", "text/csv")]);
    const raw = await sheetRequest(server, "/sheets/loans", { body: big, contentType: "text/csv" });
    expect([res.status, res.json.errors[0].extensions.code]).toEqual([413, "PAYLOAD_TOO_LARGE"]);
    expect([raw.status, raw.json.errors[0].extensions.code]).toEqual([413, "PAYLOAD_TOO_LARGE"]);
    expect(res.json.errors[0].message).toBe(raw.json.errors[0].message);
    expect(res.json.errors[0].message).toContain(String(MAX));
    // exactly at the limit is still read (its one "row" of AAAA… comes back marked, not refused for size)
    const atLimit = await post([file(big.subarray(0, MAX), "big.csv", "text/csv")]);
    expect(atLimit.status).toBe(422);
  });

  it("with what is not a spreadsheet, or without a key: refused as the raw body is", async () => {
    const png = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex");
    const notSheet = await post([file(png, "photo.png", "image/png")]);
    expect(refusal(notSheet)).toEqual([400, "BAD_USER_INPUT", undefined]);
    const brokenZip = await post([file(Buffer.concat([Buffer.from("PK\x03\x04"), Buffer.alloc(100, 7)]))]);
    expect([brokenZip.status, brokenZip.json.errors[0].message]).toEqual([400, expect.stringContaining("XLSX")]);
    const noKey = await post([file(await xlsxOf([HEADER, ...loanRows(1).rows]))], "", null);
    expect([noKey.status, noKey.json.errors[0].extensions.code]).toEqual([401, "UNAUTHENTICATED"]);
    const pboc = await post([file(await xlsxOf([HEADER, ...loanRows(1).rows]))], "", "PBOC");
    expect([pboc.status, pboc.json.errors[0].extensions.code]).toEqual([403, "FORBIDDEN"]);
  });
});
