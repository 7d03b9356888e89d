// Profiling aid: serves the nested operation N times in-process (run with node --cpu-prof).
import { loadConfig } from "../src/config.ts";
import { createLogger } from "../src/logger.ts";
import { startApp } from "../src/app.ts";
import { createApiKey } from "../src/access/api-keys.ts";
import { NESTED } from "./operations.ts";

const config = loadConfig({ DATABASE_URL: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/dlg_bench_s1", JSON_QUERIES: process.env.JSON_QUERIES ?? "on", LOG_LEVEL: "silent", PORT: "0", HOST: "127.0.0.1", RELATION_LOAD_STRATEGY: process.env.RELATION_LOAD_STRATEGY ?? "query", ACCESS_ENFORCEMENT: process.env.ACCESS_ENFORCEMENT ?? "on", STATEMENT_COUNTS: process.env.STATEMENT_COUNTS ?? "on", RATE_LIMIT_MAX: "0" });
const running = await startApp(config, createLogger(config));
const { key } = await createApiKey(running.db.prisma, { agency: "FINANCE_BUREAU", name: "profile", kind: "USER", createdBy: "profile" });
const n = Number(process.argv[2] ?? 40);
const t = performance.now();
for (let i = 0; i < n; i++) {
  const res = await fetch(running.url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${key}` }, body: JSON.stringify({ query: NESTED, variables: { first: 50 } }) });
  await res.text();
}
console.log("avg ms", ((performance.now() - t) / n).toFixed(1));
await running.close();
process.exit(0);
