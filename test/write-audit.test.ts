// No unaudited write: a write and its audit entry commit together or not at all, and text the
// database cannot store (NUL, lone surrogates) is refused before anything runs, wherever it is.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import { send } from "./helpers/http.ts";
import { enterpriseInput, newIdNumber } from "./helpers/factories.ts";
import { expandRecords } from "../src/access/audit/chain.ts";

let server: TestServer;
const db = () => server.running.db.prisma;
beforeAll(async () => {
  server = await startTestServer({ scale: 0.02 });
});
afterAll(() => server?.close());

const UPSERT = `mutation Register($input: EnterpriseInput!, $key: String) {
  upsertEnterprise(input: $input, idempotencyKey: $key) { __typename ... on MutationUpsertEnterpriseSuccess { data { id uscc } } }
}`;
const OWNER = "MARKET_REGULATION";
const lastAuditId = async () => (await db().auditEntry.aggregate({ _max: { id: true } }))._max.id ?? 0n;
const written = async (uscc: string) => ({
  enterprises: await db().enterprise.count({ where: { uscc } }),
  history: await db().changeRecord.count({ where: { entityType: "Enterprise", entityKey: uscc } }),
});

describe("a write's own audit entry", () => {
  it("is stored with the write: who, which mutation, the input with personal data redacted, the records changed", async () => {
    const idNumber = newIdNumber();
    const input = enterpriseInput({ legalRepresentative: { name: "陈审计", idNumber, phone: "13800138000" } });
    const before = await lastAuditId();
    const res = await server.gql(UPSERT, { input }, OWNER);
    const id = Number(Buffer.from(res.body.data!.upsertEnterprise.data.id, "base64").toString().split(":")[1]);
    const entries = await db().auditEntry.findMany({ where: { id: { gt: before } }, orderBy: { id: "asc" } });
    // The write's entry, then the read entry of the response.
    expect(entries.map((e) => e.operationName)).toEqual(["Mutation.upsertEnterprise", "Register"]);
    const entry = entries[0]!;
    expect(entry).toMatchObject({ agency: OWNER, principalName: "demo-market_regulation", requestId: res.headers.get("x-request-id"), resources: ["enterprise.registration"], purpose: null });
    expect(entry.variables).toMatchObject({ uscc: input.uscc, name: input.name, county: "441704", registeredCapital: "5000000", establishedOn: "2015-03-01T00:00:00.000Z", legalRepresentative: "[redacted]" });
    expect(JSON.stringify(entry.variables)).not.toContain(idNumber);
    expect(expandRecords(entry.records).map((r) => [r.entityType, r.entityId, r.resource])).toEqual([["Enterprise", id, "enterprise.registration"]]);
    expect(expandRecords(entry.records)[0]!.fields).toEqual(expect.arrayContaining(["uscc", "name", "countyCode", "legalRepresentativeId"]));
    expect((await server.gql(`{ verifyAuditChain { ok reason } }`)).body.data!.verifyAuditChain).toEqual({ ok: true, reason: null });
  });

  it("rolls the write back when the entry cannot be stored, and the key stays free for the retry", async () => {
    // Make the audit insert of this one write fail for real: the database refuses the entry.
    await db().$executeRawUnsafe(`CREATE FUNCTION refuse_write_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.operation_name = 'Mutation.upsertEnterprise' AND NEW.variables::text LIKE '%审计拒收%' THEN RAISE EXCEPTION 'audit entry refused by the test'; END IF;
        RETURN NEW;
      END $$`);
    await db().$executeRawUnsafe(`CREATE TRIGGER refuse_write_audit BEFORE INSERT ON audit_entry FOR EACH ROW EXECUTE FUNCTION refuse_write_audit()`);
    const representative = { name: "陈回滚", idNumber: newIdNumber() };
    const input = enterpriseInput({ name: "审计拒收测试有限公司", legalRepresentative: representative });
    const key = `audit-refused-${input.uscc}`;
    try {
      const res = await server.gql(UPSERT, { input, key }, OWNER);
      expect(res.body.data?.upsertEnterprise ?? null).toBeNull();
      expect(res.body.errors).toHaveLength(1);
      expect(await written(input.uscc)).toEqual({ enterprises: 0, history: 0 });
      expect(await db().person.count({ where: { idNumber: representative.idNumber } })).toBe(0);
      expect(await db().idempotencyRecord.count({ where: { key } })).toBe(0);
    } finally {
      await db().$executeRawUnsafe(`DROP TRIGGER refuse_write_audit ON audit_entry`);
      await db().$executeRawUnsafe(`DROP FUNCTION refuse_write_audit()`);
    }
    const retry = await server.gql(UPSERT, { input, key }, OWNER);
    expect(retry.body.data!.upsertEnterprise.__typename).toBe("MutationUpsertEnterpriseSuccess");
    expect(await written(input.uscc)).toEqual({ enterprises: 1, history: 1 });
    expect((await server.gql(`{ verifyAuditChain { ok } }`)).body.data!.verifyAuditChain.ok).toBe(true);
  });
});

describe("text the database cannot store", () => {
  const refused = async (body: unknown, field: string, headers: Record<string, string> = {}, as = OWNER) => {
    const before = await lastAuditId();
    const res = await send(server, { body, as, headers });
    expect(res.status, res.text).toBe(400);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", rule: "storableText", field });
    expect(res.body.errors[0].message).toMatch(/cannot be stored/);
    expect(await lastAuditId()).toBe(before);
    return res.body.errors[0];
  };

  it("is refused in a variable the write uses, and nothing is written", async () => {
    for (const [name, what] of [["名称\u0000有限公司", /NUL/], ["名称\ud800有限公司", /lone surrogate/]] as const) {
      const input = enterpriseInput({ name });
      const error = await refused({ query: UPSERT, variables: { input } }, "variable $input.name");
      expect(error.message).toMatch(what);
      expect(await written(input.uscc)).toEqual({ enterprises: 0, history: 0 });
    }
    const rows = { input: enterpriseInput({ legalRepresentative: { name: "陈\udfff", idNumber: newIdNumber() } }) };
    await refused({ query: UPSERT, variables: rows }, "variable $input.legalRepresentative.name");
  });

  it("is refused in a variable the operation does not use, and in a key of the variables", async () => {
    const input = enterpriseInput();
    await refused({ query: UPSERT, variables: { input, note: "附言\u0000" } }, "variable $note");
    await refused({ query: UPSERT, variables: { input, extra: { "ke\u0000y": 1 } } }, "a key in variable $extra");
    expect(await written(input.uscc)).toEqual({ enterprises: 0, history: 0 });
  });

  it("is refused in a string literal of the document, naming the argument", async () => {
    const uscc = enterpriseInput().uscc;
    const inline = `mutation { upsertEnterprise(input: { uscc: "${uscc}", name: "内联\\u0000名称", county: "441704", industry: "C33", registeredCapital: "1.00", establishedOn: "2015-03-01" }) { __typename } }`;
    await refused({ query: inline }, 'argument input.name of field "upsertEnterprise"');
    expect(await written(uscc)).toEqual({ enterprises: 0, history: 0 });
  });

  it("is refused in a filter, as a variable or inline, instead of failing inside the database", async () => {
    await refused({ query: `query($n: String) { enterprises(first: 1, filter: { nameContains: $n }) { totalCount } }`, variables: { n: "阳\u0000" } }, "variable $n", {}, "PBOC");
    await refused({ query: `{ enterprises(first: 1, filter: { nameContains: "阳\\u0000" }) { totalCount } }` }, 'argument filter.nameContains of field "enterprises"', {}, "PBOC");
  });

  it("is refused in the stated purpose, which the audit stores", async () => {
    await refused({ query: `{ enterprises(first: 1) { totalCount } }` }, "header X-Purpose", { "x-purpose": `${encodeURIComponent("审查")}%00` }, "PBOC");
  });
});
