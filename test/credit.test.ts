import { AS_OF } from "../src/seed/calendar.ts";
import { expectNotCallable, expectUnknownField } from "./helpers/attack.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DishonestyRecord, Prisma } from "../src/generated/prisma/client.ts";
import { startTestServer, type GraphQLResponse, type TestServer } from "./helpers/server.ts";
import { newIdNumber } from "./helpers/factories.ts";
import {
  AddPunishmentMeasureDocument,
  ChangeDishonestyStatusDocument,
  CountyDishonestyRecordDocument,
  CountyDishonestyRecordsDocument,
  DeleteDishonestyRecordDocument,
  DishonestyNodeDocument,
  DishonestyRecordCountsDocument,
  DishonestyRecordDocument,
  DishonestyRecordsDocument,
  EnterpriseCreditDocument,
  EnterprisesOnDishonestyListDocument,
  PersonDishonestyDocument,
  UpsertCreditEvaluationDocument,
  UpsertDishonestyRecordDocument,
  type DishonestyRecordInput,
  type DishonestyRecordsQuery,
} from "./generated/graphql.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ scale: 0.1 });
});
afterAll(() => server?.close());

const OWNER = "DEVELOPMENT_REFORM";
const YANGDONG = "COUNTY:阳东区";
const db = () => server.running.db.prisma;
const iso = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);
/** the business date of a demo database: the dataset's as-of date (src/clock.ts) */
const today = () => AS_OF;
const live: Prisma.DishonestyRecordWhereInput = { deletedAt: null };

/** The counter and the size of the change log: every write moves both by exactly one. */
async function sequenceState() {
  const [row] = await db().$queryRaw<{ value: bigint }[]>`SELECT value FROM change_counter WHERE name = 'dishonesty'`;
  return { counter: BigInt(row!.value), logRows: await db().dishonestyRecordChange.count() };
}

const isActive = (r: Pick<DishonestyRecord, "status" | "expiresOn">) => r.status === "ACTIVE" && (r.expiresOn === null || r.expiresOn >= today());

let docCounter = 0;
const badCheckChar = (id: string) => id.slice(0, 17) + (id[17] === "1" ? "2" : "1");
const newDocumentNo = () => `阳测失信〔2018〕${process.pid}-${++docCounter}号`;

/** A seeded enterprise of 阳东区 with no dishonesty record at all. */
async function cleanEnterprise() {
  const e = await db().enterprise.findFirstOrThrow({ where: { countyCode: "441704", dishonestyRecords: { none: {} }, retiredAt: null }, orderBy: { id: "asc" } });
  return e;
}

async function recordInput(overrides: Partial<DishonestyRecordInput> = {}): Promise<DishonestyRecordInput> {
  return {
    documentNo: newDocumentNo(),
    enterprise: (await cleanEnterprise()).uscc,
    list: "TAX_VIOLATION",
    sourceAgency: "国家税务总局阳江市税务局",
    decidedBy: "国家税务总局阳江市税务局稽查局",
    reason: "虚开增值税专用发票，涉及税额120万元",
    listedOn: "2018-10-15",
    expiresOn: "2021-10-15",
    ...overrides,
  };
}

async function create(overrides: Partial<DishonestyRecordInput> = {}) {
  const input = await recordInput(overrides);
  const res = await server.gql(UpsertDishonestyRecordDocument, { input }, OWNER);
  const result = res.body.data!.upsertDishonestyRecord!;
  if (result.__typename !== "MutationUpsertDishonestyRecordSuccess") throw new Error(JSON.stringify(res.body));
  return { input, record: result.data! };
}

describe("dishonesty records: reads", () => {
  it("looks a record up by document number with its subject, county and measures", async () => {
    const r = await db().dishonestyRecord.findFirstOrThrow({
      where: { subjectType: "ENTERPRISE", status: "ACTIVE", measures: { some: {} } },
      include: { enterprise: true, measures: { orderBy: [{ appliedOn: "asc" }, { id: "asc" }] } },
    });
    const res = await server.gql(DishonestyRecordDocument, { documentNo: r.documentNo });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.dishonestyRecord).toMatchObject({
      documentNo: r.documentNo,
      subjectType: "ENTERPRISE",
      list: r.list,
      sourceAgency: r.sourceAgency,
      decidedBy: r.decidedBy,
      reason: r.reason,
      listedOn: iso(r.listedOn),
      expiresOn: iso(r.expiresOn),
      status: "ACTIVE",
      isActive: isActive(r),
      changeSeq: r.changeSeq.toString(),
      deletedAt: null,
      county: { code: r.countyCode },
      enterprise: { uscc: r.enterprise!.uscc, name: r.enterprise!.name },
      person: null,
      measures: r.measures.map((m) => ({ agency: m.agency, measure: m.measure, appliedOn: iso(m.appliedOn) })),
    });
  });

  it("derives isActive from the status and today's date, so a lapsed ACTIVE record is not active", async () => {
    const res = await server.gql(DishonestyRecordsDocument, { first: 500, filter: { status: ["ACTIVE"] } });
    const rows = await db().dishonestyRecord.findMany({ where: { ...live, status: "ACTIVE" }, orderBy: { id: "asc" }, take: 500 });
    expect(res.body.data!.dishonestyRecords!.nodes!.map((n) => [n!.documentNo, n!.isActive])).toEqual(rows.map((r) => [r.documentNo, isActive(r)]));
    const repaired = await server.gql(DishonestyRecordsDocument, { first: 20, filter: { status: ["REPAIRED", "REVOKED"] } });
    expect(repaired.body.data!.dishonestyRecords!.nodes!.every((n) => n!.isActive === false)).toBe(true);
  });

  it("filters by list, status, subject type, county, listing dates and enterprise", async () => {
    const filter = { list: ["COURT_JUDGMENT_DEBTOR", "TAX_VIOLATION"] as const, status: ["ACTIVE"] as const, subjectType: "ENTERPRISE" as const, county: "阳东区" };
    const res = await server.gql(DishonestyRecordsDocument, { first: 500, filter: { ...filter, list: [...filter.list], status: [...filter.status] } });
    const expected = await db().dishonestyRecord.findMany({
      where: { ...live, list: { in: [...filter.list] }, status: "ACTIVE", subjectType: "ENTERPRISE", countyCode: "441704" },
      orderBy: { id: "asc" },
    });
    expect(expected.length).toBeGreaterThan(0);
    expect(res.body.data!.dishonestyRecords!.totalCount).toBe(expected.length);
    expect(res.body.data!.dishonestyRecords!.nodes!.map((n) => n!.documentNo)).toEqual(expected.map((r) => r.documentNo));

    const ranged = await server.gql(DishonestyRecordsDocument, { first: 500, filter: { listedOn: { from: "2017-01-01", to: "2017-06-30" } } });
    const inRange = await db().dishonestyRecord.count({ where: { ...live, listedOn: { gte: new Date("2017-01-01"), lte: new Date("2017-06-30") } } });
    expect(ranged.body.data!.dishonestyRecords!.totalCount).toBe(inRange);

    const firm = await db().dishonestyRecord.findFirstOrThrow({ where: { subjectType: "ENTERPRISE" }, include: { enterprise: true } });
    const byFirm = await server.gql(DishonestyRecordsDocument, { first: 50, filter: { enterprise: firm.enterprise!.uscc } });
    const firmRows = await db().dishonestyRecord.findMany({ where: { ...live, enterpriseId: firm.enterpriseId }, orderBy: { id: "asc" } });
    expect(byFirm.body.data!.dishonestyRecords!.nodes!.map((n) => n!.documentNo)).toEqual(firmRows.map((r) => r.documentNo));

    const bad = await server.gql(DishonestyRecordsDocument, { first: 5, filter: { enterprise: "91440300708461136X" } });
    expect(bad.body.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "filter.enterprise", rule: "uscc.checksum" });
  });

  it("orders by listing date and pages by expiry date (undated last) without skipping or repeating", async () => {
    const byListing = await server.gql(DishonestyRecordsDocument, { first: 500, orderBy: [{ field: "LISTED_ON", direction: "DESC" }] });
    const expected = await db().dishonestyRecord.findMany({ where: live, orderBy: [{ listedOn: "desc" }, { id: "asc" }], take: 500 });
    expect(byListing.body.data!.dishonestyRecords!.nodes!.map((n) => n!.documentNo)).toEqual(expected.map((r) => r.documentNo));

    const orderBy = [{ field: "EXPIRES_ON" as const, direction: "ASC" as const }];
    const all = await server.gql(DishonestyRecordsDocument, { first: 500, orderBy });
    const paged: string[] = [];
    let after: string | null | undefined = null;
    for (let page = 0; page < 20; page++) {
      const res: GraphQLResponse<DishonestyRecordsQuery> = await server.gql(DishonestyRecordsDocument, { first: 40, after, orderBy });
      const page_ = res.body.data!.dishonestyRecords!;
      paged.push(...page_.nodes!.map((n) => n!.documentNo!));
      after = page_.pageInfo.endCursor;
      if (!page_.pageInfo.hasNextPage) break;
    }
    const sorted = await db().dishonestyRecord.findMany({ where: live, orderBy: [{ expiresOn: { sort: "asc", nulls: "last" } }, { id: "asc" }] });
    expect(all.body.data!.dishonestyRecords!.nodes!.map((n) => n!.documentNo)).toEqual(sorted.slice(0, 500).map((r) => r.documentNo));
    expect(paged).toEqual(sorted.map((r) => r.documentNo));
  });

  it("counts by list and status, and by county and subject type, exactly as SQL does", async () => {
    const res = await server.gql(DishonestyRecordCountsDocument, { groupBy: ["LIST", "STATUS"] });
    const sql = await db().$queryRaw<{ list: string; status: string; count: number }[]>`
      SELECT list::text AS list, status::text AS status, COUNT(*)::int AS count FROM dishonesty_record WHERE deleted_at IS NULL GROUP BY 1, 2`;
    const key = (g: { list?: string | null; status?: string | null; countyCode?: string | null; subjectType?: string | null }) => `${g.list}/${g.status}/${g.countyCode}/${g.subjectType}`;
    const got = res.body.data!.dishonestyRecordCounts!.map((g) => [key(g), g.count]).sort();
    expect(got).toEqual(sql.map((g) => [key({ ...g, countyCode: null, subjectType: null }), g.count]).sort());

    const filtered = await server.gql(DishonestyRecordCountsDocument, { groupBy: ["COUNTY", "SUBJECT_TYPE"], filter: { listedOn: { from: "2016-01-01" }, list: ["COURT_JUDGMENT_DEBTOR"] } });
    const sql2 = await db().$queryRaw<{ county_code: string; subject_type: string; count: number }[]>`
      SELECT county_code, subject_type::text AS subject_type, COUNT(*)::int AS count FROM dishonesty_record
      WHERE deleted_at IS NULL AND listed_on >= '2016-01-01' AND list = 'COURT_JUDGMENT_DEBTOR' GROUP BY 1, 2`;
    expect(filtered.body.data!.dishonestyRecordCounts!.map((g) => [key(g), g.count]).sort()).toEqual(
      sql2.map((g) => [key({ list: null, status: null, countyCode: g.county_code, subjectType: g.subject_type }), g.count]).sort(),
    );
  });

  it("tells for a page of enterprises, in one batched query, which are on a list today", async () => {
    const res = await server.gql(EnterprisesOnDishonestyListDocument, { first: 200 });
    const nodes = res.body.data!.enterprises!.nodes!;
    const records = await db().dishonestyRecord.findMany({ where: { ...live, status: "ACTIVE", enterprise: { uscc: { in: nodes.map((n) => n!.uscc!) } } }, include: { enterprise: true } });
    const listed = new Set(records.filter(isActive).map((r) => r.enterprise!.uscc));
    expect(nodes.map((n) => [n!.uscc, n!.isOnDishonestyList])).toEqual(nodes.map((n) => [n!.uscc, listed.has(n!.uscc!)]));
    expect(listed.size).toBeGreaterThan(0);
    const small = await server.gql(EnterprisesOnDishonestyListDocument, { first: 5 });
    expect(small.body.extensions!.statements).toBe(res.body.extensions!.statements);
  });

  it("links an enterprise to its records and credit evaluations, and a person to theirs", async () => {
    const evaluated = await db().enterprise.findFirstOrThrow({ where: { creditEvaluations: { some: {} }, dishonestyRecords: { some: {} } }, include: { creditEvaluations: { orderBy: [{ evaluatedOn: "desc" }, { id: "asc" }] } } });
    const res = await server.gql(EnterpriseCreditDocument, { uscc: evaluated.uscc });
    const e = res.body.data!.enterprise!;
    const records = await db().dishonestyRecord.findMany({ where: { ...live, enterpriseId: evaluated.id }, orderBy: [{ listedOn: "asc" }, { id: "asc" }] });
    expect(e.dishonestyRecords!.nodes!.map((n) => n!.documentNo)).toEqual(records.map((r) => r.documentNo));
    expect(e.creditEvaluations!.nodes).toEqual(
      evaluated.creditEvaluations.map((c) => ({
        grade: c.grade,
        evaluator: c.evaluator,
        evaluatedOn: iso(c.evaluatedOn),
        validUntil: iso(c.validUntil),
        isValid: c.evaluatedOn <= today() && c.validUntil >= today(),
        version: c.version,
      })),
    );

    const personRecord = await db().dishonestyRecord.findFirstOrThrow({ where: { subjectType: "PERSON" }, include: { person: { include: { dishonestyRecords: { where: live, orderBy: { id: "asc" } } } } } });
    // The subject's ID number is in clear for the owner (DEVELOPMENT_REFORM); others read it masked (test/policy).
    const person = await server.gql(PersonDishonestyDocument, { documentNo: personRecord.documentNo }, "DEVELOPMENT_REFORM");
    expect(person.body.data!.dishonestyRecord!.person).toEqual({
      idNumber: personRecord.person!.idNumber,
      dishonestyRecords: { nodes: personRecord.person!.dishonestyRecords.map((r) => ({ documentNo: r.documentNo })) },
    });
  });

  it("costs the same number of SQL statements for a page of 5 and of 50 with nested relations", async () => {
    const five = await server.gql(DishonestyRecordsDocument, { first: 5 });
    const fifty = await server.gql(DishonestyRecordsDocument, { first: 50 });
    expect(fifty.body.data!.dishonestyRecords!.nodes).toHaveLength(50);
    expect(fifty.body.data!.dishonestyRecords!.nodes!.some((n) => n!.person) && fifty.body.data!.dishonestyRecords!.nodes!.some((n) => n!.enterprise)).toBe(true);
    expect(five.body.extensions!.statements).toBeGreaterThan(0);
    expect(fifty.body.extensions!.statements).toBe(five.body.extensions!.statements);
  });
});

describe("dishonesty records: county row scope", () => {
  it("shows 阳东区 only its own records, in lists, counts, lookups and node()", async () => {
    // ID numbers are outside a county's view: the document with them is answered as one naming a field that does not exist.
    expectUnknownField(await server.gql(DishonestyRecordsDocument, { first: 500 }, YANGDONG), "idNumber", "Person");
    const list = await server.gql(CountyDishonestyRecordsDocument, { first: 500 }, YANGDONG);
    const nodes = list.body.data!.dishonestyRecords!.nodes!;
    expect(list.body.data!.dishonestyRecords!.totalCount).toBe(await db().dishonestyRecord.count({ where: { ...live, countyCode: "441704" } }));
    expect(nodes.length).toBeGreaterThan(0);
    expect(new Set(nodes.map((n) => n!.county!.code))).toEqual(new Set(["441704"]));

    const counts = await server.gql(DishonestyRecordCountsDocument, { groupBy: ["COUNTY"] }, YANGDONG);
    expect(counts.body.data!.dishonestyRecordCounts).toEqual([
      { list: null, status: null, countyCode: "441704", subjectType: null, count: list.body.data!.dishonestyRecords!.totalCount },
    ]);

    const other = await db().dishonestyRecord.findFirstOrThrow({ where: { ...live, countyCode: "441702" } });
    const lookup = await server.gql(CountyDishonestyRecordDocument, { documentNo: other.documentNo }, YANGDONG);
    expect(lookup.body.data!.dishonestyRecord).toBeNull();
    const asCity = await server.gql(DishonestyRecordDocument, { documentNo: other.documentNo });
    const id = asCity.body.data!.dishonestyRecord!.id;
    expect((await server.gql(DishonestyNodeDocument, { id })).body.data!.node).toEqual({ id, documentNo: other.documentNo });
    const hidden = await server.gql(DishonestyNodeDocument, { id }, YANGDONG);
    expect([hidden.body.data!.node, hidden.body.errors]).toEqual([null, undefined]);
  });
});

describe("dishonesty records: writes and the change sequence", () => {
  it("takes exactly one sequence number and writes one change-log row per write, in the same transaction", async () => {
    const before = await sequenceState();
    const { input, record } = await create();
    let state = await sequenceState();
    expect(state).toEqual({ counter: before.counter + 1n, logRows: before.logRows + 1 });
    expect(record).toMatchObject({ version: 1, status: "ACTIVE", isActive: true, changeSeq: String(state.counter), county: { code: "441704" }, subjectType: "ENTERPRISE" });

    const expectStep = async (seqBefore: bigint, version: number, kind: "UPSERT" | "TOMBSTONE", status: string) => {
      const now = await sequenceState();
      expect(now.counter).toBe(seqBefore + 1n);
      const row = await db().dishonestyRecord.findUniqueOrThrow({ where: { documentNo: input.documentNo } });
      const log = await db().dishonestyRecordChange.findUniqueOrThrow({ where: { seq: now.counter } });
      expect([row.version, row.changeSeq]).toEqual([version, now.counter]);
      expect(log).toMatchObject({ recordId: row.id, documentNo: input.documentNo, kind, status, changedBy: "demo-development_reform" });
      return now;
    };
    expect(await db().dishonestyRecordChange.findUniqueOrThrow({ where: { seq: state.counter } })).toMatchObject({ kind: "UPSERT", status: "ACTIVE" });

    await server.gql(UpsertDishonestyRecordDocument, { input: { ...input, reason: "更正：虚开增值税专用发票", expectedVersion: 1 } }, OWNER);
    state = await expectStep(state.counter, 2, "UPSERT", "ACTIVE");
    await server.gql(AddPunishmentMeasureDocument, { documentNo: input.documentNo, agency: "PBOC", measure: "RESTRICT_FINANCING", appliedOn: "2018-10-20", expectedVersion: 2 }, OWNER);
    state = await expectStep(state.counter, 3, "UPSERT", "ACTIVE");
    await server.gql(ChangeDishonestyStatusDocument, { documentNo: input.documentNo, status: "REPAIRED", changedOn: "2018-11-01", expectedVersion: 3 }, OWNER);
    state = await expectStep(state.counter, 4, "TOMBSTONE", "REPAIRED");
    await server.gql(DeleteDishonestyRecordDocument, { documentNo: input.documentNo, expectedVersion: 4 }, OWNER);
    state = await expectStep(state.counter, 5, "TOMBSTONE", "REPAIRED");
    expect(state.logRows).toBe(before.logRows + 5);

    const history = await db().changeRecord.findMany({ where: { entityType: "DishonestyRecord", entityKey: input.documentNo }, orderBy: { id: "asc" } });
    expect(history.map((h) => [h.action, h.version, Object.keys(h.changes as object).sort().join(",")])).toEqual([
      ["CREATE", 1, expect.stringContaining("documentNo")],
      ["UPDATE", 2, "reason"],
      ["UPDATE", 3, "measures"],
      ["UPDATE", 4, "status,statusChangedOn"],
      ["RETIRE", 5, "deletedAt"],
    ]);
  });

  it("takes no number for a resend that changes nothing, nor for a retry with the same idempotency key", async () => {
    const { input } = await create();
    const before = await sequenceState();
    const same = await server.gql(UpsertDishonestyRecordDocument, { input }, OWNER);
    expect(same.body.data!.upsertDishonestyRecord).toMatchObject({ data: { version: 1 } });
    expect(await sequenceState()).toEqual(before);

    const key = `dishonesty-retry-${process.pid}-${docCounter}`;
    const first = await server.gql(UpsertDishonestyRecordDocument, { input: { ...input, reason: "第二次更正" }, key }, OWNER);
    const retry = await server.gql(UpsertDishonestyRecordDocument, { input: { ...input, reason: "第二次更正" }, key }, OWNER);
    expect(first.body.data!.upsertDishonestyRecord).toMatchObject({ data: { reason: "第二次更正", version: 2 } });
    expect(retry.body.data).toEqual(first.body.data);
    expect(await sequenceState()).toEqual({ counter: before.counter + 1n, logRows: before.logRows + 1 });
  });

  it("reports every bad field at once and takes no number", async () => {
    const before = await sequenceState();
    const input = await recordInput({
      enterprise: "91440300708461136X",
      person: { name: "张测试", idNumber: badCheckChar(newIdNumber()) },
      reason: "   ",
      listedOn: "2030-01-01",
      expiresOn: "2021-12-31",
    });
    const res = await server.gql(UpsertDishonestyRecordDocument, { input }, OWNER);
    const result = res.body.data!.upsertDishonestyRecord!;
    expect(result.__typename).toBe("ValidationError");
    const issues = (result as { issues: Array<{ field: string; rule: string }> }).issues.map((i) => [i.field, i.rule]);
    expect(issues).toEqual(
      expect.arrayContaining([
        ["input.enterprise", "uscc.checksum"],
        ["input.enterprise", "exactlyOneSubject"],
        ["input.person.idNumber", "idNumber.checksum"],
        ["input.reason", "minLength"],
        ["input.listedOn", "notFuture"],
        ["input.expiresOn", "dateOrder"],
      ]),
    );
    expect(await sequenceState()).toEqual(before);
    expect(await db().dishonestyRecord.count({ where: { documentNo: input.documentNo } })).toBe(0);

    const missing = await server.gql(UpsertDishonestyRecordDocument, { input: await recordInput({ enterprise: "91440300708461136T" }) }, OWNER);
    expect((missing.body.data!.upsertDishonestyRecord as { issues: Array<{ field: string; rule: string }> }).issues).toEqual([expect.objectContaining({ field: "input.enterprise", rule: "exists" })]);
  });

  it("refuses stale versions and other agencies without taking a number", async () => {
    const { input } = await create();
    await server.gql(UpsertDishonestyRecordDocument, { input: { ...input, reason: "第二版", expectedVersion: 1 } }, OWNER);
    const before = await sequenceState();
    const stale = await server.gql(UpsertDishonestyRecordDocument, { input: { ...input, reason: "过期写入", expectedVersion: 1 } }, OWNER);
    expect(stale.body.data!.upsertDishonestyRecord).toMatchObject({ __typename: "ConflictError", currentVersion: 2 });
    const staleStatus = await server.gql(ChangeDishonestyStatusDocument, { documentNo: input.documentNo, status: "REVOKED", changedOn: "2018-11-01", expectedVersion: 1 }, OWNER);
    expect(staleStatus.body.data!.changeDishonestyStatus).toMatchObject({ __typename: "ConflictError", currentVersion: 2 });
    const staleDelete = await server.gql(DeleteDishonestyRecordDocument, { documentNo: input.documentNo, expectedVersion: 1 }, OWNER);
    expect(staleDelete.body.data!.deleteDishonestyRecord).toMatchObject({ __typename: "ConflictError", currentVersion: 2 });

    for (const agency of ["PBOC", "FINANCE_BUREAU", "CREDIT_PLATFORM", YANGDONG]) {
      const denied = await server.gql(UpsertDishonestyRecordDocument, { input: { ...input, reason: "越权写入" } }, agency);
      // FINANCE_BUREAU sees the whole schema and is refused the write; to the others the mutation
      // is outside their view, as one that does not exist.
      if (agency !== "FINANCE_BUREAU") expectNotCallable(denied, "upsertDishonestyRecord");
      else {
        expect(denied.body.errors![0]!.extensions!.code, agency).toBe("FORBIDDEN");
        expect(denied.body.data!.upsertDishonestyRecord).toBeNull();
      }
    }
    const deniedDelete = await server.gql(DeleteDishonestyRecordDocument, { documentNo: input.documentNo, expectedVersion: 2 }, "PBOC");
    expectNotCallable(deniedDelete, "deleteDishonestyRecord");
    expect(await sequenceState()).toEqual(before);
    expect((await db().dishonestyRecord.findUniqueOrThrow({ where: { documentNo: input.documentNo } })).reason).toBe("第二版");
  });

  it("undoes the record change and the number together when the change-log row cannot be written", async () => {
    const { input } = await create();
    // Wind the counter back so that the next number collides with this record's own log row:
    // the record update succeeds inside the transaction, the log insert then fails.
    await db().$executeRaw`UPDATE change_counter SET value = value - 1 WHERE name = 'dishonesty'`;
    try {
      const before = await sequenceState();
      const res = await server.gql(UpsertDishonestyRecordDocument, { input: { ...input, reason: "不应保存的更正", expectedVersion: 1 } }, OWNER);
      expect(res.body.data!.upsertDishonestyRecord!.__typename).toBe("ConflictError");
      expect(await sequenceState()).toEqual(before);
      const row = await db().dishonestyRecord.findUniqueOrThrow({ where: { documentNo: input.documentNo } });
      expect([row.version, row.reason]).toEqual([1, input.reason]);
      expect(await db().changeRecord.count({ where: { entityType: "DishonestyRecord", entityId: row.id } })).toBe(1);
    } finally {
      await db().$executeRaw`UPDATE change_counter SET value = value + 1 WHERE name = 'dishonesty'`;
    }
  });

  it("gives concurrent writers distinct, gap-free numbers, and one number to a contested update", async () => {
    const before = await sequenceState();
    const inputs = await Promise.all(Array.from({ length: 6 }, () => recordInput()));
    const results = await Promise.all(inputs.map((input) => server.gql(UpsertDishonestyRecordDocument, { input }, OWNER)));
    expect(results.map((r) => r.body.data!.upsertDishonestyRecord!.__typename)).toEqual(Array(6).fill("MutationUpsertDishonestyRecordSuccess"));
    const seqs = results.map((r) => BigInt((r.body.data!.upsertDishonestyRecord as { data: { changeSeq: string } }).data.changeSeq)).sort((a, b) => (a < b ? -1 : 1));
    expect(seqs).toEqual(Array.from({ length: 6 }, (_, i) => before.counter + BigInt(i + 1)));

    const target = inputs[0]!;
    const contested = await Promise.all(
      ["甲", "乙", "丙"].map((tag) => server.gql(UpsertDishonestyRecordDocument, { input: { ...target, reason: `并发更正${tag}`, expectedVersion: 1 } }, OWNER)),
    );
    const kinds = contested.map((r) => r.body.data!.upsertDishonestyRecord!.__typename).sort();
    expect(kinds).toEqual(["ConflictError", "ConflictError", "MutationUpsertDishonestyRecordSuccess"]);
    expect(await sequenceState()).toEqual({ counter: before.counter + 7n, logRows: before.logRows + 7 });
  });
});

describe("dishonesty records: subjects, status, deletion and measures", () => {
  it("registers a new person subject with the county of the ID number, and checks a known one", async () => {
    const idNumber = newIdNumber("441721");
    const { record } = await create({ enterprise: null, person: { name: "林测试", idNumber, phone: "13800138001" } });
    expect(record).toMatchObject({ subjectType: "PERSON", person: { name: "林测试", idNumber }, enterprise: null, county: { code: "441721" } });
    expect(await db().person.findUniqueOrThrow({ where: { idNumber } })).toMatchObject({ countyCode: "441721", ownerAgency: "DEVELOPMENT_REFORM" });

    const wrongName = await server.gql(UpsertDishonestyRecordDocument, { input: await recordInput({ enterprise: null, person: { name: "别名", idNumber } }) }, OWNER);
    expect((wrongName.body.data!.upsertDishonestyRecord as { issues: Array<{ field: string; rule: string }> }).issues).toEqual([
      expect.objectContaining({ field: "input.person.name", rule: "matchesRegistry" }),
    ]);
    const outsider = newIdNumber("440300");
    const noCounty = await server.gql(UpsertDishonestyRecordDocument, { input: await recordInput({ enterprise: null, person: { name: "外地人", idNumber: outsider } }) }, OWNER);
    expect((noCounty.body.data!.upsertDishonestyRecord as { issues: Array<{ field: string; rule: string }> }).issues).toEqual([
      expect.objectContaining({ field: "input.person.county", rule: "required" }),
    ]);
    const withCounty = await create({ enterprise: null, person: { name: "外地人", idNumber: outsider, county: "441781" } });
    expect(withCounty.record.county).toEqual({ code: "441781" });
  });

  it("moves an active record off its list once, and checks the transition", async () => {
    const { input, record } = await create({ expiresOn: "2018-11-10" });
    // Still ACTIVE on paper, but past its expiry date: not in force.
    expect([record.status, record.isActive]).toEqual(["ACTIVE", false]);
    const early = await server.gql(ChangeDishonestyStatusDocument, { documentNo: input.documentNo, status: "EXPIRED", changedOn: "2018-11-05", expectedVersion: 1 }, OWNER);
    expect((early.body.data!.changeDishonestyStatus as { issues: Array<{ field: string; rule: string }> }).issues.map((i) => [i.field, i.rule])).toEqual([["changedOn", "beforeExpiry"]]);
    const bad = await server.gql(ChangeDishonestyStatusDocument, { documentNo: input.documentNo, status: "ACTIVE", changedOn: "2018-10-01", expectedVersion: 1 }, OWNER);
    expect((bad.body.data!.changeDishonestyStatus as { issues: Array<{ field: string; rule: string }> }).issues.map((i) => [i.field, i.rule])).toEqual([
      ["changedOn", "dateOrder"],
      ["status", "transition"],
    ]);
    const expired = await server.gql(ChangeDishonestyStatusDocument, { documentNo: input.documentNo, status: "EXPIRED", changedOn: "2018-11-10", expectedVersion: 1 }, OWNER);
    expect(expired.body.data!.changeDishonestyStatus).toMatchObject({ data: { status: "EXPIRED", statusChangedOn: "2018-11-10", isActive: false, version: 2 } });
    const again = await server.gql(ChangeDishonestyStatusDocument, { documentNo: input.documentNo, status: "REVOKED", changedOn: "2018-11-11", expectedVersion: 2 }, OWNER);
    expect(again.body.data!.changeDishonestyStatus).toMatchObject({ __typename: "ConflictError", currentVersion: 2 });
    const enterprise = await server.gql(EnterpriseCreditDocument, { uscc: input.enterprise! });
    expect(enterprise.body.data!.enterprise!.isOnDishonestyList).toBe(false);
  });

  it("deletes a record: gone from every read, its tombstone kept in the change log", async () => {
    const { input, record } = await create();
    const listedBefore = await server.gql(EnterpriseCreditDocument, { uscc: input.enterprise! });
    expect(listedBefore.body.data!.enterprise).toMatchObject({ isOnDishonestyList: true, dishonestyRecords: { nodes: [{ documentNo: input.documentNo, status: "ACTIVE" }] } });
    const countsBefore = await server.gql(DishonestyRecordCountsDocument, { groupBy: ["COUNTY"] });

    const deleted = await server.gql(DeleteDishonestyRecordDocument, { documentNo: input.documentNo, expectedVersion: 1 }, OWNER);
    expect(deleted.body.data!.deleteDishonestyRecord).toMatchObject({ data: { documentNo: input.documentNo, version: 2, deletedAt: expect.any(String), county: { code: "441704" } } });

    expect((await server.gql(DishonestyRecordDocument, { documentNo: input.documentNo })).body.data!.dishonestyRecord).toBeNull();
    const tombstone = await server.gql(DishonestyNodeDocument, { id: record.id });
    expect([tombstone.body.data!.node, tombstone.body.errors]).toEqual([null, undefined]);
    const list = await server.gql(DishonestyRecordsDocument, { first: 50, filter: { enterprise: input.enterprise } });
    expect(list.body.data!.dishonestyRecords).toMatchObject({ totalCount: 0, nodes: [] });
    const after = await server.gql(EnterpriseCreditDocument, { uscc: input.enterprise! });
    expect(after.body.data!.enterprise).toMatchObject({ isOnDishonestyList: false, dishonestyRecords: { nodes: [] } });
    const countsAfter = await server.gql(DishonestyRecordCountsDocument, { groupBy: ["COUNTY"] });
    const yd = (r: typeof countsAfter) => r.body.data!.dishonestyRecordCounts!.find((g) => g.countyCode === "441704")!.count!;
    expect(yd(countsAfter)).toBe(yd(countsBefore) - 1);

    const row = await db().dishonestyRecord.findUniqueOrThrow({ where: { documentNo: input.documentNo } });
    const log = await db().dishonestyRecordChange.findMany({ where: { recordId: row.id }, orderBy: { seq: "asc" } });
    expect(log.map((l) => [l.kind, l.status])).toEqual([
      ["UPSERT", "ACTIVE"],
      ["TOMBSTONE", "ACTIVE"],
    ]);
    expect(log[1]!.seq).toBe(row.changeSeq);

    const gone = await server.gql(DeleteDishonestyRecordDocument, { documentNo: input.documentNo, expectedVersion: 2 }, OWNER);
    expect(gone.body.data!.deleteDishonestyRecord).toMatchObject({ __typename: "NotFoundError", key: input.documentNo });
    const reuse = await server.gql(UpsertDishonestyRecordDocument, { input }, OWNER);
    expect(reuse.body.data!.upsertDishonestyRecord!.__typename).toBe("ConflictError");
  });

  it("adds joint-punishment measures to active records only, once per agency and measure", async () => {
    const { input } = await create();
    const added = await server.gql(AddPunishmentMeasureDocument, { documentNo: input.documentNo, agency: "FISCAL", measure: "RESTRICT_SUBSIDIES", appliedOn: "2018-10-16" }, OWNER);
    const data = (added.body.data!.addPunishmentMeasure as { data: { measures: unknown[]; version: number; history: { nodes: Array<{ changes: string }> } } }).data;
    expect(data.measures).toEqual([{ agency: "FISCAL", measure: "RESTRICT_SUBSIDIES", appliedOn: "2018-10-16" }]);
    expect(JSON.parse(data.history.nodes[0]!.changes)).toEqual({ measures: { old: [], new: ["FISCAL:RESTRICT_SUBSIDIES:2018-10-16"] } });
    const twice = await server.gql(AddPunishmentMeasureDocument, { documentNo: input.documentNo, agency: "FISCAL", measure: "RESTRICT_SUBSIDIES", appliedOn: "2018-10-17" }, OWNER);
    expect(twice.body.data!.addPunishmentMeasure!.__typename).toBe("ConflictError");
    const early = await server.gql(AddPunishmentMeasureDocument, { documentNo: input.documentNo, agency: "CBRC", measure: "RESTRICT_FINANCING", appliedOn: "2018-10-01" }, OWNER);
    expect((early.body.data!.addPunishmentMeasure as { issues: Array<{ field: string; rule: string }> }).issues.map((i) => [i.field, i.rule])).toEqual([["appliedOn", "dateOrder"]]);
    const denied = await server.gql(AddPunishmentMeasureDocument, { documentNo: input.documentNo, agency: "CBRC", measure: "RESTRICT_FINANCING", appliedOn: "2018-10-20" }, "CBRC");
    expectNotCallable(denied, "addPunishmentMeasure");
  });
});

describe("credit evaluations", () => {
  it("lets the PBOC, and only it, record an evaluation; checks grade and dates", async () => {
    const firm = await cleanEnterprise();
    const input = { uscc: firm.uscc, evaluatedOn: "2018-06-30", evaluator: "人民银行阳江市分行企业信用评级", grade: "AA+", validUntil: "2019-06-29" };
    const created = await server.gql(UpsertCreditEvaluationDocument, { input }, "PBOC");
    expect(created.body.data!.upsertCreditEvaluation).toMatchObject({
      data: { grade: "AA+", isValid: true, version: 1, enterprise: { uscc: firm.uscc }, history: { nodes: [{ action: "CREATE", version: 1 }] } },
    });
    const regraded = await server.gql(UpsertCreditEvaluationDocument, { input: { ...input, grade: "A", expectedVersion: 1 } }, "PBOC");
    expect(regraded.body.data!.upsertCreditEvaluation).toMatchObject({ data: { grade: "A", version: 2 } });

    const bad = await server.gql(UpsertCreditEvaluationDocument, { input: { ...input, grade: "E", validUntil: "2018-06-01", evaluatedOn: "2018-06-30" } }, "PBOC");
    expect((bad.body.data!.upsertCreditEvaluation as { issues: Array<{ field: string; rule: string }> }).issues.map((i) => [i.field, i.rule])).toEqual([
      ["input.grade", "format"],
      ["input.validUntil", "dateOrder"],
    ]);
    const denied = await server.gql(UpsertCreditEvaluationDocument, { input }, OWNER);
    expectNotCallable(denied, "upsertCreditEvaluation");
  });
});
