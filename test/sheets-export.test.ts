// Lists downloaded as sheets: the same rows, masking and refusals as the graph gives the same
// caller, and an audit entry for every page sent.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "../src/generated/prisma/client.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import { readXlsx, sheetRequest, valuesOf, xlsxOf, XLSX } from "./helpers/sheets.ts";
import { readFileSync } from "node:fs";
import { getNamedType } from "graphql";
import { parse as parseCsv } from "csv-parse/sync";
import { schema } from "../src/schema.ts";
import { CELL_JOIN, CURATED_LISTS, LISTS, type SheetList } from "../src/sheets/lists.ts";
import { GENERATED_LISTS } from "../src/sheets/lists.generated.ts";
import { deriveLists, listsModule } from "../src/sheets/derive-lists.ts";

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

// The lists derived from the schema (src/sheets/derive-lists.ts): every root connection.
/** The list's own registered query, as a client would send it to /graphql. */
const graphQueryOf = (list: SheetList) => readFileSync(new URL(`../clients/sheets/derived/${list.name}.graphql`, import.meta.url), "utf8");
const csvRows = (bytes: Buffer): string[][] => parseCsv(bytes, { bom: true, relax_column_count: false });
const WITHHELD = "（无权查看）";

/** A cell as the CSV writes the graph's value: null empty, a list joined with 、, booleans true/false. */
function asCsv(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.join(CELL_JOIN);
  return String(value);
}

/** The graph's answer for the list's first page, as the cells of each row (withheld where it sent an error). */
async function graphRows(list: SheetList, as: string): Promise<{ totalCount: number; rows: string[][]; errors: number }> {
  const page = await server.gql(graphQueryOf(list), { first: 500, after: null }, as);
  expect(page.body.data?.[list.connection], `${list.name} for ${as}: ${JSON.stringify(page.body.errors?.[0])}`).toBeTruthy();
  const denied = new Set((page.body.errors ?? []).map((e) => (e.path ?? []).join(".")));
  const { nodes, pageInfo } = (page.body.data as any)[list.connection] as { nodes: Record<string, unknown>[]; pageInfo: { hasNextPage: boolean } };
  // One page is the whole list; past it, the connection's count.
  const totalCount = pageInfo.hasNextPage ? (await server.gql(`{ ${list.connection}(first: 1) { totalCount } }`, {}, as)).body.data[list.connection].totalCount : nodes.length;
  const rows = nodes.map((node, i) =>
    list.columns.map((c) => {
      const parts = c.path.split(".");
      if (parts.some((_, k) => denied.has(`${list.connection}.nodes.${i}.${parts.slice(0, k + 1).join(".")}`))) return WITHHELD;
      return asCsv(parts.reduce<any>((v, key) => (v && typeof v === "object" ? v[key] : null), node));
    }),
  );
  return { totalCount, rows, errors: denied.size };
}

describe("lists derived from the schema", () => {
  it("covers every root connection, and each downloads as CSV for FINANCE_BUREAU: Chinese headers, the graph's rows and cells", async () => {
    const connections = Object.values(schema.getQueryType()!.getFields()).filter((f) => /^Query\w+Connection$/.test(getNamedType(f.type).name)).map((f) => f.name);
    expect(new Set(LISTS.map((l) => l.connection))).toEqual(new Set(connections));
    expect(GENERATED_LISTS.length).toBe(connections.length - CURATED_LISTS.length);
    // The committed lists are what the schema now gives (npm run operations:publish).
    const derived = deriveLists(schema, CURATED_LISTS);
    expect(readFileSync(new URL("../src/sheets/lists.generated.ts", import.meta.url), "utf8")).toBe(listsModule(derived));
    for (const d of derived.documents) expect(readFileSync(new URL(`../clients/sheets/derived/${d.file}`, import.meta.url), "utf8")).toBe(d.text);

    const index = await sheetRequest(server, "/sheets/export", { as: "FINANCE_BUREAU" });
    expect(index.status).toBe(200);
    expect(index.json.lists.map((l: any) => l.name)).toEqual(LISTS.map((l) => l.name));
    const debts = index.json.lists.find((l: any) => l.name === "government-debts");
    expect(debts).toEqual({ name: "government-debts", title: { zh: "地方政府债务清单", en: "Local government debt items" }, curated: false, xlsx: "/sheets/export/government-debts.xlsx", csv: "/sheets/export/government-debts.csv" });

    // The Chinese names come from the descriptions' terms (an English description's words where it has none).
    expect(GENERATED_LISTS.find((l) => l.name === "government-debts")!.columns.slice(0, 4).map((c) => c.zh)).toEqual(["债务编号", "债务余额（元）", "债务单位", "距到期天数"]);
    expect(GENERATED_LISTS.find((l) => l.name === "deleveraging-plans")!.columns.filter((c) => c.path.includes(".")).map((c) => c.zh)).toEqual(["实施企业统一社会信用代码", "实施企业名称", "牵头银行机构编码", "牵头银行名称"]);
    const counts: Record<string, number> = {};
    for (const list of GENERATED_LISTS) {
      const res = await sheetRequest(server, `/sheets/export/${list.name}.csv`, { as: "FINANCE_BUREAU" });
      expect(res.status, `${list.name}: ${res.bytes.toString().slice(0, 300)}`).toBe(200);
      expect(res.headers.get("content-disposition")).toContain(`${list.name}.csv`);
      const [header, ...rows] = csvRows(res.bytes);
      expect(header).toEqual(list.columns.map((c) => c.zh));
      const graph = await graphRows(list, "FINANCE_BUREAU");
      expect(rows.length, list.name).toBe(graph.totalCount);
      expect(rows.slice(0, graph.rows.length), list.name).toEqual(graph.rows);
      counts[list.name] = rows.length;
    }
    // The seed fills most lists; an empty one would prove little.
    expect(Object.values(counts).filter((n) => n > 0).length).toBeGreaterThan(GENERATED_LISTS.length * 0.7);
  }, 300_000);

  it("writes decimals as numbers in XLSX", async () => {
    const list = GENERATED_LISTS.find((l) => l.name === "government-debts")!;
    const res = await sheetRequest(server, "/sheets/export/government-debts.xlsx", { as: "FINANCE_BUREAU" });
    expect(res.status).toBe(200);
    const values = valuesOf(await readXlsx(res.bytes));
    const graph = await graphRows(list, "FINANCE_BUREAU");
    expect(values.length - 1).toBe(graph.totalCount);
    const at = list.columns.findIndex((c) => c.path === "balance");
    expect(values.slice(1, 21).map((r) => r[at])).toEqual(graph.rows.slice(0, 20).map((r) => Number(r[at])));
  });

  it("masks and withholds a generated list's cells exactly as the graph does, and keeps a county to its own rows", async () => {
    // Complaints for a county: the complainant's ID number and phone masked (supervision.complainant is M).
    const complaints = GENERATED_LISTS.find((l) => l.name === "complaints")!;
    const res = await sheetRequest(server, "/sheets/export/complaints.csv", { as: "COUNTY:江城区" });
    expect(res.status).toBe(200);
    const [, ...rows] = csvRows(res.bytes);
    const graph = await graphRows(complaints, "COUNTY:江城区");
    expect(rows.length).toBe(graph.totalCount);
    expect(rows).toEqual(graph.rows);
    const col = (path: string) => complaints.columns.findIndex((c) => c.path === path);
    const ids = rows.map((r) => r[col("complainantIdNumber")]!).filter(Boolean);
    const phones = rows.map((r) => r[col("complainantPhone")]!).filter(Boolean);
    expect(ids.length).toBeGreaterThan(0);
    expect(phones.length).toBeGreaterThan(0);
    for (const v of [...ids, ...phones]) expect(v).toMatch(/\*/);
    const stored = await db.complaint.findMany({ select: { complainantIdNumber: true, complainantPhone: true } });
    const real = new Set(stored.flatMap((c) => [c.complainantIdNumber, c.complainantPhone]).filter(Boolean));
    for (const v of [...ids, ...phones]) expect(real.has(v)).toBe(false);
    expect(new Set(rows.map((r) => r[col("county.name")]))).toEqual(new Set(["江城区"]));
    const all = await db.complaint.count({ where: { retiredAt: null } });
    expect(rows.length).toBeLessThan(all);

    // Actual controllers for a county: the person's name, but not the ID number (person.identifiers
    // is not shared with counties: the graph refuses the field outright).
    const controllers = GENERATED_LISTS.find((l) => l.name === "actual-controllers")!;
    const hidden = await server.gql(`{ actualControllers(first: 1) { nodes { person { idNumber } } } }`, {}, "COUNTY:阳东区");
    expect(hidden.body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    const own = await server.gql(`{ actualControllers(first: 500) { totalCount nodes { person { name } } } }`, {}, "COUNTY:阳东区");
    const sheet = await sheetRequest(server, "/sheets/export/actual-controllers.csv", { as: "COUNTY:阳东区" });
    expect(sheet.status).toBe(200);
    const [, ...people] = csvRows(sheet.bytes);
    expect(people.length).toBe(own.body.data.actualControllers.totalCount);
    expect(people.length).toBeGreaterThan(0);
    const at = (path: string) => controllers.columns.findIndex((c) => c.path === path);
    expect(new Set(people.map((r) => r[at("person.idNumber")]))).toEqual(new Set([WITHHELD]));
    expect(people.map((r) => r[at("person.name")])).toEqual(own.body.data.actualControllers.nodes.map((n: any) => n.person?.name ?? ""));
  }, 120_000);

  it("refuses a list the agency may not read at all, and leaves it out of the index", async () => {
    // government.debt and debt.trustProducts are not shared with the credit platform.
    const hidden = await server.gql(`{ governmentDebts(first: 1) { totalCount } }`, {}, "CREDIT_PLATFORM");
    expect(hidden.body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    for (const name of ["government-debts", "trust-products"]) {
      const res = await sheetRequest(server, `/sheets/export/${name}.xlsx`, { as: "CREDIT_PLATFORM" });
      expect(res.status).toBe(403);
      expect(res.json.errors[0].extensions.code).toBe("FORBIDDEN");
    }
    const index = await sheetRequest(server, "/sheets/export", { as: "CREDIT_PLATFORM", headers: { "accept-language": "zh" } });
    expect(index.status).toBe(200);
    const names = index.json.lists.map((l: any) => l.name);
    expect(names).toEqual(expect.arrayContaining(["dishonesty-records", "enterprises", "institutions"]));
    for (const name of ["government-debts", "trust-products", "loans", "complaints"]) expect(names).not.toContain(name);
    expect((await sheetRequest(server, "/sheets/export", { as: null })).status).toBe(401);
    // The 404 names the derived lists too.
    const unknown = await sheetRequest(server, "/sheets/export/government-debt.csv", { as: "FINANCE_BUREAU", headers: { "accept-language": "zh" } });
    expect(unknown.status).toBe(404);
    expect(unknown.json.errors[0].message).toContain("没有名为 government-debt.csv 的可下载清单");
    expect(unknown.json.errors[0].message).toContain("government-debts.xlsx");
  });

  it("audits a generated list's download: one entry per page", async () => {
    // Reported indicator values outnumber one page of 500 in the seed.
    const list = GENERATED_LISTS.find((l) => l.name === "indicator-values")!;
    const total = (await server.gql(`{ indicatorValues(first: 1) { totalCount } }`, {}, "PBOC")).body.data.indicatorValues.totalCount;
    expect(total).toBeGreaterThan(500);
    const before = await db.auditEntry.count({ where: { operationName: list.operation, agency: "PBOC" } });
    const res = await sheetRequest(server, "/sheets/export/indicator-values.xlsx", { as: "PBOC" });
    expect(res.status).toBe(200);
    expect(valuesOf(await readXlsx(res.bytes)).length - 1).toBe(total);
    await expect.poll(() => db.auditEntry.count({ where: { operationName: list.operation, agency: "PBOC" } })).toBe(before + Math.ceil(total / 500));
  });
});
