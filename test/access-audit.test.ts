// The access audit: an entry per operation that returns data, hash-chained, written before the
// response leaves (no audit, no data), queryable, and telling owners who received their records.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import { newIdNumber } from "./helpers/factories.ts";
import { checkUscc, usccCheckChar } from "../src/enterprise/uscc.ts";
import { expandRecords } from "../src/access/audit/chain.ts";

let server: TestServer;
const db = () => server.running.db.prisma;
beforeAll(async () => {
  server = await startTestServer({ scale: 0.1 });
});
afterAll(() => server?.close());

const LOANS = `query AuditedLoans($n: Int!) { loans(first: $n) { nodes { id contractNo amount } } }`;

describe("the access audit", () => {
  it("writes one entry per operation that returns data, with resources, records, fields and redacted variables", async () => {
    const before = await db().auditEntry.count();
    const res = await server.gql(LOANS, { n: 3 }, "PBOC");
    const returned = res.body.data.loans.nodes.map((n: { id: string }) => Number(Buffer.from(n.id, "base64").toString().split(":")[1]));
    expect(await db().auditEntry.count()).toBe(before + 1);
    const entry = await db().auditEntry.findFirstOrThrow({ orderBy: { id: "desc" } });
    expect(entry).toMatchObject({
      agency: "PBOC",
      operationName: "AuditedLoans",
      documentHash: createHash("sha256").update(LOANS).digest("hex"),
      resources: ["debt.loans"],
      deniedFields: 0,
      requestId: res.headers.get("x-request-id"),
    });
    expect(expandRecords(entry.records).map((r) => [r.entityType, r.entityId, r.resource, [...r.fields].sort()]).sort()).toEqual(
      returned.sort().map((id: number) => ["Loan", id, "debt.loans", ["amount", "contractNo", "id"]]),
    );

    // Personal data in variables never reaches the log.
    await server.gql(`query($u: String!, $p: String) { enterprise(uscc: $u) { name } }`, { u: "91440300708461136T", p: "身份证441702198001011234 电话13812345678" }, "PBOC");
    const last = await db().auditEntry.findFirstOrThrow({ orderBy: { id: "desc" } });
    expect(JSON.stringify(last.variables)).not.toMatch(/441702198001011234|13812345678/);
  });

  it("redacts personal ID numbers from variables but keeps enterprise codes, all-digit ones too, and other numbers", async () => {
    // An all-digit USCC (which the ID-number pattern of 17 digits and a check character matches too).
    let allDigits = "";
    for (let n = 0; !/^\d{18}$/.test(allDigits); n++) {
      const body = `91441704${String(708461130 + n)}`;
      allDigits = body + usccCheckChar(body);
    }
    const idNumber = newIdNumber();
    // Mistyped check character (and not by chance a valid USCC, which would be kept).
    const mistyped = [..."0123456789X"].map((c) => idNumber.slice(0, 17) + c).find((m) => m !== idNumber && checkUscc(m) !== null)!;
    const note = `企业${allDigits}，法人身份证${idNumber}（或${mistyped}），合同号202612011234567890`;
    // The note is sent without being used: the audit stores every variable sent.
    await server.gql(`query($u: String!) { enterprise(uscc: $u) { name } }`, { u: allDigits, note }, "PBOC");
    const last = await db().auditEntry.findFirstOrThrow({ orderBy: { id: "desc" } });
    expect(last.variables).toEqual({ u: allDigits, note: `企业${allDigits}，法人身份证[id-number]（或[id-number]），合同号202612011234567890` });
  });

  it("counts denied fields and lists the entries of each agency to itself, all of them to FINANCE_BUREAU", async () => {
    // Loans are shared with DEVELOPMENT_REFORM on request only.
    await server.gql(`{ loans(first: 1) { nodes { amount } } }`, {}, "DEVELOPMENT_REFORM");
    const own = await server.gql(`{ auditEntries(first: 5) { agency deniedFields } }`, {}, "DEVELOPMENT_REFORM");
    expect(own.body.data.auditEntries[0]).toEqual({ agency: "DEVELOPMENT_REFORM", deniedFields: 1 });
    expect(own.body.data.auditEntries.every((e: { agency: string }) => e.agency === "DEVELOPMENT_REFORM")).toBe(true);
    // Every denied place counts, though the response reports the field once.
    const three = await server.gql(`{ enterprises(first: 3) { nodes { loans(first: 1) { nodes { amount } } } } }`, {}, "DEVELOPMENT_REFORM");
    expect(three.body.errors).toHaveLength(1);
    expect(three.body.errors![0]!.extensions).toMatchObject({ coordinate: "Enterprise.loans", count: 3 });
    const counted = await server.gql(`{ auditEntries(first: 5) { deniedFields } }`, {}, "DEVELOPMENT_REFORM");
    expect(counted.body.data.auditEntries[0]).toEqual({ deniedFields: 3 });
    const all = await server.gql(`{ auditEntries(first: 200) { agency } }`);
    expect(all.body.data.auditEntries.map((e: { agency: string }) => e.agency)).toEqual(expect.arrayContaining(["PBOC", "DEVELOPMENT_REFORM"]));
  });

  it("tells a record's owner who received it, when, which fields", async () => {
    const loan = await db().loan.findFirstOrThrow({ orderBy: { id: "asc" } });
    await server.gql(`query($c: String!) { loan(contractNo: $c) { amount classification } }`, { c: loan.contractNo }, "PBOC");
    const owner = await server.gql(`query($id: Int!) { recipients(entityType: "Loan", entityId: $id) { agency fields } }`, { id: loan.id }, "CBRC");
    expect(owner.body.data.recipients).toContainEqual({ agency: "PBOC", fields: ["amount", "classification"] });
    // Another agency learns nothing about who read the owner's records.
    const other = await server.gql(`query($id: Int!) { recipients(entityType: "Loan", entityId: $id) { agency } }`, { id: loan.id }, "PBOC");
    expect(other.body.data.recipients).toEqual([]);
  });

  it("fails the request, with no data, when the audit cannot be written", async () => {
    await db().$executeRawUnsafe(`ALTER TABLE audit_entry RENAME TO audit_entry_offline`);
    try {
      const res = await server.gql(LOANS, { n: 2 }, "PBOC");
      expect(res.status).toBe(503);
      expect(res.body.data).toBeUndefined();
      expect(res.body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: "AUDIT_UNAVAILABLE" }) })]);
      expect(JSON.stringify(res.body)).not.toMatch(/contractNo|amount/);
    } finally {
      await db().$executeRawUnsafe(`ALTER TABLE audit_entry_offline RENAME TO audit_entry`);
    }
    expect((await server.gql(LOANS, { n: 1 }, "PBOC")).status).toBe(200);
  });

  it("detects a tampered entry, a tampered record and a removed entry at that row", async () => {
    await server.gql(LOANS, { n: 2 }, "PBOC");
    await server.gql(LOANS, { n: 2 }, "CBRC");
    const verify = async () => (await server.gql(`{ verifyAuditChain { ok firstBrokenId reason } }`)).body.data.verifyAuditChain;
    expect(await verify()).toMatchObject({ ok: true, firstBrokenId: null });

    const victim = await db().auditEntry.findFirstOrThrow({ where: { agency: "PBOC" }, orderBy: { id: "asc" } });
    await db().$executeRawUnsafe(`UPDATE audit_entry SET principal_name = 'someone-else' WHERE id = $1`, victim.id);
    expect(await verify()).toMatchObject({ ok: false, firstBrokenId: String(victim.id) });
    await db().$executeRawUnsafe(`UPDATE audit_entry SET principal_name = $2 WHERE id = $1`, victim.id, victim.principalName);
    expect(await verify()).toMatchObject({ ok: true });

    // A record's fields, in the entry's stored records (one JSONB value per entry).
    const withRecords = await db().auditEntry.findFirstOrThrow({ where: { recordKeys: { isEmpty: false } }, orderBy: { id: "asc" } });
    await db().$executeRawUnsafe(`UPDATE audit_entry SET records = jsonb_set(records, '{0,fields}', '["amount"]') WHERE id = $1`, withRecords.id);
    expect(await verify()).toMatchObject({ ok: false, firstBrokenId: String(withRecords.id) });
    await db().$executeRawUnsafe(`UPDATE audit_entry SET records = $2::jsonb WHERE id = $1`, withRecords.id, JSON.stringify(withRecords.records));
    expect(await verify()).toMatchObject({ ok: true });
    // A record added to an entry, or its key
    await db().$executeRawUnsafe(`UPDATE audit_entry SET records = jsonb_set(records, '{0,ids}', (records #> '{0,ids}') || '[999999]') WHERE id = $1`, withRecords.id);
    expect(await verify()).toMatchObject({ ok: false, firstBrokenId: String(withRecords.id) });
    await db().$executeRawUnsafe(`UPDATE audit_entry SET records = $2::jsonb WHERE id = $1`, withRecords.id, JSON.stringify(withRecords.records));

    const middle = await db().auditEntry.findFirstOrThrow({ where: { agency: "CBRC" }, orderBy: { id: "desc" } });
    await db().$executeRawUnsafe(`DELETE FROM audit_entry WHERE id = $1`, middle.id);
    const broken = await verify();
    expect(broken).toMatchObject({ ok: false, firstBrokenId: String(middle.id) });
    expect(broken.reason).toMatch(/missing/);
  });
});
