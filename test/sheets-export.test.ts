// Lists downloaded as sheets: the same rows, masking and refusals as the graph gives the same
// caller, and an audit entry for every page sent.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "../src/generated/prisma/client.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import { readXlsx, sheetRequest, valuesOf, xlsxOf, XLSX } from "./helpers/sheets.ts";

let server: TestServer;
let db: PrismaClient;
beforeAll(async () => {
  server = await startTestServer({ scale: 0.02 });
  db = server.running.db.prisma;
  // More loans than one page of 500, uploaded as a sheet.
  const borrowers = (await db.enterprise.findMany({ orderBy: { id: "asc" }, take: 20, select: { uscc: true } })).map((e) => e.uscc);
  const rows = Array.from({ length: 600 }, (_, i) => [`EXP${process.pid}-${i}`, "B0001H244170001", borrowers[i % 20], 1000 + i, 500, 0.05, "2017-03-01", "2018-03-01", "经营周转", "正常"]);
  const file = await xlsxOf([["借款合同编号", "贷款银行机构编码", "借款人统一社会信用代码", "贷款金额（元）", "贷款余额（元）", "年利率", "发放日期", "到期日期", "贷款用途", "五级分类"], ...rows]);
  const res = await sheetRequest(server, "/sheets/loans", { as: "CBRC", body: file, contentType: XLSX });
  if (res.status !== 200) throw new Error(`seeding loans: ${res.status} ${res.bytes.toString().slice(0, 300)}`);
}, 300_000);
afterAll(() => server?.close());

const GRAPH_LOANS = `query ($first: Int!) { loans(first: $first) { totalCount nodes { contractNo borrower { uscc legalRepresentative { name idNumber } } amount startDate classification } } }`;

describe("GET /sheets/export/loans.xlsx", () => {
  it("gives FINANCE_BUREAU every loan the graph gives it, ID numbers masked as the graph masks them, and audits each page", async () => {
    const graph = await server.gql(GRAPH_LOANS, { first: 500 }, "FINANCE_BUREAU");
    const { totalCount, nodes } = graph.body.data.loans;
    expect(totalCount).toBeGreaterThan(500);
    const before = await db.auditEntry.count({ where: { operationName: "SheetsExportLoans" } });

    const res = await sheetRequest(server, "/sheets/export/loans.xlsx", { as: "FINANCE_BUREAU" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(XLSX);
    expect(res.headers.get("content-disposition")).toContain("loans.xlsx");
    const values = valuesOf(await readXlsx(res.bytes));
    const header = values[0]!;
    expect(header.slice(0, 7)).toEqual(["借款合同编号", "贷款银行机构编码", "贷款银行", "借款人统一社会信用代码", "借款人", "法定代表人", "法定代表人身份证号码"]);
    expect(values.length - 1).toBe(totalCount);
    const at = (name: string) => header.indexOf(name);
    for (const [i, node] of nodes.slice(0, 50).entries()) {
      const row = values[i + 1]!;
      expect(row[at("借款合同编号")]).toBe(node.contractNo);
      expect(row[at("贷款金额（元）")]).toBe(Number(node.amount));
      expect(row[at("发放日期")]).toBe(node.startDate);
      expect(row[at("五级分类")]).toBe(node.classification);
      expect(row[at("法定代表人身份证号码")] ?? null).toBe(node.borrower.legalRepresentative?.idNumber ?? null);
    }
    // Masked, not withheld: the graph's mask (person.identifiers is M for FINANCE_BUREAU).
    const ids = nodes.flatMap((n: any) => (n.borrower.legalRepresentative?.idNumber ? [n.borrower.legalRepresentative.idNumber] : []));
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(id).toMatch(/\*/);
    const stored = await db.person.findMany({ select: { idNumber: true } });
    const real = new Set(stored.map((p) => p.idNumber));
    for (const row of values.slice(1)) expect(real.has(String(row[at("法定代表人身份证号码")] ?? ""))).toBe(false);

    // One audit entry per page of 500, as the same paging through /graphql would leave.
    const pages = Math.ceil(totalCount / 500);
    await expect.poll(() => db.auditEntry.count({ where: { operationName: "SheetsExportLoans" } })).toBe(before + pages);
  }, 300_000);

  it("refuses an agency the policy does not let read loans, as the graph does", async () => {
    // Not shared at all: the list is not in CREDIT_PLATFORM's view of the graph.
    const hidden = await server.gql(GRAPH_LOANS, { first: 1 }, "CREDIT_PLATFORM");
    expect(hidden.body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    const res = await sheetRequest(server, "/sheets/export/loans.csv", { as: "CREDIT_PLATFORM" });
    expect(res.status).toBe(403);
    expect(res.json.errors[0].extensions.code).toBe("FORBIDDEN");
    // Conditional (有条件共享) without an approved request: the graph's own refusal, passed on.
    const conditional = await server.gql(GRAPH_LOANS, { first: 1 }, "FISCAL");
    const fiscal = await sheetRequest(server, "/sheets/export/loans.xlsx", { as: "FISCAL" });
    expect(fiscal.status).toBe(403);
    expect(fiscal.json.errors[0].extensions.code).toBe(conditional.body.errors![0]!.extensions!.code);
    expect(fiscal.json.errors[0].message).toBe(conditional.body.errors![0]!.message);
    const none = await sheetRequest(server, "/sheets/export/loans.xlsx", { as: null });
    expect(none.status).toBe(401);
    const unknown = await sheetRequest(server, "/sheets/export/secrets.xlsx", { as: "FINANCE_BUREAU" });
    expect(unknown.status).toBe(404);
    expect(unknown.json.errors[0].message).toContain("loans.xlsx");
  });

  it("gives a county only its own county's enterprises, as CSV", async () => {
    const graph = await server.gql(`{ enterprises(first: 500) { totalCount nodes { uscc county { name } } } }`, {}, "COUNTY:阳东区");
    const res = await sheetRequest(server, "/sheets/export/enterprises.csv", { as: "COUNTY:阳东区" });
    expect(res.status).toBe(200);
    const lines = res.bytes.subarray(3).toString("utf8").trim().split(/\r?\n/);
    expect(lines[0]!.split(",").slice(0, 4)).toEqual(["统一社会信用代码", "企业名称", "县区代码", "县区"]);
    expect(lines.length - 1).toBe(graph.body.data.enterprises.totalCount);
    expect(new Set(lines.slice(1).map((l) => l.split(",")[3]))).toEqual(new Set(["阳东区"]));
    // The ID numbers and phones the policy never shares with a county are withheld, column by column.
    expect(new Set(lines.slice(1).map((l) => l.split(",").slice(11, 13).join(",")))).toEqual(new Set(["（无权查看）,（无权查看）"]));
  }, 300_000);
});
