// The runner (issue 12): dirty marks written by triggers in the writing transaction, the worker
// that evaluates and deletes them, the sweep scheduler driven by a chosen time and the business
// clock, and the on-demand evaluation (FINANCE_BUREAU only). What each rule raises is
// test/alert-rules*.test.ts's; here, the machinery around the engine.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import { mutationCases } from "./helpers/mutations.ts";
import { expectNotCallable } from "./helpers/attack.ts";
import { onPostgres } from "./helpers/backend.ts";
import { SHIPPED_RULES, watchedTables } from "../src/alerts/rules/catalogue.ts";
import { testRule } from "./helpers/alerts.ts";
import { alertRunnerOf } from "../src/alerts/runner.ts";
import { dueSlots, endedPeriod } from "../src/alerts/sweep-slots.ts";

let server: TestServer;
beforeAll(async () => {
  // No scheduled sweep of its own: the test stands the scheduler at chosen times (tick).
  server = await startTestServer({ scale: 0.1, env: { ALERT_SWEEP_AT: "01:30", CLOCK: "2018-12-31" } });
});
afterAll(() => server?.close());

const db = () => server.running.db.prisma;
const runner = () => alertRunnerOf(server.running.app)!;
const marks = async () => Number((await db().$queryRawUnsafe<{ n: bigint }[]>("SELECT count(*) AS n FROM alert_dirty"))[0]!.n);

/** Polls the database until `holds`; fails after `ms` (the machine is shared: generous). */
async function until(holds: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const started = Date.now();
  while (!(await holds())) {
    if (Date.now() - started > ms) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe(`dirty marks on ${onPostgres ? "PostgreSQL" : "PGlite"}`, () => {
  it("every table a rule reads has the insert, update and delete triggers", async () => {
    const rows = await db().$queryRawUnsafe<{ table_name: string; tgname: string }[]>(
      `SELECT c.relname AS table_name, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
        WHERE NOT t.tgisinternal AND t.tgfoid = 'dlg_mark_dirty'::regproc`,
    );
    const triggered = new Map<string, Set<string>>();
    for (const r of rows) triggered.set(r.table_name, (triggered.get(r.table_name) ?? new Set()).add(r.tgname));
    // county: reference data keyed by its division code, no integer row id to mark; no rule maps
    // its rows to subjects (the sweep re-checks the rule that reads it).
    const unmarked = new Set(["county"]);
    const missing = watchedTables().filter((t) => !unmarked.has(t)).filter((t) => !["insert", "update", "delete"].every((op) => triggered.get(t)?.has(`${t}_dirty_${op}`)));
    expect(missing, "tables rules read without the dirty-mark triggers (add them to a migration)").toEqual([]);
    expect(watchedTables().length).toBeGreaterThan(10);
  });

  it("the seed leaves no marks and records its one sweep", async () => {
    await runner().worker!.idle();
    expect(await marks()).toBe(0);
    const seed = await db().alertSweep.findUnique({ where: { slot: "seed" } });
    expect(seed?.businessDate.toISOString().slice(0, 10)).toBe("2018-12-31");
  });

  it("a statement marks each row it touches in its own transaction; a rolled-back one marks nothing", async () => {
    const venue = await db().tradingVenue.findFirstOrThrow({ orderBy: { id: "asc" } });
    // Marks are deleted by the worker as soon as they commit: look inside the transaction.
    const inside = await db().$transaction(async (tx) => {
      await tx.$executeRawUnsafe("UPDATE trading_venue SET name = name WHERE id = $1", venue.id);
      return tx.$queryRawUnsafe<{ table_name: string; row_id: number }[]>("SELECT table_name, row_id FROM alert_dirty WHERE table_name = 'trading_venue' AND row_id = $1", venue.id);
    });
    expect(inside).toEqual([{ table_name: "trading_venue", row_id: venue.id }]);
    // A statement that changes no row leaves no mark.
    const none = await db().$transaction(async (tx) => {
      await tx.$executeRawUnsafe("UPDATE trading_venue SET name = name WHERE id = -1");
      return tx.$queryRawUnsafe<unknown[]>("SELECT 1 FROM alert_dirty WHERE table_name = 'trading_venue' AND row_id = -1");
    });
    expect(none).toEqual([]);
    const before = await db().alertDirty.count();
    await expect(
      db().$transaction(async (tx) => {
        await tx.$executeRawUnsafe("UPDATE trading_venue SET name = name WHERE id = $1", venue.id);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await db().alertDirty.count()).toBeLessThanOrEqual(before);
  });

  it("a write through the graph is marked and the worker evaluates and deletes its marks", async () => {
    const batches = runner().worker!.batches;
    const cases = mutationCases(server);
    const args = await cases.upsertTradingVenue!.prepare();
    const res = await server.gql(`mutation($input: TradingVenueInput!) { upsertTradingVenue(input: $input) { __typename } }`, args);
    expect(res.body.data?.upsertTradingVenue?.__typename, JSON.stringify(res.body)).toBe("MutationUpsertTradingVenueSuccess");
    await until(async () => runner().worker!.batches > batches && (await marks()) === 0);
  });
});

describe("the sweep schedule", () => {
  it("names slots by the Beijing date and a digest period by the business date", () => {
    // 2026-12-01 01:00 UTC is 09:00 in Beijing: the day's 01:30 slot has passed.
    expect(dueSlots(new Date("2026-12-01T01:00:00Z"), "01:30", true)).toEqual([
      { key: "daily:2026-12-01", at: new Date("2026-11-30T17:30:00Z") },
      { key: "quarter:2026Q3", at: new Date("2026-09-30T16:05:00Z") },
    ]);
    // 17:00 UTC on 30 November is 01:00 on 1 December in Beijing: before the slot, so the 30th's.
    expect(dueSlots(new Date("2026-11-30T17:00:00Z"), "01:30", false)).toEqual([{ key: "daily:2026-11-30", at: new Date("2026-11-29T17:30:00Z") }]);
    expect(endedPeriod("2018-12-31", "month")).toBe("2018-11");
    expect(endedPeriod("2019-01-01", "quarter")).toBe("2018Q4");
    expect(endedPeriod("2018-12-31", "quarter")).toBe("2018Q3");
    expect(endedPeriod("2018-12-31", "day")).toBe("2018-12-30");
  });

  it("runs a due slot once, on the business date, with escalation and the ended period's digests", async () => {
    // A moment after tomorrow's (real) 01:30 Beijing: a slot no sweep has run since.
    const now = new Date(Date.now() + 2 * 86_400_000);
    const [first] = await runner().scheduler.tick(now);
    expect(first).toMatchObject({ slot: expect.stringMatching(/^daily:/), businessDate: "2018-12-31", digestPeriod: "2018-11" });
    const digests = await db().outboxEvent.count({ where: { topic: "alert.digest", payload: { path: ["period"], equals: "2018-11" } } });
    expect(digests).toBeGreaterThan(0);
    // Again at the same moment: done already, nothing runs, no digest twice.
    expect(await runner().scheduler.tick(now)).toEqual([]);
    expect(await db().outboxEvent.count({ where: { topic: "alert.digest", payload: { path: ["period"], equals: "2018-11" } } })).toBe(digests);
    const row = await db().alertSweep.findUniqueOrThrow({ where: { slot: first!.slot } });
    expect(row).toMatchObject({ digestPeriod: "2018-11", summary: { byRule: first!.byRule, escalated: first!.escalated } });
  });
});

describe("evaluateRiskRules", () => {
  const EVALUATE = `mutation EvaluateNow($codes: [String!]) { evaluateRiskRules(codes: $codes) {
    __typename
    ... on MutationEvaluateRiskRulesSuccess { data { businessDate byRule { code raised changed resolved ms } } }
    ... on ValidationError { issues { field rule message } }
  } }`;

  it("runs every enabled rule for FINANCE_BUREAU, on the business date, audited", async () => {
    const res = await server.gql(EVALUATE, {});
    expect(res.body.errors).toBeUndefined();
    const data = res.body.data.evaluateRiskRules.data;
    expect(data.businessDate).toBe("2018-12-31");
    const enabled = await db().riskRule.findMany({ where: { enabled: true, code: { in: SHIPPED_RULES.map((r) => r.code) } }, orderBy: { id: "asc" }, select: { code: true } });
    expect(data.byRule.map((r: { code: string }) => r.code)).toEqual(enabled.map((r) => r.code));
    // A second run right after raises nothing new.
    const again = await server.gql(EVALUATE, {});
    for (const r of again.body.data.evaluateRiskRules.data.byRule) expect(r.raised, r.code).toBe(0);
    const audited = await db().auditEntry.findFirst({ where: { operationName: "EvaluateNow" }, orderBy: { id: "desc" } });
    expect(audited?.agency).toBe("FINANCE_BUREAU");
  });

  // A rule row with no shipped SQL (inserted by psql, or a test's factory) has nothing to evaluate:
  // it must not stop the evaluation of every other rule, and naming it is a clear refusal.
  it("skips an enabled rule that has no shipped SQL, and refuses it by name", async () => {
    const row = await testRule(db(), { resources: ["enterprise.registration"] });
    const res = await server.gql(EVALUATE, {});
    expect(res.body.errors).toBeUndefined();
    const codes = res.body.data.evaluateRiskRules.data.byRule.map((r: { code: string }) => r.code);
    expect(codes).not.toContain(row.code);
    expect(codes).toContain("BANK_LEVERAGE_BELOW_MIN");
    const named = await server.gql(EVALUATE, { codes: [row.code] });
    expect(named.body.data.evaluateRiskRules).toMatchObject({ __typename: "ValidationError", issues: [{ field: "codes[0]", rule: "shipped" }] });
    await db().riskRule.delete({ where: { id: row.id } });
  });

  it("names an unknown rule code by its position", async () => {
    const res = await server.gql(EVALUATE, { codes: ["NO_SUCH_RULE"] });
    expect(res.body.data.evaluateRiskRules).toMatchObject({ __typename: "ValidationError", issues: [{ field: "codes[0]", rule: "exists" }] });
  });

  // Outside FINANCE_BUREAU's view the mutation does not exist (operations are validated against
  // each principal's schema): refused before anything runs, as an unknown field.
  it.each(["PBOC", "CBRC", "DEVELOPMENT_REFORM", "COUNTY:阳东区"])("is not callable by %s", async (as) => {
    expectNotCallable(await server.gql(EVALUATE, {}, as), "evaluateRiskRules");
  });
});
