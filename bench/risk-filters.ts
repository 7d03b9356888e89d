// npx tsx bench/risk-filters.ts [--scales 1] [--backends pglite,postgres] [--runs 30] [--warmup 5]
//
// The plan's core screening question (seed 二(一)4, 二(三)1) as one operation: enterprises with a
// debt ratio over 70% that are in a guarantee circle or borrow from 3+ banks. p50/p95 over HTTP for
// a page of 10 and of 100, the SQL statements each costs and the number of matches. Databases of their own, so other benchmarks' are
// untouched: PGlite under .data/bench/risk-pglite-s<scale>, PostgreSQL as dlg_risk_s<scale>
// (created and seeded when missing; --drop removes it after the run).
import { mkdir, writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import pg from "pg";
import { loadConfig } from "../src/config.ts";
import { createLogger } from "../src/logger.ts";
import { startApp } from "../src/app.ts";
import { createApiKey } from "../src/access/api-keys.ts";
import { latency, type Stats } from "./measure.ts";

const { values } = parseArgs({
  options: {
    scales: { type: "string", default: "1" },
    backends: { type: "string", default: "pglite,postgres" },
    runs: { type: "string", default: "30" },
    warmup: { type: "string", default: "5" },
    postgres: { type: "string", default: "postgresql://postgres@127.0.0.1:5432/postgres" },
    drop: { type: "boolean", default: false },
  },
});

const CORE = `query($n: Int!) { enterprises(first: $n, filter: { debtRatioAbove: "0.7", anyOf: [{ inGuaranteeCircle: true }, { lendingBanksAtLeast: 3 }] }) {
  totalCount nodes { uscc name assetLiabilityRatio inGuaranteeCircle } } }`;

async function postgresEnv(scale: number): Promise<Record<string, string>> {
  const name = `dlg_risk_s${String(scale).replace(".", "_")}`;
  const admin = new pg.Client({ connectionString: values.postgres });
  await admin.connect();
  if (!(await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount) await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(values.postgres!);
  url.pathname = `/${name}`;
  return { DATABASE_URL: url.toString(), SEED_DEMO: "true", DATA_DIR: `.data/bench/risk-pg-s${scale}` };
}

async function dropPostgres(scale: number) {
  const admin = new pg.Client({ connectionString: values.postgres });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS dlg_risk_s${String(scale).replace(".", "_")}`);
  await admin.end();
}

interface Row { backend: string; scale: number; first: number; graph: Stats; statements: number; matches: number; enterprises: number }

async function measure(backend: string, scale: number): Promise<Row[]> {
  const env = backend === "pglite" ? { DATA_DIR: `.data/bench/risk-pglite-s${scale}` } : await postgresEnv(scale);
  const config = loadConfig({ ...env, NODE_ENV: "development", LOG_LEVEL: "silent", PORT: "0", HOST: "127.0.0.1", SEED_SCALE: String(scale), RATE_LIMIT_MAX: "0" });
  const started = performance.now();
  const running = await startApp(config, createLogger(config));
  console.error(`  ${backend} scale ${scale}: ready in ${Math.round(performance.now() - started)} ms`);
  try {
    const { key } = await createApiKey(running.db.prisma, { agency: "FINANCE_BUREAU", name: "bench-risk", kind: "USER", createdBy: "bench" });
    const n = (await running.db.raw<{ n: number }>("SELECT count(*)::int AS n FROM enterprise WHERE retired_at IS NULL"))[0]!.n;
    const rows: Row[] = [];
    for (const first of [10, 100]) {
      let statements = -1;
      let matches = -1;
      const post = async () => {
        const res = await fetch(running.url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${key}` }, body: JSON.stringify({ query: CORE, variables: { n: first } }) });
        const body = (await res.json()) as { errors?: unknown[]; data?: { enterprises: { totalCount: number } }; extensions?: { statements?: number } };
        if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 500));
        statements = body.extensions?.statements ?? -1;
        matches = body.data!.enterprises.totalCount;
      };
      const graph = await latency(post, Number(values.runs), Number(values.warmup));
      rows.push({ backend, scale, first, graph, statements, matches, enterprises: n });
    }
    return rows;
  } finally {
    await running.close();
    if (backend === "postgres" && values.drop) await dropPostgres(scale);
  }
}

const all: Row[] = [];
for (const scale of values.scales!.split(",").map(Number)) for (const backend of values.backends!.split(",")) all.push(...(await measure(backend, scale)));

const f = (n: number) => n.toFixed(1);
const text = [
  "# The core screening question, server-side (bench/risk-filters.ts)",
  "",
  "`enterprises(filter: { debtRatioAbove: \"0.7\", anyOf: [{ inGuaranteeCircle: true }, { lendingBanksAtLeast: 3 }] })` as FINANCE_BUREAU, over HTTP;",
  "The risk conditions are decided by one statement, sent with PostgreSQL's JIT off (src/db/without-jit.ts).",
  "",
  "| backend | scale | enterprises | matches | first | p50 ms | p95 ms | SQL statements |",
  "|---|---|---|---|---|---|---|---|",
  ...all.map((r) => `| ${r.backend} | ${r.scale} | ${r.enterprises} | ${r.matches} | ${r.first} | ${f(r.graph.p50)} | ${f(r.graph.p95)} | ${r.statements} |`),
  "",
  `Runs: ${values.runs} after ${values.warmup} warm-up, ${new Date().toISOString().slice(0, 10)}, load average ${loadavg().map((l) => l.toFixed(1)).join(" ")} (${cpus().length} cores).`,
  "",
].join("\n");
await mkdir("bench/results", { recursive: true });
await writeFile("bench/results/risk-filters-latest.md", text);
console.log(text);
