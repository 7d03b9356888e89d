// The business clock (src/clock.ts) over HTTP: a demo database's "today" is its dataset's as-of
// date, CLOCK=now is the real date, CLOCK=<date> a chosen one; a database without demo data runs
// on the real clock and refuses CLOCK=<date>. The derived bond fields follow the clock in force,
// record timestamps do not.
import { afterAll, describe, expect, it } from "vitest";
import { ClockError } from "../src/clock.ts";
import { AS_OF, isoDate } from "../src/seed/calendar.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";
import { spawnServer } from "./helpers/process.ts";
import { SubmitProgressReportDocument } from "./generated/graphql.ts";

const servers: TestServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.close();
});
async function start(env: Record<string, string> = {}): Promise<TestServer> {
  const server = await startTestServer({ env });
  servers.push(server);
  return server;
}
const realToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const readyz = async (server: TestServer) => (await (await fetch(`${server.origin}/readyz`)).json()) as { clock: { mode: string; today: string; datasetAsOf?: string } };

const BONDS = `{ bonds(first: 500, orderBy: [{ field: MATURITY_DATE }]) { nodes { code daysUntilNextPayment amountOverdue } } }`;
type BondNode = { code: string; daysUntilNextPayment: number | null; amountOverdue: string };

/** The same fields computed in SQL for business date `today`, independently of the server's code. */
async function expectedBonds(server: TestServer, today: string): Promise<BondNode[]> {
  const rows = await server.running.db.prisma.$queryRawUnsafe<Array<{ code: string; days: number | null; overdue: string }>>(
    `SELECT b.code,
            (SELECT min(s.due_date) - $1::date FROM bond_schedule_item s
              WHERE s.bond_id = b.id AND s.due_date >= $1::date AND NOT EXISTS (SELECT 1 FROM bond_payment p WHERE p.schedule_item_id = s.id)) AS days,
            (SELECT coalesce(sum(greatest(0, s.amount_due - coalesce((SELECT sum(p.amount_paid) FROM bond_payment p WHERE p.schedule_item_id = s.id), 0))), 0)::text
               FROM bond_schedule_item s WHERE s.bond_id = b.id AND s.due_date < $1::date
                AND NOT EXISTS (SELECT 1 FROM bond_payment p WHERE p.schedule_item_id = s.id AND p.outcome = 'EXTENDED')) AS overdue
     FROM bond b WHERE b.retired_at IS NULL`,
    today,
  );
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const res = await server.gql<{ bonds: { nodes: BondNode[] } }>(BONDS, {}, "DEVELOPMENT_REFORM");
  return res.body.data!.bonds.nodes.map((n) => {
    const r = byCode.get(n.code)!;
    return { code: n.code, daysUntilNextPayment: r.days === null ? null : Number(r.days), amountOverdue: String(Number(r.overdue)) };
  });
}
async function bondsAsServed(server: TestServer): Promise<BondNode[]> {
  const res = await server.gql<{ bonds: { nodes: BondNode[] } }>(BONDS, {}, "DEVELOPMENT_REFORM");
  expect(res.body.errors).toBeUndefined();
  return res.body.data!.bonds.nodes.map((n) => ({ ...n, amountOverdue: String(Number(n.amountOverdue)) }));
}

describe("the business clock", () => {
  it("is the dataset's as-of date on a demo database, shown by /readyz and the explorer", async () => {
    const server = await start();
    expect((await readyz(server)).clock).toEqual({ mode: "dataset", today: isoDate(AS_OF), datasetAsOf: "2018-12-31" });
    const page = await (await fetch(server.url, { headers: { accept: "text/html" } })).text();
    expect(page).toContain('data-mode="dataset"');
    expect(page).toContain("<strong>2018-12-31</strong>");
    const served = await bondsAsServed(server);
    expect(served.length).toBeGreaterThan(0);
    expect(served).toEqual(await expectedBonds(server, "2018-12-31"));
    // A record written today carries the real time, whatever the business date.
    const before = Date.now();
    const res = await server.gql(SubmitProgressReportDocument, { quarterEnd: "2018-12-31", summary: "时钟测试：2018年第4季度报告。" }, "PBOC");
    const stored = await server.running.db.prisma.progressReport.findFirstOrThrow({ where: { agency: "PBOC", quarterEnd: new Date("2018-12-31") } });
    expect(res.body.data!.submitProgressReport!.__typename).toBe("MutationSubmitProgressReportSuccess");
    expect(stored.submittedAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(stored.createdAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
  });

  it("CLOCK=2017-06-30 moves every derived date to that day, and notFuture with it", async () => {
    const server = await start({ CLOCK: "2017-06-30" });
    expect((await readyz(server)).clock).toEqual({ mode: "fixed", today: "2017-06-30", datasetAsOf: "2018-12-31" });
    const served = await bondsAsServed(server);
    expect(served).toEqual(await expectedBonds(server, "2017-06-30"));
    // the clock changes the answers: days to the next payment are counted from mid-2017
    const atDataset = await expectedBonds(server, "2018-12-31");
    expect(served).not.toEqual(atDataset);
    expect(served.filter((b, i) => b.daysUntilNextPayment !== null && b.daysUntilNextPayment === atDataset[i]!.daysUntilNextPayment)).toEqual([]);
    // a quarter after the business date is in the future
    const res = await server.gql(SubmitProgressReportDocument, { quarterEnd: "2017-09-30", summary: "时钟测试" }, "PBOC");
    expect(res.body.data!.submitProgressReport).toMatchObject({ __typename: "ValidationError", issues: [{ field: "quarterEnd", rule: "notFuture" }] });
    const page = await (await fetch(server.url, { headers: { accept: "text/html" } })).text();
    expect(page).toContain("<strong>2017-06-30</strong>");
  });

  it("CLOCK=now uses the real date on a demo database", async () => {
    const server = await start({ CLOCK: "now" });
    const { clock } = await readyz(server);
    expect(clock.mode).toBe("real");
    expect([realToday(), new Date(Date.now() + 8 * 3_600_000 - 60_000).toISOString().slice(0, 10)]).toContain(clock.today);
    expect(await bondsAsServed(server)).toEqual(await expectedBonds(server, clock.today));
    const res = await server.gql(SubmitProgressReportDocument, { quarterEnd: "2019-03-31", summary: "时钟测试：实时钟下2019年第1季度已过去。" }, "PBOC");
    expect(res.body.data!.submitProgressReport!.__typename).toBe("MutationSubmitProgressReportSuccess");
  });

  it("keeps a database without demo data on the real clock and refuses CLOCK=<date> there", async () => {
    const empty = { DATA_DIR: "memory", SEED_DEMO: "false" };
    const server = await start(empty);
    expect((await readyz(server)).clock).toMatchObject({ mode: "real" });
    expect((await readyz(server)).clock.datasetAsOf).toBeUndefined();
    // One refused start, both of its properties (a fresh empty database costs seconds on PGlite).
    const refused: unknown = await startTestServer({ env: { ...empty, CLOCK: "2017-06-30" } }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(ClockError);
    expect((refused as Error).message).toBe(
      "CLOCK=2017-06-30 is only for a database seeded with demo data; this database holds none, so it runs on the real clock (unset CLOCK or set CLOCK=now)",
    );
  });

  it("npm start refuses CLOCK=<date> on a production database with one line", async () => {
    const started = spawnServer({ DATA_DIR: "memory", SEED_DEMO: "false", CLOCK: "2017-06-30" }, 60_000);
    await expect(started).rejects.toThrow(/server exited with 1 before ready; stderr: cannot start: CLOCK=2017-06-30 is only for a database seeded with demo data/);
  });
});
