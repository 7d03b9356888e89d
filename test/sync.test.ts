// The credit platform's incremental sync: the change feed under concurrent writers, the NDJSON
// export, and the example client (clients/credit-platform/sync.ts) killed and restarted.
// Runs on PGlite, and on PostgreSQL with TEST_DATABASE_URL (where writers really run concurrently).
import { expectUnknownField } from "./helpers/attack.ts";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GraphContext } from "../src/context.ts";
import { isoDay } from "../src/credit/calendar-day.ts";
import { AS_OF } from "../src/seed/calendar.ts";
import { commitDishonestyChange, recordForChange } from "../src/credit/dishonesty.write.ts";
import { maskIdNumber } from "../src/access/masking.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import { applyChanges, CHANGES_DOCUMENT, changesPage, readExport, startSyncClient, type SyncedRecord } from "./helpers/sync.ts";
import { AddPunishmentMeasureDocument, ChangeDishonestyStatusDocument, DeleteDishonestyRecordDocument, UpsertDishonestyRecordDocument, type DishonestyRecordInput } from "./generated/graphql.ts";
import { expandRecords } from "../src/access/audit/chain.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ scale: 0.1 });
});
afterAll(() => server?.close());

const OWNER = "DEVELOPMENT_REFORM";
const db = () => server.running.db.prisma;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// the business date of a demo database: the dataset's as-of date (src/clock.ts)
const today = () => isoDay(AS_OF);
const daysAgo = (n: number) => isoDay(new Date(AS_OF.getTime() - n * 86_400_000));
let docCounter = 0;
const newDocumentNo = () => `阳同步测〔2018〕${process.pid}-${++docCounter}号`;

async function maxSeq(): Promise<bigint> {
  const [row] = await db().$queryRaw<{ seq: bigint | null }[]>`SELECT MAX(seq) AS seq FROM dishonesty_record_change`;
  return BigInt(row?.seq ?? 0);
}

/** The export as a store: documentNo → record. */
const asStore = (records: SyncedRecord[]) => new Map(records.map((r) => [r.documentNo, r]));

// ── writes through the API (DEVELOPMENT_REFORM) ──────────────────────────────────────────────

async function expectSuccess(res: { body: { data?: Record<string, any> | null } }, field: string) {
  const result = res.body.data?.[field];
  if (!result?.__typename?.startsWith("Mutation")) throw new Error(`${field}: ${JSON.stringify(res.body).slice(0, 600)}`);
  return result.data as { documentNo: string; version: number; changeSeq: string };
}

let enterpriseCursor = 0;
async function someEnterprise(): Promise<string> {
  const e = await db().enterprise.findFirstOrThrow({ where: { retiredAt: null, id: { gt: enterpriseCursor } }, orderBy: { id: "asc" } });
  enterpriseCursor = e.id;
  return e.uscc;
}

async function create(): Promise<{ documentNo: string; version: number; input: DishonestyRecordInput }> {
  const input: DishonestyRecordInput = {
    documentNo: newDocumentNo(),
    enterprise: await someEnterprise(),
    list: "TAX_VIOLATION",
    sourceAgency: "国家税务总局阳江市税务局",
    decidedBy: "国家税务总局阳江市税务局稽查局",
    reason: "虚开增值税专用发票",
    listedOn: daysAgo(30),
  };
  const data = await expectSuccess(await server.gql(UpsertDishonestyRecordDocument, { input }, OWNER), "upsertDishonestyRecord");
  return { documentNo: data.documentNo, version: data.version, input };
}

/** The upsert input that restates a stored record with another reason. */
async function correctionOf(documentNo: string, reason: string): Promise<DishonestyRecordInput> {
  const r = await db().dishonestyRecord.findUniqueOrThrow({ where: { documentNo }, include: { enterprise: true, person: true } });
  return {
    documentNo,
    ...(r.enterprise ? { enterprise: r.enterprise.uscc } : { person: { name: r.person!.name, idNumber: r.person!.idNumber } }),
    list: r.list,
    sourceAgency: r.sourceAgency,
    decidedBy: r.decidedBy,
    reason,
    listedOn: isoDay(r.listedOn),
    expiresOn: r.expiresOn ? isoDay(r.expiresOn) : null,
    expectedVersion: r.version,
  };
}

const correct = async (documentNo: string, reason: string) =>
  expectSuccess(await server.gql(UpsertDishonestyRecordDocument, { input: await correctionOf(documentNo, reason) }, OWNER), "upsertDishonestyRecord");
const addMeasure = async (documentNo: string, version: number) =>
  expectSuccess(
    await server.gql(AddPunishmentMeasureDocument, { documentNo, agency: "PBOC", measure: "RESTRICT_FINANCING", appliedOn: daysAgo(1), expectedVersion: version }, OWNER),
    "addPunishmentMeasure",
  );
const changeStatus = async (documentNo: string, version: number, status: "REPAIRED" | "REVOKED") =>
  expectSuccess(await server.gql(ChangeDishonestyStatusDocument, { documentNo, status, changedOn: today(), expectedVersion: version }, OWNER), "changeDishonestyStatus");
const remove = async (documentNo: string, version: number) =>
  expectSuccess(await server.gql(DeleteDishonestyRecordDocument, { documentNo, expectedVersion: version }, OWNER), "deleteDishonestyRecord");
const versionOf = async (documentNo: string) => (await db().dishonestyRecord.findUniqueOrThrow({ where: { documentNo } })).version;

/** Active seeded records, the last ones by id (the client tests below use the first ones). */
async function seededActive(count: number): Promise<string[]> {
  const rows = await db().dishonestyRecord.findMany({ where: { status: "ACTIVE", deletedAt: null, changes: { every: { changedBy: "seed" } } }, orderBy: { id: "desc" }, take: count, select: { documentNo: true } });
  return rows.map((r) => r.documentNo);
}

// ── writes driven directly, in interactive transactions held open ────────────────────────────

const directCtx = () =>
  ({
    requestId: `sync-test-${process.pid}`,
    principal: { agency: "DEVELOPMENT_REFORM", countyCode: null, name: "sync-test-direct", kind: "SYSTEM", keyPrefix: "dlg_test" },
    now: new Date(),
    businessNow: new Date(AS_OF.getTime() + 10 * 3_600_000),
  }) as unknown as GraphContext;

class RolledBack extends Error {}

/**
 * Corrects a record in a transaction of its own, holding it open before and/or after taking the
 * change sequence number, and optionally rolling it back at the end.
 */
async function heldCorrection(documentNo: string, reason: string, hold: { beforeSeqMs?: number; afterSeqMs?: number; rollback?: boolean }) {
  try {
    return await db().$transaction(
      async (tx) => {
        const current = await recordForChange(tx, documentNo, null);
        if (hold.beforeSeqMs) await sleep(hold.beforeSeqMs);
        const row = await commitDishonestyChange(tx, directCtx(), { current, documentNo, data: { reason }, action: "UPDATE" });
        if (hold.afterSeqMs) await sleep(hold.afterSeqMs);
        if (hold.rollback) throw new RolledBack(String(row.changeSeq));
        return row.changeSeq;
      },
      { maxWait: 30_000, timeout: 60_000 },
    );
  } catch (error) {
    if (error instanceof RolledBack) return null;
    throw error;
  }
}

describe("dishonestyRecordChanges under concurrent writers", () => {
  it("gives a reader every committed change exactly once, in seq order, and its replica equals the database", async () => {
    // The replica starts from the export, as the credit platform does.
    const start = await readExport(server, "CREDIT_PLATFORM");
    expect(start.cursor).toBe(String(await maxSeq()));
    const replica = asStore(start.records);
    const seeded = await seededActive(6);

    let writersDone = false;
    const seen: string[] = [];
    let pages = 0;
    const reader = (async () => {
      let cursor = start.cursor!;
      for (;;) {
        const page = await changesPage(server, cursor, 4);
        pages++;
        for (const item of page.items) {
          // Strictly increasing across pages: nothing repeated, nothing arriving behind the cursor.
          if (BigInt(item.seq) <= BigInt(seen.at(-1) ?? cursor)) throw new Error(`seq ${item.seq} after ${seen.at(-1) ?? cursor}`);
          seen.push(item.seq);
        }
        applyChanges(replica, page.items);
        expect(page.cursor).toBe(page.items.at(-1)?.seq ?? cursor);
        cursor = page.cursor;
        if (!page.hasMore) {
          if (writersDone) return cursor;
          await sleep(5);
        }
      }
    })();

    // Lanes of API writes in parallel: create, correct, add a measure, then repair, revoke or
    // delete; each lane also corrects an old seeded record (a low id committing late).
    const lane = async (i: number) => {
      const { documentNo } = await create();
      let v = (await correct(documentNo, `更正${i}`)).version;
      v = (await addMeasure(documentNo, v)).version;
      await correct(seeded[i]!, `并发更正${i}`);
      if (i % 3 === 0) await remove(documentNo, v);
      else await changeStatus(documentNo, v, i % 3 === 1 ? "REPAIRED" : "REVOKED");
    };
    // Direct transactions: one opened first but taking its number last (commits after later
    // starters, out of id order), one holding the counter lock for a while (everyone queues
    // behind it), one taking a number and rolling back.
    const held = [
      heldCorrection(seeded[4]!, "先开始后提交", { beforeSeqMs: 400 }),
      sleep(50).then(() => heldCorrection(seeded[5]!, "持锁", { afterSeqMs: 300 })),
      sleep(100).then(() => heldCorrection(seeded[3]!, "回滚", { afterSeqMs: 100, rollback: true })),
    ];
    const lanes = [0, 1, 2].map((i) => lane(i));
    const [lateSeq, lockSeq, rolledBack] = await Promise.all(held);
    await Promise.all(lanes);
    writersDone = true;
    await reader;

    const committed = await db().dishonestyRecordChange.findMany({ where: { seq: { gt: BigInt(start.cursor!) } }, orderBy: { seq: "asc" }, select: { seq: true, recordId: true } });
    expect(seen).toEqual(committed.map((c) => c.seq.toString()));
    expect(committed.length).toBe(3 * 5 + 2);
    expect([lateSeq, lockSeq, rolledBack].map((s) => s?.toString() ?? null)).toEqual([expect.any(String), expect.any(String), null]);
    // The rolled-back number was given back with the lock: the committed numbers have no gap.
    expect(committed.map((c) => Number(c.seq - committed[0]!.seq))).toEqual(committed.map((_, i) => i));
    // Commits happened out of record-id order (a later seq on a lower id), yet nothing was skipped.
    expect(committed.some((c, i) => i > 0 && c.recordId < committed[i - 1]!.recordId)).toBe(true);
    expect((await db().dishonestyRecord.findUniqueOrThrow({ where: { documentNo: seeded[3]! } })).reason).not.toBe("回滚");
    expect(pages).toBeGreaterThan(3);

    const now = await readExport(server, "CREDIT_PLATFORM");
    expect(Object.fromEntries(replica)).toEqual(Object.fromEntries(asStore(now.records)));
  });
});

describe("dishonestyRecordChanges", () => {
  it("pages in seq order, carries deletions as tombstones without a record, and checks its arguments", async () => {
    const before = String(await maxSeq());
    const { documentNo, version } = await create();
    const repaired = await create();
    await changeStatus(repaired.documentNo, repaired.version, "REPAIRED");
    await remove(documentNo, version);
    const page = await changesPage(server, before, 10);
    expect(page.items.map((i) => [i.documentNo, i.kind, i.status, i.record?.status ?? null])).toEqual([
      [documentNo, "UPSERT", "ACTIVE", null],
      [repaired.documentNo, "UPSERT", "ACTIVE", "REPAIRED"],
      [repaired.documentNo, "TOMBSTONE", "REPAIRED", "REPAIRED"],
      [documentNo, "TOMBSTONE", "ACTIVE", null],
    ]);
    expect(page).toMatchObject({ hasMore: false, cursor: page.items.at(-1)!.seq });
    const empty = await changesPage(server, page.cursor, 10);
    expect(empty).toEqual({ cursor: page.cursor, hasMore: false, items: [] });
    const first = await changesPage(server, null, 2);
    expect(first).toMatchObject({ cursor: "2", hasMore: true });

    // Both refused before anything runs (HTTP 400), naming the argument and the rule.
    for (const [query, field, rule] of [
      [`{ dishonestyRecordChanges(first: 1001) { cursor } }`, "dishonestyRecordChanges.first", "maxPageSize"],
      [`{ dishonestyRecordChanges(after: "x1") { cursor } }`, "dishonestyRecordChanges.after", "cursor"],
    ]) {
      const bad = await server.gql(query!, {}, "CREDIT_PLATFORM");
      expect(bad.status).toBe(400);
      expect(bad.body.errors!.map((e) => [e.extensions!.code, e.extensions!.field, e.extensions!.rule])).toEqual([["BAD_USER_INPUT", field, rule]]);
    }
  });

  it("gives a county only its own records' changes, and costs the same statements for 5 items as for 50", async () => {
    // ID numbers are outside a county's view: the credit platform's document is answered as one
    // naming a field that does not exist, and the county reads the feed without them.
    expectUnknownField(await server.gql(CHANGES_DOCUMENT, { after: null, first: 100 }, "COUNTY:阳东区"), "idNumber", "Person");
    const page = await changesPage(server, null, 100, "COUNTY:阳东区", CHANGES_DOCUMENT.replace(/^\s*idNumber\n/m, ""));
    const counties = await db().dishonestyRecord.findMany({ where: { documentNo: { in: page.items.map((i) => i.documentNo) } }, select: { countyCode: true } });
    expect(new Set(counties.map((c) => c.countyCode))).toEqual(new Set(["441704"]));
    expect(page.items.some((i) => i.record?.person)).toBe(true);
    expect(page.items.filter((i) => i.record?.person).every((i) => !("idNumber" in i.record!.person))).toBe(true);

    const small = await server.gql(`query($f: Int) { dishonestyRecordChanges(first: $f) { items { seq record { documentNo person { name } enterprise { name } measures { measure } } } } }`, { f: 5 }, "CREDIT_PLATFORM");
    const large = await server.gql(`query($f: Int) { dishonestyRecordChanges(first: $f) { items { seq record { documentNo person { name } enterprise { name } measures { measure } } } } }`, { f: 50 }, "CREDIT_PLATFORM");
    expect(small.body.extensions!.statements).toBe(large.body.extensions!.statements);
  });
});

describe("GET /export/dishonesty-records.ndjson", () => {
  it("streams every current record once, in id order, then the cursor; ID numbers in clear for the credit platform only", async () => {
    const gone = await create();
    await remove(gone.documentNo, gone.version);
    const cp = await readExport(server, "CREDIT_PLATFORM");
    expect(cp.status).toBe(200);
    expect(cp.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
    const live = await db().dishonestyRecord.findMany({ where: { deletedAt: null }, orderBy: { id: "asc" }, include: { person: true } });
    expect(cp.records.map((r) => r.documentNo)).toEqual(live.map((r) => r.documentNo));
    expect(cp.records.map((r) => r.documentNo)).not.toContain(gone.documentNo);
    expect(cp.cursor).toBe(String(await maxSeq()));
    expect(cp.headers.get("x-change-cursor")).toBe(cp.cursor);
    expect(cp.records.some((r) => r.status === "REPAIRED")).toBe(true);

    const persons = live.filter((r) => r.person);
    expect(persons.length).toBeGreaterThan(0);
    const byDoc = asStore(cp.records);
    for (const r of persons) expect(byDoc.get(r.documentNo)!.person).toEqual({ name: r.person!.name, idNumber: r.person!.idNumber });

    const fin = asStore((await readExport(server, "FINANCE_BUREAU")).records);
    for (const r of persons) expect(fin.get(r.documentNo)!.person).toEqual({ name: r.person!.name, idNumber: maskIdNumber(r.person!.idNumber) });

    // The same record, the same object, from the export and from the feed (the client stores both alike).
    const page = await changesPage(server, String(BigInt(persons[0]!.changeSeq) - 1n), 1);
    expect(page.items[0]!.record).toEqual(byDoc.get(persons[0]!.documentNo));
  });

  it("gives a county only its county, without ID numbers", async () => {
    const county = await readExport(server, "COUNTY:阳东区");
    const expected = await db().dishonestyRecord.count({ where: { deletedAt: null, countyCode: "441704" } });
    expect(county.records.length).toBe(expected);
    expect(county.headers.get("x-record-count")).toBe(String(expected));
    expect(new Set(county.records.map((r) => r.county.code))).toEqual(new Set(["441704"]));
    const persons = county.records.filter((r) => r.person);
    expect(persons.length).toBeGreaterThan(0);
    expect(persons.every((r) => r.person.idNumber === null && typeof r.person.name === "string")).toBe(true);
    expect(county.cursor).toBe(String(await maxSeq()));
  });

  it("refuses a principal without credit.dishonesty (403), a missing key (401) and a bad `after` (400), as JSON", async () => {
    const setCell = (sharing: string) =>
      server.gql(`mutation { setPolicyCell(resource: "credit.dishonesty", principal: "COMMERCE", sharing: ${sharing}, reason: "sync test: export refusal") { __typename } }`);
    await setCell("DENY");
    try {
      const denied = await readExport(server, "COMMERCE");
      expect(denied.status).toBe(403);
      expect(denied.error!.errors[0]).toMatchObject({ message: expect.stringContaining("credit.dishonesty"), extensions: { code: "FORBIDDEN", resource: "credit.dishonesty", sharing: "DENY" } });
      // Closed by the override, the feed leaves COMMERCE's view: as a field that does not exist.
      const feed = await server.gql(`{ dishonestyRecordChanges(first: 1) { cursor } }`, {}, "COMMERCE");
      expectUnknownField(feed, "dishonestyRecordChanges", "Query");
    } finally {
      await setCell("READ");
    }
    const anonymous = await readExport(server, null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(anonymous.error!.errors[0]!.extensions.code).toBe("UNAUTHENTICATED");
    expect((await readExport(server, null, { key: "dlg_not_a_key" })).status).toBe(401);
    const bad = await readExport(server, "CREDIT_PLATFORM", { after: "not-an-id" });
    expect(bad.status).toBe(400);
    expect(bad.error!.errors[0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "after" });
  });

  it("resumes after a given line, and writes one audit entry per export with a count, not a row per record", async () => {
    const all = await readExport(server, "CREDIT_PLATFORM");
    const rest = await readExport(server, "CREDIT_PLATFORM", { after: all.records[99]!.id });
    expect(rest.records).toEqual(all.records.slice(100));
    expect(rest.cursor).toBe(all.cursor);

    const entries = await db().auditEntry.findMany({ where: { operationName: "GET /export/dishonesty-records.ndjson", agency: "CREDIT_PLATFORM" }, orderBy: { id: "desc" }, take: 2 });
    expect(entries[1]!.variables).toMatchObject({ after: null, records: all.records.length, cursor: all.cursor, county: null });
    expect(entries[0]!.variables).toMatchObject({ after: all.records[99]!.id, records: all.records.length - 100 });
    expect(entries[1]!.resources.sort()).toEqual(["credit.dishonesty", "credit.subjectIdNumber", "enterprise.registration", "person.identity"]);
    expect(expandRecords(entries[1]!.records)).toEqual([]);
    const county = await db().auditEntry.findFirstOrThrow({ where: { operationName: "GET /export/dishonesty-records.ndjson", agency: "COUNTY" }, orderBy: { id: "desc" } });
    expect(county.resources).not.toContain("credit.subjectIdNumber");
    expect(county.deniedFields).toBeGreaterThan(0);
  });
});

describe("the example sync client (clients/credit-platform/sync.ts)", () => {
  let store: string;
  beforeAll(async () => {
    store = await mkdtemp(join(tmpdir(), "credit-sync-"));
  });
  afterAll(() => rm(store, { recursive: true, force: true }));
  const state = async () => JSON.parse(await readFile(join(store, "state.json"), "utf8")) as { phase: string; cursor?: string; export?: { cursor: string; after: string }; records: Record<string, SyncedRecord> };
  const expectStoreEqualsDatabase = async () => {
    const s = await state();
    const db = await readExport(server, "CREDIT_PLATFORM");
    expect(s.phase).toBe("changes");
    expect(s.cursor).toBe(String(await maxSeq()));
    expect(s.records).toEqual(Object.fromEntries(asStore(db.records)));
  };
  const small = ["--page-size", "3", "--export-checkpoint", "40", "--page-delay-ms", "150"];

  it("is killed while loading the export and while following the feed, and ends with exactly the database", async () => {
    // 1. Killed mid-export, after its first checkpoint.
    const first = startSyncClient(server, store, small);
    await first.waitFor((e) => e.event === "export-checkpoint");
    first.child.kill("SIGKILL");
    await first.exited;
    const cut = await state();
    expect(cut.phase).toBe("export");
    expect(Object.keys(cut.records).length).toBeGreaterThanOrEqual(40);
    expect(first.events.some((e) => e.event === "export-done")).toBe(false);

    // 2. Writes between the attempts, on records already stored and not yet stored.
    const storedDocs = Object.keys(cut.records);
    const exported = (await readExport(server, "CREDIT_PLATFORM")).records;
    const notYet = exported.filter((r) => !cut.records[r.documentNo] && r.status === "ACTIVE").map((r) => r.documentNo);
    const storedActive = storedDocs.filter((d) => cut.records[d]!.status === "ACTIVE");
    await correct(storedActive[0]!, "导出中断后更正（已存）");
    await remove(storedActive[1]!, await versionOf(storedActive[1]!));
    await changeStatus(storedActive[2]!, await versionOf(storedActive[2]!), "REVOKED");
    await correct(notYet[0]!, "导出中断后更正（未存）");
    await remove(notYet[1]!, await versionOf(notYet[1]!));
    for (let i = 0; i < 3; i++) await create();

    // 3. Resumes the export, then killed after its first page of changes.
    const second = startSyncClient(server, store, small);
    await second.waitFor((e) => e.event === "page");
    second.child.kill("SIGKILL");
    await second.exited;
    expect(second.events.find((e) => e.event === "export-done")).toMatchObject({ cursor: cut.export!.cursor });
    expect((await state()).phase).toBe("changes");
    expect(second.events.some((e) => e.event === "done")).toBe(false);

    // 4. Runs to the end: exactly the database's current records, and its cursor.
    const third = startSyncClient(server, store, small);
    expect(await third.exited, third.stderr()).toBe(0);
    expect(third.events.some((e) => e.event.startsWith("export"))).toBe(false);
    await expectStoreEqualsDatabase();

    // 5. After new writes, a run applies only those changes.
    const fresh = await create();
    await correct(fresh.documentNo, "再次更正");
    await remove(storedActive[3]!, await versionOf(storedActive[3]!));
    const fourth = startSyncClient(server, store, ["--page-size", "100"]);
    expect(await fourth.exited, fourth.stderr()).toBe(0);
    expect(fourth.events.at(-1)).toMatchObject({ event: "done", applied: 3 });
    await expectStoreEqualsDatabase();
  });

  it("survives being killed at random moments, again and again", async () => {
    const dir = await mkdtemp(join(tmpdir(), "credit-sync-random-"));
    try {
      const args = ["--page-size", "2", "--export-checkpoint", "25", "--page-delay-ms", "20"];
      for (let attempt = 0; attempt < 6; attempt++) {
        const run = startSyncClient(server, dir, args);
        await sleep(200 + Math.random() * 1200);
        run.child.kill("SIGKILL");
        await run.exited;
        // Changes keep coming between runs: new records, and deletions.
        const made = await create();
        if (attempt % 2) await remove(made.documentNo, made.version);
      }
      const last = startSyncClient(server, dir, args);
      expect(await last.exited, last.stderr()).toBe(0);
      const s = JSON.parse(await readFile(join(dir, "state.json"), "utf8"));
      expect(s.cursor).toBe(String(await maxSeq()));
      expect(s.records).toEqual(Object.fromEntries(asStore((await readExport(server, "CREDIT_PLATFORM")).records)));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
