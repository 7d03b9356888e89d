// npx tsx bench/alerts.ts [--scales 1,10] [--backends pglite,postgres] [--writes 120] [--rate 4]
//
// The early warning's two figures (issue 12): the full sweep (every enabled rule evaluated in
// full, as the scheduler runs it) at each scale and backend, and commit-to-event latency of the
// incremental evaluation under a steady write load: writes through the graph (reportIndicators as
// CBRC) that alternately cross and clear a bank's leverage line, each answered only once it has
// committed, timed from that answer until the event feed (src/events/) delivers the alert's event
// in the same process (the trigger's outbox row, NOTIFY, the feed). Databases of their own:
// PostgreSQL dlg_alerts_s<scale>, PGlite under /tmp/dlg-alerts-bench/ (seeded when missing).
// Results to bench/results/alerts-latest.md.
import { mkdir, writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import pg from "pg";
import { loadConfig } from "../src/config.ts";
import { createLogger } from "../src/logger.ts";
import { startApp } from "../src/app.ts";
import { createApiKey } from "../src/access/api-keys.ts";
import { eventFeedOf } from "../src/server.ts";
import { runSweep, type SweepResult } from "../src/alerts/sweep.ts";
import { AS_OF } from "../src/seed/calendar.ts";
import { stats, type Stats } from "./measure.ts";

const { values } = parseArgs({
  options: {
    scales: { type: "string", default: "1,10" },
    backends: { type: "string", default: "pglite,postgres" },
    writes: { type: "string", default: "120" },
    rate: { type: "string", default: "4" },
    sweeps: { type: "string", default: "3" },
    postgres: { type: "string", default: "postgresql://postgres@127.0.0.1:5432/postgres" },
  },
});
const TODAY = AS_OF.toISOString().slice(0, 10);
const RULE = "BANK_LEVERAGE_BELOW_MIN";

async function postgresEnv(scale: number): Promise<Record<string, string>> {
  const name = `dlg_alerts_s${String(scale).replace(".", "_")}`;
  const admin = new pg.Client({ connectionString: values.postgres });
  await admin.connect();
  if (!(await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount) await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(values.postgres!);
  url.pathname = `/${name}`;
  return { DATABASE_URL: url.toString(), SEED_DEMO: "true", DATA_DIR: `/tmp/dlg-alerts-bench/pg-s${scale}` };
}

interface Row {
  backend: string;
  scale: number;
  seedSweepMs: number | null;
  sweep: Stats;
  slowest: { code: string; ms: number }[];
  rules: number;
  liveAlerts: number;
  latency: Stats | null;
  lost: number;
}

async function measure(backend: string, scale: number): Promise<Row> {
  const env = backend === "pglite" ? { DATA_DIR: `/tmp/dlg-alerts-bench/pglite-s${scale}` } : await postgresEnv(scale);
  // No scheduled sweep during the measurement; writes are not rate-limited.
  const config = loadConfig({ ...env, NODE_ENV: "development", LOG_LEVEL: "silent", PORT: "0", HOST: "127.0.0.1", SEED_SCALE: String(scale), RATE_LIMIT_MAX: "0", ALERT_SWEEP_AT: "off", ALERT_SWEEP_QUARTER_END: "false" });
  const started = performance.now();
  const running = await startApp(config, createLogger(config));
  console.error(`  ${backend} scale ${scale}: ready in ${Math.round(performance.now() - started)} ms`);
  try {
    const prisma = running.db.prisma;
    const seed = await prisma.alertSweep.findUnique({ where: { slot: "seed" } });
    // ── the full sweep, as the scheduler runs it (escalation included, no digest) ──
    const sweeps: SweepResult[] = [];
    for (let i = 0; i < Number(values.sweeps); i++) {
      const result = await runSweep(prisma, { slot: `bench:${Date.now()}:${i}`, businessDate: TODAY, digest: null });
      sweeps.push(result!);
      console.error(`    sweep ${i + 1}: ${result!.ms} ms (${result!.byRule.length} rules)`);
    }
    const last = sweeps[sweeps.length - 1]!;
    const liveAlerts = await prisma.alert.count({ where: { live: true } });

    // ── commit-to-event under a steady write load ──
    const { key } = await createApiKey(prisma, { agency: "CBRC", name: `bench-alerts-${Date.now()}`, kind: "SYSTEM", createdBy: "bench" });
    const banks = await running.db.raw<{ id: number; code: string }>(
      `SELECT DISTINCT i.id, i.code FROM institution i JOIN watch_line w ON w.indicator = 'LEVERAGE_RATIO' AND i.kind = ANY (w.institution_kinds)
        WHERE i.retired_at IS NULL ORDER BY i.id LIMIT 8`,
    );
    const rule = await prisma.riskRule.findUniqueOrThrow({ where: { code: RULE } });
    const feed = eventFeedOf(running.app);
    let latencyStats: Stats | null = null;
    let lost = 0;
    if (feed && banks.length) {
      // Each bank's next event, armed before its write is sent: the worker is woken at the commit,
      // before the answer leaves, so the event may arrive before the answer does (counted as 0 ms).
      const armed = new Map<number, { eventAt: number | null; resolve: ((at: number) => void) | null }>();
      const subjectOf = new Map<number, number>();
      const unsubscribe = feed.subscribe((event) => {
        const at = performance.now();
        if (event.alertId == null) return;
        void (async () => {
          let subject = subjectOf.get(event.alertId!);
          if (subject === undefined) {
            const alert = await prisma.alert.findUnique({ where: { id: event.alertId! }, select: { subjectId: true, ruleId: true } });
            if (!alert || alert.ruleId !== rule.id) return;
            subjectOf.set(event.alertId!, (subject = alert.subjectId));
          }
          const w = armed.get(subject);
          if (!w || w.eventAt !== null) return;
          w.eventAt = at;
          w.resolve?.(at);
        })();
      });
      const REPORT = `mutation($input: IndicatorReportInput!) { reportIndicators(input: $input) { __typename } }`;
      const write = async (code: string, value: string) => {
        const res = await fetch(running.url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${key}` }, body: JSON.stringify({ query: REPORT, variables: { input: { institutionCode: code, periodEnd: TODAY, values: [{ indicator: "LEVERAGE_RATIO", value }] } } }) });
        const body = (await res.json()) as { data?: { reportIndicators?: { __typename: string } } };
        if (body.data?.reportIndicators?.__typename !== "MutationReportIndicatorsSuccess") throw new Error(`write refused: ${JSON.stringify(body)}`);
      };
      // Start every bank inside the line (and let that settle).
      for (const b of banks) await write(b.code, "0.060");
      await new Promise((r) => setTimeout(r, 2000));
      const crossing = new Map(banks.map((b) => [b.id, false]));
      const samples: number[] = [];
      const n = Number(values.writes);
      const interval = 1000 / Number(values.rate);
      const inflight: Promise<void>[] = [];
      for (let i = 0; i < n; i++) {
        const bank = banks[i % banks.length]!;
        // One write per bank at a time: the previous event of this bank has arrived (or timed out).
        const next = !crossing.get(bank.id);
        crossing.set(bank.id, next);
        const job = (async () => {
          const slot: { eventAt: number | null; resolve: ((at: number) => void) | null } = { eventAt: null, resolve: null };
          armed.set(bank.id, slot);
          await write(bank.code, next ? "0.035" : "0.060");
          const answeredAt = performance.now();
          const eventAt = slot.eventAt ?? (await new Promise<number>((resolve) => {
            slot.resolve = resolve;
            setTimeout(() => resolve(-1), 10_000).unref();
          }));
          armed.delete(bank.id);
          if (eventAt < 0) lost++;
          else samples.push(Math.max(0, eventAt - answeredAt));
        })();
        inflight.push(job);
        if (inflight.length >= banks.length) await inflight.shift();
        await new Promise((r) => setTimeout(r, interval));
      }
      await Promise.all(inflight);
      unsubscribe();
      latencyStats = samples.length ? stats(samples) : null;
      console.error(`    slowest rules: ${JSON.stringify([...last.byRule].sort((a, b) => b.ms - a.ms).slice(0, 5))}`);
      console.error(`    commit-to-event: p50 ${latencyStats?.p50.toFixed(0)} ms, p95 ${latencyStats?.p95.toFixed(0)} ms over ${samples.length} writes (${lost} without an event in 10 s)`);
    }
    const sweepStats = stats(sweeps.map((s) => s.ms));
    const slowest = [...last.byRule].sort((a, b) => b.ms - a.ms).slice(0, 3).map(({ code, ms }) => ({ code, ms }));
    return { backend, scale, seedSweepMs: (seed?.summary as { ms?: number } | null)?.ms ?? null, sweep: sweepStats, slowest, rules: last.byRule.length, liveAlerts, latency: latencyStats, lost };
  } finally {
    await running.close();
  }
}

const rows: Row[] = [];
for (const scale of values.scales!.split(",").map(Number)) {
  for (const backend of values.backends!.split(",")) rows.push(await measure(backend, scale));
}

const f = (n: number) => n.toFixed(0);
const lines = [
  "# Early warning: sweep and commit-to-event (bench/alerts.ts)",
  "",
  `Run ${new Date().toISOString()} on ${cpus().length} cores (load ${loadavg().map((l) => l.toFixed(1)).join(" ")}; the machine is shared), ` +
    `business date ${TODAY}. Command: \`npx tsx bench/alerts.ts --scales ${values.scales} --backends ${values.backends} --writes ${values.writes} --rate ${values.rate}\`.`,
  "",
  "Full sweep: every enabled rule evaluated in full in one transaction with escalation (src/alerts/sweep.ts), on a database already swept (the seed's sweep, which raised the demo's alerts, is the first column). " +
    `Commit-to-event: ${values.writes} writes at ${values.rate}/s through the graph (reportIndicators as CBRC), alternately crossing and clearing ${RULE} for up to 8 banks, ` +
    "from each write's answer until the event feed delivered that bank's RAISED or AUTO_RESOLVED event in the same process.",
  "",
  "| backend | scale | rules | live alerts | seed's sweep (raising) ms | sweep p50 ms | sweep max ms | slowest rules (ms) | commit-to-event p50 ms | p95 ms | writes | no event |",
  "|---|---|---|---|---|---|---|---|---|---|---|---|",
  ...rows.map((r) =>
    `| ${r.backend} | ${r.scale} | ${r.rules} | ${r.liveAlerts} | ${r.seedSweepMs ?? "–"} | ${f(r.sweep.p50)} | ${f(Math.max(r.sweep.p95, r.sweep.p50))} | ${r.slowest.map((s) => `${s.code} ${s.ms}`).join(", ")} | ${r.latency ? f(r.latency.p50) : "–"} | ${r.latency ? f(r.latency.p95) : "–"} | ${r.latency?.n ?? 0} | ${r.lost} |`,
  ),
  "",
  "Aims (issue 12): sweep at scale 10 under 10 s; commit-to-event p95 under 500 ms.",
  "",
];
await mkdir("bench/results", { recursive: true });
await writeFile("bench/results/alerts-latest.md", lines.join("\n"));
console.log(lines.join("\n"));
process.exit(0);
