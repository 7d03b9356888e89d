// Bonds' payment schedules as a spreadsheet (issue 11 item 5): the rows of a bond are its whole new
// schedule, written by setBondSchedule's own write in the file's one transaction; bad rows come
// back marked (the item's rules, an unknown bond, a stale version, paid items), nothing written;
// dry runs; the bond's owner only (another agency: 403, nothing written).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import iconv from "iconv-lite";
import type { PrismaClient } from "../src/generated/prisma/client.ts";
import { onPostgres } from "./helpers/backend.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import { readXlsx, sheetRequest, valuesOf, xlsxOf, XLSX } from "./helpers/sheets.ts";

let server: TestServer;
let db: PrismaClient;
/** two PBOC bonds with no payment recorded, and one with payments */
let free: { code: string; issueDate: Date; maturityDate: Date; version: number }[];
let paid: { code: string; version: number };
beforeAll(async () => {
  server = await startTestServer({ scale: 0.02 });
  db = server.running.db.prisma;
  const select = { code: true, issueDate: true, maturityDate: true, version: true } as const;
  free = await db.bond.findMany({ where: { ownerAgency: "PBOC", schedule: { none: { payments: { some: {} } } } }, orderBy: { id: "asc" }, take: 2, select });
  paid = await db.bond.findFirstOrThrow({ where: { ownerAgency: "PBOC", schedule: { some: { payments: { some: {} } } } }, orderBy: { id: "asc" }, select: { code: true, version: true } });
  expect(free).toHaveLength(2);
});
afterAll(() => server?.close());

const HEADER = ["债券代码", "应付日期", "类别", "应付金额（元）", "版本号"];
const iso = (d: Date) => d.toISOString().slice(0, 10);
const csvOf = (rows: unknown[][]) => rows.map((r) => r.map((c) => (c instanceof Date ? iso(c) : (c ?? ""))).join(",")).join("\r\n") + "\r\n";
const send = (body: Buffer, as = "PBOC", query = "") => sheetRequest(server, `/sheets/bond-schedules${query}`, { as, body, contentType: body[0] === 0x50 ? XLSX : "text/csv" });
/** A schedule for a bond: a coupon a year after issue and the principal at maturity (a Date cell, as Excel keeps it). */
const rowsFor = (bond: (typeof free)[number], coupon: number) => {
  const couponDay = new Date(bond.issueDate.getTime() + 365 * 86_400_000);
  return [
    [bond.code, couponDay, "付息", coupon, null],
    [bond.code, bond.maturityDate, "还本", 100_000_000, null],
  ];
};
const scheduleOf = async (code: string) =>
  (await server.gql(`query($c: String!) { bond(code: $c) { version schedule { dueDate kind amountDue } } }`, { c: code }, "PBOC")).body.data.bond as { version: number; schedule: { dueDate: string; kind: string; amountDue: string }[] };

describe(`bond payment schedules as a sheet (${onPostgres ? "PostgreSQL" : "PGlite"})`, () => {
  it("has a template with the Chinese column names and the field names below them", async () => {
    const res = await sheetRequest(server, "/sheets/bond-schedules/template.xlsx", { as: "PBOC" });
    expect(res.status).toBe(200);
    const [names, fields] = valuesOf(await readXlsx(res.bytes));
    expect(names).toEqual(HEADER);
    expect(fields).toEqual(["code", "items.dueDate", "items.kind", "items.amountDue", "expectedVersion"]);
  });

  it("replaces each bond's schedule with its rows, from XLSX and from GB18030 CSV, read back through GraphQL", async () => {
    const [a, b] = free as [(typeof free)[number], (typeof free)[number]];
    const res = await send(await xlsxOf([HEADER, ...rowsFor(a, 4_500_000), ...rowsFor(b, 3_000_000)]));
    expect(res.json.errors ?? null).toBeNull();
    expect(res.json).toEqual({ batch: "bond-schedules", dryRun: false, rows: 4, created: 0, updated: 2, unchanged: 0 });
    const after = await scheduleOf(a.code);
    expect(after.version).toBe(a.version + 1);
    expect(after.schedule.map((i) => [i.kind, i.amountDue])).toEqual([
      ["COUPON", "4500000"],
      ["PRINCIPAL", "100000000"],
    ]);
    expect(after.schedule[1]!.dueDate).toBe(iso(a.maturityDate));
    // One audit entry, the mutation's, for the whole file.
    const audit = await db.auditEntry.count({ where: { operationName: "Mutation.setBondSchedule" } });
    expect(audit).toBeGreaterThan(0);

    // The same schedule again as GB18030 CSV: unchanged; a re-priced coupon with the version read: updated.
    expect((await send(iconv.encode(csvOf([HEADER, ...rowsFor(a, 4_500_000)]), "gb18030"))).json).toMatchObject({ rows: 2, updated: 0, unchanged: 1 });
    const repriced = rowsFor(a, 4_600_000).map((r) => [...r.slice(0, 4), after.version]);
    expect((await send(iconv.encode(csvOf([HEADER, ...repriced]), "gb18030"))).json).toMatchObject({ updated: 1, unchanged: 0 });
    expect((await scheduleOf(a.code)).schedule[0]!.amountDue).toBe("4600000");
  });

  it("sends bad rows back marked, lists them as JSON with their lines, and writes nothing", async () => {
    const [a, b] = free as [(typeof free)[number], (typeof free)[number]];
    const before = [await scheduleOf(a.code), await scheduleOf(b.code)];
    const history = await db.changeRecord.count();
    const rows: unknown[][] = [
      ...rowsFor(a, 1), // lines 2–3: fine
      [a.code, new Date(a.maturityDate.getTime() + 86_400_000), "付息", 10, null], // line 4: after maturity
      [a.code, a.maturityDate, "还本", 5, null], // line 5: the principal of line 3 again
      [b.code, b.maturityDate, "利息", 1, null], // line 6: no such kind
      [b.code, b.maturityDate, "还本", -1, null], // line 7: negative
      ["NO-SUCH-BOND", a.maturityDate, "还本", 1, null], // line 8: unknown bond
      [paid.code, a.maturityDate, "还本", 1, paid.version + 5], // line 9: stale version
    ];
    const res = await send(await xlsxOf([HEADER, ...rows]));
    expect(res.status).toBe(422);
    expect(res.headers.get("x-sheet-bad-rows")).toBe("6");
    const values = valuesOf(await readXlsx(res.bytes));
    expect(values.flatMap((row, i) => (i >= 1 && row[HEADER.length] ? [i + 1] : []))).toEqual([4, 5, 6, 7, 8, 9]);

    const json = await send(await xlsxOf([HEADER, ...rows]), "PBOC", "?problems=json");
    const problems = (json.json.errors[0].extensions.problems as { line: number; field: string; rule: string }[]).map((p) => [p.line, p.field, p.rule]);
    expect(problems).toEqual([
      [4, "items.dueDate", "withinTerm"],
      [5, "items.dueDate", "unique"],
      [6, "items.kind", "oneOf"],
      [7, "items.amountDue", expect.any(String)],
      [8, "code", "exists"],
      [9, "expectedVersion", "version"],
    ]);
    expect([await scheduleOf(a.code), await scheduleOf(b.code)]).toEqual(before);
    expect(await db.changeRecord.count()).toBe(history);
  });

  it("validates only on a dry run, and refuses an agency that owns no bond (403, nothing written)", async () => {
    const [a] = free as [(typeof free)[number]];
    const before = await scheduleOf(a.code);
    const dry = await send(await xlsxOf([HEADER, ...rowsFor(a, 7_000_000)]), "PBOC", "?dryRun=1");
    expect(dry.json).toMatchObject({ dryRun: true, rows: 2, updated: 1 });
    expect(await scheduleOf(a.code)).toEqual(before);
    const refused = await send(await xlsxOf([HEADER, ...rowsFor(a, 7_000_000)]), "CBRC");
    expect(refused.status).toBe(403);
    expect(refused.json.errors[0].extensions.code).toBe("FORBIDDEN");
    expect(await scheduleOf(a.code)).toEqual(before);
  });
});
