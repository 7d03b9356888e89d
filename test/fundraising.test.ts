import { expectNotCallable, expectUnknownField } from "./helpers/attack.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FundraisingClue, Prisma } from "../src/generated/prisma/client.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import { newIdNumber } from "./helpers/factories.ts";
import {
  AdvanceClueStatusDocument,
  CountyFundraisingCluesDocument,
  EnterpriseFundraisingCluesDocument,
  FileFundraisingCaseDocument,
  FundraisingClueCountsDocument,
  FundraisingClueDocument,
  FundraisingCluesDocument,
  PoliceFileFundraisingCaseDocument,
  SharedFundraisingClueDocument,
  SharedFundraisingCluesDocument,
  UpsertFundraisingClueDocument,
  type FundraisingClueInput,
} from "./generated/graphql.ts";

let server: TestServer;
const OWNER = "FINANCE_BUREAU";
const YANGDONG = "COUNTY:阳东区";
const db = () => server.running.db.prisma;
const iso = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);
const live: Prisma.FundraisingClueWhereInput = { retiredAt: null };
type Issues = { issues: Array<{ field: string; rule: string }> };
const issuesOf = (result: unknown) => (result as Issues).issues.map((i) => [i.field, i.rule]);

let counter = 0;
const badCheckChar = (id: string) => id.slice(0, 17) + (id[17] === "1" ? "2" : "1");
function clueInput(overrides: Partial<FundraisingClueInput> = {}): FundraisingClueInput {
  counter++;
  return {
    clueNo: `阳处非线测试-${process.pid}-${counter}`,
    source: "MONITORING",
    receivedOn: "2018-10-08",
    suspectName: `测试投资咨询工作室${counter}`,
    county: "441704",
    description: "以高额回报为诱饵，通过微信群向社会不特定公众吸收资金",
    amountInvolved: `${counter * 150000}.00`,
    peopleAffected: counter * 7,
    ...overrides,
  };
}

async function createClue(overrides: Partial<FundraisingClueInput> = {}) {
  const input = clueInput(overrides);
  const res = await server.gql(UpsertFundraisingClueDocument, { input }, OWNER);
  const result = res.body.data!.upsertFundraisingClue!;
  if (result.__typename !== "MutationUpsertFundraisingClueSuccess") throw new Error(JSON.stringify(res.body));
  return { input, clue: result.data! };
}

beforeAll(async () => {
  server = await startTestServer({ scale: 0.1 });
  // The demo city has few clues at this scale: add some in each county, from each source.
  const counties = ["441704", "441702", "441721", "441704"];
  const sources = ["REPORT", "MONITORING", "ADVERTISING_CHECK", "REFERRAL"] as const;
  for (let i = 0; i < 12; i++) {
    const source = sources[i % 4]!;
    await createClue({
      source,
      county: counties[i % 4],
      receivedOn: `2018-0${1 + (i % 9)}-15`,
      ...(source === "REPORT" ? { informant: { name: `举报人${i}`, idNumber: newIdNumber(), phone: "13900139000" }, rewardAmount: "500.00" } : {}),
    });
  }
});
afterAll(() => server?.close());

const expectedNode = (c: FundraisingClue & { suspectEnterprise: { uscc: string } | null; informant: { name: string; idNumber: string; phone: string | null } | null }) => ({
  clueNo: c.clueNo,
  source: c.source,
  receivedOn: iso(c.receivedOn),
  suspectName: c.suspectName,
  suspectEnterprise: c.suspectEnterprise ? { uscc: c.suspectEnterprise.uscc } : null,
  county: { code: c.countyCode },
  description: c.description,
  amountInvolved: c.amountInvolved.toFixed(),
  peopleAffected: c.peopleAffected,
  status: c.status,
  informant: c.informant ? { name: c.informant.name, idNumber: c.informant.idNumber, phone: c.informant.phone } : null,
  rewardAmount: c.rewardAmount?.toFixed() ?? null,
  caseNo: c.caseNo,
  caseFiledOn: iso(c.caseFiledOn),
  version: c.version,
});
const include = { suspectEnterprise: true, informant: true } as const;

describe("fundraising clues: reads", () => {
  it("looks a seeded report up by clue number, with its informant and case", async () => {
    const seeded = await db().fundraisingClue.findFirstOrThrow({ where: { source: "REPORT", caseNo: { not: null } }, include });
    const res = await server.gql(FundraisingClueDocument, { clueNo: seeded.clueNo });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.fundraisingClue).toMatchObject(expectedNode(seeded));
  });

  it("filters by status, source, county, dates and amounts, and orders by amount", async () => {
    const filter = { status: ["CLUE" as const, "INVESTIGATING" as const], source: ["REPORT" as const, "MONITORING" as const], county: "阳东区" };
    const res = await server.gql(FundraisingCluesDocument, { first: 500, filter });
    const expected = await db().fundraisingClue.findMany({
      where: { ...live, status: { in: filter.status }, source: { in: filter.source }, countyCode: "441704" },
      orderBy: { id: "asc" },
      include,
    });
    expect(expected.length).toBeGreaterThan(1);
    expect(res.body.data!.fundraisingClues!.totalCount).toBe(expected.length);
    expect(res.body.data!.fundraisingClues!.nodes).toEqual(expected.map((c) => expect.objectContaining(expectedNode(c))));

    const ranged = await server.gql(FundraisingCluesDocument, { first: 500, filter: { receivedOn: { from: "2018-01-01", to: "2018-06-30" }, amountInvolved: { min: "300000", max: "1200000" } } });
    const inRange = await db().fundraisingClue.findMany({
      where: { ...live, receivedOn: { gte: new Date("2018-01-01"), lte: new Date("2018-06-30") }, amountInvolved: { gte: 300000, lte: 1200000 } },
      orderBy: { id: "asc" },
    });
    expect(inRange.length).toBeGreaterThan(0);
    expect(ranged.body.data!.fundraisingClues!.nodes!.map((n) => n!.clueNo)).toEqual(inRange.map((c) => c.clueNo));

    const byAmount = await server.gql(FundraisingCluesDocument, { first: 500, orderBy: [{ field: "AMOUNT_INVOLVED", direction: "DESC" }] });
    const sorted = await db().fundraisingClue.findMany({ where: live, orderBy: [{ amountInvolved: "desc" }, { id: "asc" }] });
    expect(byAmount.body.data!.fundraisingClues!.nodes!.map((n) => n!.clueNo)).toEqual(sorted.map((c) => c.clueNo));
  });

  it("counts clues with their amounts and people by status and source, exactly as SQL sums them", async () => {
    const res = await server.gql(FundraisingClueCountsDocument, { groupBy: ["STATUS", "SOURCE"] });
    const sql = await db().$queryRaw<{ status: string; source: string; count: number; amount: string; people: number }[]>`
      SELECT status::text AS status, source::text AS source, COUNT(*)::int AS count, SUM(amount_involved)::text AS amount, SUM(people_affected)::int AS people
      FROM fundraising_clue WHERE retired_at IS NULL GROUP BY 1, 2`;
    const norm = (a: string) => String(Number(a));
    expect(res.body.data!.fundraisingClueCounts!.map((g) => [g.status, g.source, g.count, norm(g.amountInvolved!), g.peopleAffected]).sort()).toEqual(
      sql.map((g) => [g.status, g.source, g.count, norm(g.amount), g.people]).sort(),
    );
    const byCounty = await server.gql(FundraisingClueCountsDocument, { groupBy: ["COUNTY"], filter: { source: ["REPORT"] } });
    const sql2 = await db().fundraisingClue.groupBy({ by: ["countyCode"], where: { ...live, source: "REPORT" }, _count: { _all: true }, _sum: { peopleAffected: true }, orderBy: { countyCode: "asc" } });
    expect(byCounty.body.data!.fundraisingClueCounts!.map((g) => [g.countyCode, g.count, g.peopleAffected])).toEqual(sql2.map((g) => [g.countyCode, g._count._all, g._sum.peopleAffected]));
  });

  it("links an enterprise to the clues naming it, and a county to its clues", async () => {
    const suspect = await db().enterprise.findFirstOrThrow({ where: { fundraisingClues: { some: {} } }, include: { fundraisingClues: { orderBy: [{ receivedOn: "asc" }, { id: "asc" }] } } });
    const res = await server.gql(EnterpriseFundraisingCluesDocument, { uscc: suspect.uscc });
    expect(res.body.data!.enterprise!.fundraisingClues!.nodes!.map((n) => n!.clueNo)).toEqual(suspect.fundraisingClues.map((c) => c.clueNo));

    const county = await server.gql(CountyFundraisingCluesDocument, { county: "441702", status: ["CLUE"] });
    const expected = await db().fundraisingClue.findMany({ where: { ...live, countyCode: "441702", status: "CLUE" }, orderBy: { id: "asc" } });
    expect(expected.length).toBeGreaterThan(0);
    expect(county.body.data!.county!.fundraisingClues!.nodes!.map((n) => n!.clueNo)).toEqual(expected.map((c) => c.clueNo));
  });

  it("shows 阳东区 only its own clues, in lists, counts, lookups and county traversal", async () => {
    // The informant is outside a county's view: the document with it is answered as one naming a field that does not exist.
    expectUnknownField(await server.gql(FundraisingCluesDocument, { first: 500 }, YANGDONG), "informant", "FundraisingClue");
    const list = await server.gql(SharedFundraisingCluesDocument, { first: 500 }, YANGDONG);
    const mine = await db().fundraisingClue.count({ where: { ...live, countyCode: "441704" } });
    expect(mine).toBeGreaterThan(0);
    expect(list.body.data!.fundraisingClues!.totalCount).toBe(mine);
    expect(new Set(list.body.data!.fundraisingClues!.nodes!.map((n) => n!.county!.code))).toEqual(new Set(["441704"]));
    const counts = await server.gql(FundraisingClueCountsDocument, { groupBy: ["COUNTY"] }, YANGDONG);
    expect(counts.body.data!.fundraisingClueCounts!.map((g) => [g.countyCode, g.count])).toEqual([["441704", mine]]);
    const other = await db().fundraisingClue.findFirstOrThrow({ where: { countyCode: "441702" } });
    expect((await server.gql(SharedFundraisingClueDocument, { clueNo: other.clueNo }, YANGDONG)).body.data!.fundraisingClue).toBeNull();
    expect((await server.gql(CountyFundraisingCluesDocument, { county: "441702" }, YANGDONG)).body.data!.county).toBeNull();
  });

  it("costs the same number of SQL statements for a page of 5 and of 50 with nested relations", async () => {
    const five = await server.gql(FundraisingCluesDocument, { first: 5 });
    const fifty = await server.gql(FundraisingCluesDocument, { first: 50 });
    expect(fifty.body.data!.fundraisingClues!.nodes!.length).toBeGreaterThan(15);
    expect(fifty.body.data!.fundraisingClues!.nodes!.some((n) => n!.informant) && fifty.body.data!.fundraisingClues!.nodes!.some((n) => n!.suspectEnterprise)).toBe(true);
    expect(fifty.body.extensions!.statements).toBe(five.body.extensions!.statements);
  });
});

describe("fundraising clues: writes", () => {
  it("records a report with its informant, and keeps the informant when an update leaves it out", async () => {
    const suspect = await db().enterprise.findFirstOrThrow({ where: { countyCode: "441781" } });
    const idNumber = newIdNumber("441781");
    const { input, clue } = await createClue({
      source: "REPORT",
      county: null,
      suspectName: null,
      suspectEnterprise: suspect.uscc,
      informant: { name: "陈举报", idNumber, phone: "13700137000" },
      rewardAmount: "2000.00",
    });
    expect(clue).toMatchObject({
      status: "CLUE",
      version: 1,
      suspectName: suspect.name,
      suspectEnterprise: { uscc: suspect.uscc },
      county: { code: "441781" },
      informant: { name: "陈举报", idNumber, phone: "13700137000" },
      rewardAmount: "2000",
    });
    expect(await db().person.findUniqueOrThrow({ where: { idNumber } })).toMatchObject({ ownerAgency: "FINANCE_BUREAU", countyCode: "441781" });

    const updated = await server.gql(UpsertFundraisingClueDocument, { input: { ...input, informant: null, amountInvolved: "9000000.00", expectedVersion: 1 } }, OWNER);
    expect(updated.body.data!.upsertFundraisingClue).toMatchObject({ data: { amountInvolved: "9000000", version: 2, informant: { idNumber } } });
    const history = await server.gql(FundraisingClueDocument, { clueNo: input.clueNo });
    expect(history.body.data!.fundraisingClue!.history!.nodes!.map((h) => [h!.action, h!.version, h!.agency])).toEqual([
      ["UPDATE", 2, "FINANCE_BUREAU"],
      ["CREATE", 1, "FINANCE_BUREAU"],
    ]);
    expect(JSON.parse(history.body.data!.fundraisingClue!.history!.nodes![0]!.changes!)).toEqual({ amountInvolved: { old: input.amountInvolved.replace(/\.00$/, ""), new: "9000000" } });

    const key = `clue-retry-${process.pid}-${counter}`;
    const again = { ...input, informant: null, description: "补充：已有多人报案", expectedVersion: 2 };
    const first = await server.gql(UpsertFundraisingClueDocument, { input: again, key }, OWNER);
    const retry = await server.gql(UpsertFundraisingClueDocument, { input: again, key }, OWNER);
    expect(first.body.data!.upsertFundraisingClue).toMatchObject({ data: { version: 3 } });
    expect(retry.body.data).toEqual(first.body.data);
    expect(await db().changeRecord.count({ where: { entityType: "FundraisingClue", entityKey: input.clueNo } })).toBe(3);
  });

  it("reports every bad field at once, including the informant rules, and writes nothing", async () => {
    const bad = clueInput({
      source: "MONITORING",
      informant: { name: "王举报", idNumber: badCheckChar(newIdNumber()), phone: "12345" },
      amountInvolved: "-1.00",
      peopleAffected: -3,
      rewardAmount: "100.005",
      receivedOn: "2031-01-01",
      county: "999999",
    });
    const res = await server.gql(UpsertFundraisingClueDocument, { input: bad }, OWNER);
    expect(issuesOf(res.body.data!.upsertFundraisingClue)).toEqual(
      expect.arrayContaining([
        ["input.amountInvolved", "nonNegative"],
        ["input.peopleAffected", "min"],
        ["input.rewardAmount", "moneyScale"],
        ["input.informant.idNumber", "idNumber.checksum"],
        ["input.informant.phone", "format"],
        ["input.receivedOn", "notFuture"],
        ["input.county", "exists"],
        ["input.informant", "reportOnly"],
      ]),
    );
    const anonymous = await server.gql(UpsertFundraisingClueDocument, { input: clueInput({ source: "REPORT", rewardAmount: "500.00", county: null, suspectName: null }) }, OWNER);
    expect(issuesOf(anonymous.body.data!.upsertFundraisingClue)).toEqual([
      ["input.county", "required"],
      ["input.suspectName", "required"],
      ["input.rewardAmount", "needsInformant"],
    ]);
    expect(await db().fundraisingClue.count({ where: { clueNo: { in: [bad.clueNo] } } })).toBe(0);
    // An anonymous report without a reward is accepted.
    const { clue } = await createClue({ source: "REPORT" });
    expect(clue.informant).toBeNull();
  });

  it("lets only the fundraising office write clues", async () => {
    const input = clueInput();
    for (const agency of ["PBOC", "PUBLIC_SECURITY", YANGDONG]) {
      const res = await server.gql(UpsertFundraisingClueDocument, { input }, agency);
      expectNotCallable(res, "upsertFundraisingClue");
    }
    expect(await db().fundraisingClue.count({ where: { clueNo: input.clueNo } })).toBe(0);
  });

  it("moves a clue forward only, and files a case only through the public security bureau", async () => {
    const { input } = await createClue({ receivedOn: "2018-09-01" });
    const clueNo = input.clueNo;
    const toInvestigating = await server.gql(AdvanceClueStatusDocument, { clueNo, status: "INVESTIGATING", expectedVersion: 1 }, OWNER);
    expect(toInvestigating.body.data!.advanceClueStatus).toMatchObject({ data: { status: "INVESTIGATING", version: 2 } });
    const stale = await server.gql(AdvanceClueStatusDocument, { clueNo, status: "DISPOSED", expectedVersion: 1 }, OWNER);
    expect(stale.body.data!.advanceClueStatus).toMatchObject({ __typename: "ConflictError", currentVersion: 2 });
    const same = await server.gql(AdvanceClueStatusDocument, { clueNo, status: "INVESTIGATING", expectedVersion: 2 }, OWNER);
    expect(same.body.data!.advanceClueStatus!.__typename).toBe("ConflictError");
    const sneaky = await server.gql(AdvanceClueStatusDocument, { clueNo, status: "CASE_FILED", expectedVersion: 2 }, OWNER);
    expect(issuesOf(sneaky.body.data!.advanceClueStatus)).toEqual([["status", "transition"]]);
    const notPolice = await server.gql(AdvanceClueStatusDocument, { clueNo, status: "DISPOSED", expectedVersion: 2 }, "PUBLIC_SECURITY");
    expectNotCallable(notPolice, "advanceClueStatus");

    const byFinance = await server.gql(FileFundraisingCaseDocument, { clueNo, caseNo: "阳公（经）立字〔2018〕900号", filedOn: "2018-10-01" }, OWNER);
    expect(byFinance.body.errors![0]!.extensions!.code).toBe("FORBIDDEN");
    expect(byFinance.body.data!.fileFundraisingCase).toBeNull();

    const takenCaseNo = (await db().fundraisingClue.findFirstOrThrow({ where: { caseNo: { not: null } } })).caseNo!;
    // The informant is outside the bureau's view, so it files with a document without it.
    expectUnknownField(await server.gql(FileFundraisingCaseDocument, { clueNo, caseNo: takenCaseNo, filedOn: "2018-08-01" }, "PUBLIC_SECURITY"), "informant", "FundraisingClue");
    const badCase = await server.gql(PoliceFileFundraisingCaseDocument, { clueNo, caseNo: takenCaseNo, filedOn: "2018-08-01" }, "PUBLIC_SECURITY");
    expect(issuesOf(badCase.body.data!.fileFundraisingCase)).toEqual([
      ["caseNo", "unique"],
      ["filedOn", "dateOrder"],
    ]);
    const filed = await server.gql(PoliceFileFundraisingCaseDocument, { clueNo, caseNo: `阳公（经）立字〔2018〕${process.pid}号`, filedOn: "2018-10-01", expectedVersion: 2 }, "PUBLIC_SECURITY");
    expect(filed.body.data!.fileFundraisingCase).toMatchObject({
      data: { status: "CASE_FILED", caseNo: `阳公（经）立字〔2018〕${process.pid}号`, caseFiledOn: "2018-10-01", version: 3, history: { nodes: [{ action: "UPDATE", version: 3, agency: "PUBLIC_SECURITY" }, {}, {}] } },
    });
    const disposed = await server.gql(AdvanceClueStatusDocument, { clueNo, status: "DISPOSED", expectedVersion: 3 }, OWNER);
    expect(disposed.body.data!.advanceClueStatus).toMatchObject({ data: { status: "DISPOSED", version: 4 } });
    const refile = await server.gql(PoliceFileFundraisingCaseDocument, { clueNo, caseNo: "阳公（经）立字〔2018〕901号", filedOn: "2018-10-02" }, "PUBLIC_SECURITY");
    expect(refile.body.data!.fileFundraisingCase!.__typename).toBe("ConflictError");
    const missing = await server.gql(PoliceFileFundraisingCaseDocument, { clueNo: "no-such-clue", caseNo: "X", filedOn: "2018-10-02" }, "PUBLIC_SECURITY");
    expect(missing.body.data!.fileFundraisingCase).toMatchObject({ __typename: "NotFoundError", key: "no-such-clue" });
  });
});
