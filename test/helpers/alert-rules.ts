// Driving the risk rules in tests: writes through the graph's mutations, then an evaluation on the
// test server's database in one transaction (incremental from the touched rows, as the runner
// does, or a sweep), and the alerts of one subject.
import { expect } from "vitest";
import { AS_OF } from "../../src/seed/calendar.ts";
import { evaluateRules, subjectsOfDirty } from "../../src/alerts/evaluate.ts";
import { mutationDocument } from "./mutations.ts";
import { alertRunnerOf } from "../../src/alerts/runner.ts";
import type { TestServer } from "./server.ts";

export const iso = (d: Date) => d.toISOString().slice(0, 10);
const DAY = 86_400_000;
/** The business date of a demo database: the dataset's as-of date (src/clock.ts). */
export const TODAY = iso(AS_OF);
export const inDays = (n: number) => iso(new Date(AS_OF.getTime() + n * DAY));

export function ruleHarness(server: () => TestServer) {
  const db = () => server().running.db.prisma;

  /**
   * These tests evaluate themselves (incremental, sweep) to see each step's counts: the server's
   * own evaluation worker (src/alerts/worker.ts) would otherwise take the same marks first.
   */
  const quietWorker = () => alertRunnerOf(server().running.app)?.worker?.stop();

  /** One write through the graph; fails the test with the answer unless it succeeds. */
  async function write(name: string, args: Record<string, unknown>, as: string): Promise<void> {
    await quietWorker();
    const res = await server().gql(mutationDocument(name, Object.keys(args), "__typename ... on MutationError { message }", "Write"), args, as);
    const result = res.body.data?.[name] as { __typename?: string } | undefined;
    if (!result?.__typename?.endsWith("Success")) throw new Error(`${name} as ${as}: ${JSON.stringify(res.body)}`);
  }

  const rule = (code: string) => db().riskRule.findUniqueOrThrow({ where: { code } });

  /** The whole rule, as the scheduler's sweep does. */
  async function sweep(code: string, businessDate = TODAY) {
    const r = await rule(code);
    const summary = await db().$transaction((tx) => evaluateRules(tx, { rules: [r], businessDate }));
    return summary.byRule[0]!;
  }

  /** Every enabled rule once: what the demo data raises, so a test sees only its own writes' changes. */
  async function sweepAll(businessDate = TODAY) {
    const rules = await db().riskRule.findMany({ where: { enabled: true } });
    return db().$transaction((tx) => evaluateRules(tx, { rules, businessDate }), { timeout: 120_000 });
  }

  /** Only the subjects the touched rows affect, as the runner does after a write. */
  async function incremental(code: string, rows: { tableName: string; rowId: number }[], businessDate = TODAY) {
    const r = await rule(code);
    return db().$transaction(async (tx) => {
      const subjects = await subjectsOfDirty(tx, rows);
      const summary = await evaluateRules(tx, { rules: [r], businessDate, subjects });
      return { subjects: subjects.get(code) ?? [], result: summary.byRule[0] ?? { code, raised: 0, changed: 0, resolved: 0, ms: 0 } };
    });
  }

  const alertsOf = async (code: string, subjectId: number) =>
    db().alert.findMany({ where: { rule: { code }, subjectId }, orderBy: { id: "asc" }, include: { events: { orderBy: { id: "asc" } } } });

  /** Exactly one live alert for the subject, for exactly the rule's agencies, raised with one event and one outbox entry. */
  async function expectRaised(code: string, subjectId: number, businessDate = TODAY) {
    const r = await rule(code);
    const alerts = await alertsOf(code, subjectId);
    const live = alerts.filter((a) => a.live);
    expect(live, `live alerts of ${code} for subject ${subjectId}`).toHaveLength(1);
    const alert = live[0]!;
    expect(alert.status).toBe("OPEN");
    expect([...alert.assignedAgencies].sort()).toEqual([...r.responsibleAgencies].sort());
    expect(alert.subjectType).toBe(r.subjectType);
    expect(alert.events.map((e) => e.kind)).toEqual(["RAISED"]);
    expect(iso(alert.raisedOn)).toBe(businessDate);
    expect(alert.ackDueOn.getTime()).toBeGreaterThan(alert.raisedOn.getTime());
    const outbox = await db().outboxEvent.findMany({ where: { alertId: alert.id } });
    expect(outbox.map((o) => o.topic)).toEqual(["alert.raised"]);
    return alert;
  }

  /** The alert closed by itself, its history kept; nothing live for the subject. */
  async function expectResolved(code: string, subjectId: number, alertId: number) {
    const alerts = await alertsOf(code, subjectId);
    expect(alerts.filter((a) => a.live)).toHaveLength(0);
    const alert = alerts.find((a) => a.id === alertId)!;
    expect(alert).toMatchObject({ status: "RESOLVED", autoResolved: true, live: null });
    expect(alert.closedAt).not.toBeNull();
    expect(alert.events.map((e) => e.kind)).toContain("AUTO_RESOLVED");
  }

  /** A repeated evaluation of the whole rule changes nothing. */
  async function expectSettled(code: string, businessDate = TODAY) {
    expect(await sweep(code, businessDate)).toMatchObject({ raised: 0, changed: 0, resolved: 0 });
  }

  return { db, write, rule, sweep, sweepAll, incremental, alertsOf, expectRaised, expectResolved, expectSettled };
}
