// npm run bench -- [--scales 1,10] [--backends pglite,postgres] [--runs 100] [--warmup 20]
//                  [--seconds 5] [--concurrency 8] [--variants query,join,query-nocache]
//
// p50/p95 latency and throughput of three representative operations over HTTP against the real
// server, side by side with hand-written SQL sent straight to the driver (pg or PGlite) in the same
// run, with the SQL statements each operation cost and the event-loop lag while the graph served.
// Databases are kept between runs: PGlite under .data/bench/, PostgreSQL as dlg_bench_s<scale>.
import { writeFile, mkdir } from "node:fs/promises";
import { parseArgs } from "node:util";
import { benchDatabaseEnv } from "./databases.ts";
import { loadConfig } from "../src/config.ts";
import { createLogger } from "../src/logger.ts";
import { startApp, type RunningApp } from "../src/app.ts";
import { createApiKey } from "../src/access/api-keys.ts";
import { BY_COUNTY, BY_COUNTY_SQL, LOOKUP, LOOKUP_SQL, NESTED, NESTED_SQL } from "./operations.ts";
import { latency, throughput, withLoopLag, type Stats } from "./measure.ts";

const { values } = parseArgs({
  options: {
    scales: { type: "string", default: "1,10" },
    backends: { type: "string", default: "pglite,postgres" },
    runs: { type: "string", default: "100" },
    warmup: { type: "string", default: "20" },
    seconds: { type: "string", default: "5" },
    concurrency: { type: "string", default: "8" },
    variants: { type: "string", default: "query,join,query-nocache" },
    postgres: { type: "string", default: "postgresql://postgres@127.0.0.1:5432/postgres" },
  },
});
const runs = Number(values.runs);
const warmup = Number(values.warmup);
const seconds = Number(values.seconds);
const concurrency = Number(values.concurrency);

const VARIANTS: Record<string, Record<string, string>> = {
  query: { RELATION_LOAD_STRATEGY: "query" },
  join: { RELATION_LOAD_STRATEGY: "join" },
  "query-nocache": { RELATION_LOAD_STRATEGY: "query", QUERY_PLAN_CACHE_SIZE: "0" },
  "join-nocache": { RELATION_LOAD_STRATEGY: "join", QUERY_PLAN_CACHE_SIZE: "0" },
  // The sharing policy, masking and the audit switched off: measures what enforcement costs.
  "query-unenforced": { RELATION_LOAD_STRATEGY: "query", ACCESS_ENFORCEMENT: "off" },
};

interface Row {
  backend: string;
  scale: number;
  variant: string;
  op: string;
  graph: Stats;
  raw: Stats;
  statements: number;
  graphOps?: number;
  rawOps?: number;
  lagP99?: number;
  lagMax?: number;
}

async function measureVariant(backend: string, scale: number, variant: string, withRaw: boolean): Promise<Row[]> {
  const config = loadConfig({
    ...(await benchDatabaseEnv(backend, scale, values.postgres!)),
    ...VARIANTS[variant],
    NODE_ENV: "development",
    LOG_LEVEL: "silent",
    PORT: "0",
    HOST: "127.0.0.1",
    SEED_SCALE: String(scale),
    // A benchmark's load is one key sending as fast as it can: the rate limit would measure itself.
    RATE_LIMIT_MAX: "0",
  });
  const started = performance.now();
  const running: RunningApp = await startApp(config, createLogger(config));
  console.error(`  ${backend} scale ${scale} ${variant}: ready in ${Math.round(performance.now() - started)} ms`);
  try {
    const { key } = await createApiKey(running.db.prisma, { agency: "FINANCE_BUREAU", name: "bench", kind: "USER", createdBy: "bench" });
    const usccs = (await running.db.raw<{ uscc: string }>("SELECT uscc FROM enterprise ORDER BY id LIMIT 200")).map((r) => r.uscc);
    let statements = 0;
    const post = async (query: string, variables: Record<string, unknown>) => {
      const res = await fetch(running.url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { errors?: unknown[]; extensions?: { statements?: number } };
      if (body.errors) throw new Error(`graph error: ${JSON.stringify(body.errors).slice(0, 500)}`);
      statements = body.extensions?.statements ?? -1;
    };
    const ops = [
      { op: "nested (50 enterprises)", graph: () => post(NESTED, { first: 50 }), raw: () => running.db.raw(NESTED_SQL, [50]), load: true },
      { op: "loan balance by county", graph: () => post(BY_COUNTY, {}), raw: () => running.db.raw(BY_COUNTY_SQL), load: false },
      { op: "enterprise by USCC", graph: (i: number) => post(LOOKUP, { uscc: usccs[i % usccs.length] }), raw: (i: number) => running.db.raw(LOOKUP_SQL, [usccs[i % usccs.length]]), load: false },
    ];
    const rows: Row[] = [];
    for (const o of ops) {
      const { result: graph, lagP99, lagMax } = await withLoopLag(() => latency(o.graph, runs, warmup));
      const row: Row = { backend, scale, variant, op: o.op, graph, raw: withRaw ? await latency(o.raw, runs, warmup) : graph, statements, lagP99, lagMax };
      if (o.load) {
        row.graphOps = await throughput(o.graph, concurrency, seconds);
        if (withRaw) row.rawOps = await throughput(o.raw, concurrency, seconds);
      }
      rows.push(row);
    }
    return rows;
  } finally {
    await running.close();
  }
}

const f = (n: number | undefined, digits = 1) => (n === undefined ? "–" : n.toFixed(digits));

function table(rows: Row[]): string {
  const head = "| backend | scale | variant | operation | graph p50 ms | graph p95 ms | raw SQL p50 ms | raw SQL p95 ms | p50 ratio | SQL statements | graph ops/s | raw ops/s | loop lag p99 / max ms |";
  const sep = "|---|---|---|---|---|---|---|---|---|---|---|---|---|";
  const lines = rows.map(
    (r) =>
      `| ${r.backend} | ${r.scale} | ${r.variant} | ${r.op} | ${f(r.graph.p50)} | ${f(r.graph.p95)} | ${f(r.raw.p50)} | ${f(r.raw.p95)} | ${f(r.graph.p50 / r.raw.p50, 2)}× | ${r.statements} | ${f(r.graphOps, 0)} | ${f(r.rawOps, 0)} | ${f(r.lagP99)} / ${f(r.lagMax)} |`,
  );
  return [head, sep, ...lines].join("\n");
}

const all: Row[] = [];
for (const backend of values.backends.split(",")) {
  for (const scale of values.scales.split(",").map(Number)) {
    let first = true;
    for (const variant of values.variants.split(",")) {
      // The raw baseline does not depend on the variant: measured once per backend and scale.
      const rows = await measureVariant(backend, scale, variant, first);
      if (!first) {
        const baseline = all.filter((r) => r.backend === backend && r.scale === scale);
        for (const r of rows) {
          const b = baseline.find((x) => x.op === r.op)!;
          r.raw = b.raw;
          r.rawOps = r.graphOps !== undefined ? b.rawOps : undefined;
        }
      }
      first = false;
      all.push(...rows);
    }
  }
}

const report = `${table(all)}\n\nruns ${runs} after ${warmup} warm-up, throughput ${concurrency} concurrent callers for ${seconds} s; node ${process.version}, ${new Date().toISOString()}\n`;
console.log(report);
await mkdir("bench/results", { recursive: true });
await writeFile(`bench/results/latest.md`, report);
await writeFile(`bench/results/latest.json`, JSON.stringify(all, null, 2));
process.exit(0);
