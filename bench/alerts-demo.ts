// Every shipped rule on a freshly seeded demo database: a full sweep in one transaction, then the
// alerts per rule (count, responsible agencies) and one example each (subject, period, evidence).
//
//   npx tsx bench/alerts-demo.ts [--scale 1] [--postgres URL | --embedded] [--existing] [--date YYYY-MM-DD]
//                                [--also YYYY-MM-DD,…] [--json FILE]
//
// --postgres URL: a scratch database is created next to URL's (dropped at the end) unless
// --existing, which sweeps URL's database as it is (seeded before). --embedded: an in-memory
// PGlite. The business date defaults to the dataset's as-of date (src/clock.ts), as the server uses.
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import pg from "pg";
import { loadConfig } from "../src/config.ts";
import { openDatabase } from "../src/db/database.ts";
import { applyPendingMigrations } from "../src/db/migrations.ts";
import { loadDemo } from "../src/seed/load.ts";
import { ensureShippedRules } from "../src/alerts/rules/catalogue.ts";
import { evaluateRules } from "../src/alerts/evaluate.ts";

const { values } = parseArgs({
  options: {
    scale: { type: "string", default: "1" },
    postgres: { type: "string" },
    embedded: { type: "boolean", default: false },
    existing: { type: "boolean", default: false },
    date: { type: "string" },
    json: { type: "string" },
    /** other business dates to evaluate on, comma-separated; rolled back, so the as-of alerts stay */
    also: { type: "string" },
  },
});

const withDatabase = (url: string, name: string) => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};

async function admin(url: string, sql: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

let env: Record<string, string>;
let drop: (() => Promise<void>) | null = null;
if (values.postgres && values.existing) env = { DATABASE_URL: values.postgres };
else if (values.postgres) {
  const name = `dlg_alerts_demo_${randomBytes(4).toString("hex")}`;
  await admin(values.postgres, `CREATE DATABASE ${name}`);
  env = { DATABASE_URL: withDatabase(values.postgres, name) };
  drop = () => admin(values.postgres!, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
} else env = { DATA_DIR: "memory" };

const db = await openDatabase(loadConfig({ NODE_ENV: "test", ...env }).database);
try {
  await applyPendingMigrations(db);
  if (!values.existing) {
    const started = performance.now();
    await loadDemo(db.prisma, { seed: 20161231, scale: Number(values.scale) });
    console.error(`seeded scale ${values.scale} in ${Math.round(performance.now() - started)} ms`);
  }
  await ensureShippedRules(db.prisma);
  const asOf = (await db.prisma.demoDataset.findUnique({ where: { id: 1 } }))?.asOf;
  const businessDate = values.date ?? asOf?.toISOString().slice(0, 10) ?? new Date().toISOString().slice(0, 10);
  const rules = await db.prisma.riskRule.findMany({ where: { enabled: true }, orderBy: { id: "asc" } });
  const started = performance.now();
  const summary = await db.prisma.$transaction((tx) => evaluateRules(tx, { rules, businessDate }), { timeout: 600_000 });
  const sweepMs = Math.round(performance.now() - started);
  const again = performance.now();
  const repeat = await db.prisma.$transaction((tx) => evaluateRules(tx, { rules, businessDate }), { timeout: 600_000 });
  const repeatMs = Math.round(performance.now() - again);
  const newOnRepeat = repeat.byRule.reduce((n, r) => n + r.raised + r.changed + r.resolved, 0);

  const table: Record<string, unknown>[] = [];
  const examples: Record<string, unknown>[] = [];
  for (const rule of rules) {
    const s = summary.byRule.find((r) => r.code === rule.code)!;
    const live = await db.prisma.alert.count({ where: { ruleId: rule.id, live: true } });
    table.push({ rule: rule.code, clause: rule.clause, alerts: live, agencies: rule.responsibleAgencies.join(", "), ms: s.ms });
    const example = await db.prisma.alert.findFirst({ where: { ruleId: rule.id, live: true }, orderBy: { id: "asc" } });
    if (example)
      examples.push({ rule: rule.code, subject: `${example.subjectType} ${example.subjectId} ${example.subjectKey} ${example.subjectName}`, county: example.countyCode, period: example.period, evidence: example.evidence });
  }
  console.log(`business date ${businessDate}; full sweep of ${rules.length} rules: ${sweepMs} ms; repeated sweep: ${repeatMs} ms, ${newOnRepeat} changes`);
  console.log("\n| rule | clause | alerts | responsible agencies | ms |\n|---|---|---:|---|---:|");
  for (const r of table) console.log(`| ${r.rule} | ${r.clause} | ${r.alerts} | ${r.agencies} | ${r.ms} |`);
  console.log("\nexamples:");
  for (const e of examples) console.log(JSON.stringify(e));
  // Earlier business dates, each evaluated in a transaction that is rolled back: the dated rules
  // (indicators by quarter, top-10 lists by month, due dates) then read the records of that date.
  const also: Record<string, unknown>[] = [];
  for (const date of (values.also ?? "").split(",").filter(Boolean)) {
    const rows = await db.prisma
      .$transaction(
        async (tx) => {
          await evaluateRules(tx, { rules, businessDate: date });
          const counts = await tx.alert.groupBy({ by: ["ruleId"], where: { live: true }, _count: true });
          const found: Record<string, unknown>[] = [];
          for (const rule of rules) {
            const count = counts.find((c) => c.ruleId === rule.id)?._count ?? 0;
            const example = await tx.alert.findFirst({ where: { ruleId: rule.id, live: true, raisedOn: new Date(date) }, orderBy: { id: "asc" } });
            found.push({ rule: rule.code, alerts: count, example: example && { subject: `${example.subjectType} ${example.subjectId} ${example.subjectKey} ${example.subjectName}`, period: example.period, evidence: example.evidence } });
          }
          throw Object.assign(new Error("rollback"), { found });
        },
        { timeout: 600_000 },
      )
      .catch((e: { found?: Record<string, unknown>[] }) => {
        if (!e.found) throw e;
        return e.found;
      });
    console.log(`\nbusiness date ${date} (rolled back):`);
    for (const r of rows) console.log(`| ${r.rule} | ${r.alerts} |${r.example ? ` ${JSON.stringify(r.example)}` : ""}`);
    also.push({ date, rows });
  }
  if (values.json) writeFileSync(values.json, JSON.stringify({ businessDate, sweepMs, repeatMs, newOnRepeat, table, examples, also }, null, 2));
} finally {
  await db.close();
  await drop?.();
}
process.exit(0);
