// Rule evaluations and p50 of the nested benchmark operation (bench/operations.ts NESTED, 50
// enterprises) on PostgreSQL, with access decided per field coordinate (issue 13, item 3).
//   npx tsx bench/coordinate-rules.ts [scale=0.2] [runs=60]
// `values` is the number of field values whose rule was checked: before coordinate decisions,
// each of them evaluated its rule; `coordinate` and `row` are the evaluations made now.
import { benchDatabaseEnv } from "./databases.ts";
import { loadConfig } from "../src/config.ts";
import { createLogger } from "../src/logger.ts";
import { startApp } from "../src/app.ts";
import { createApiKey } from "../src/access/api-keys.ts";
import * as shield from "../src/access/shield.ts";
import { NESTED } from "./operations.ts";

const scale = Number(process.argv[2] ?? 0.2);
const runs = Number(process.argv[3] ?? 60);
const config = loadConfig({ ...(await benchDatabaseEnv("postgres", scale, "postgresql://postgres@127.0.0.1:5432/postgres")), LOG_LEVEL: "silent", PORT: "0", HOST: "127.0.0.1", RATE_LIMIT_MAX: "0" });
const running = await startApp(config, createLogger(config));
const counters = (shield as { ruleEvaluations?: { coordinate: number; row: number; values: number } }).ruleEvaluations;
for (const agency of ["FINANCE_BUREAU", "DEVELOPMENT_REFORM"] as const) {
  const { key } = await createApiKey(running.db.prisma, { agency, name: `coord-bench-${Date.now()}`, kind: "USER", createdBy: "bench" });
  const post = async () => {
    const res = await fetch(running.url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${key}` }, body: JSON.stringify({ query: NESTED, variables: { first: 50 } }) });
    await res.text();
  };
  const before = counters ? { ...counters } : null;
  await post();
  const first = counters && before ? { coordinate: counters.coordinate - before.coordinate, row: counters.row - before.row, values: counters.values - before.values } : null;
  const mid = counters ? { ...counters } : null;
  await post();
  const second = counters && mid ? { coordinate: counters.coordinate - mid.coordinate, row: counters.row - mid.row, values: counters.values - mid.values } : null;
  for (let i = 0; i < 10; i++) await post();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await post();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(JSON.stringify({ agency, scale, runs, p50: +times[Math.floor(runs / 2)]!.toFixed(1), p95: +times[Math.floor(runs * 0.95)]!.toFixed(1), firstRequest: first, secondRequest: second }));
}
await running.close();
process.exit(0);
