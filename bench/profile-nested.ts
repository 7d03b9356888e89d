// Profiling aid: serves the nested operation N times in-process (run with node --cpu-prof, or with PROFILE_DIR).
// PROFILE_OP=lookup serves the lookup by USCC instead (rotating over 200 enterprises), PROFILE_OP=list
// the list of 100 enterprises of a county (bench/peers-queries.ts' operations).
import { loadConfig } from "../src/config.ts";
import { createLogger } from "../src/logger.ts";
import { startApp } from "../src/app.ts";
import { createApiKey } from "../src/access/api-keys.ts";
import { NESTED } from "./operations.ts";
import { OPERATIONS } from "./peers-queries.ts";
import { operationContextOf } from "./peers-database.ts";

const config = loadConfig({ DATABASE_URL: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/dlg_bench_s1", JSON_QUERIES: process.env.JSON_QUERIES ?? "on", LOG_LEVEL: "silent", PORT: "0", HOST: "127.0.0.1", RELATION_LOAD_STRATEGY: process.env.RELATION_LOAD_STRATEGY ?? "query", ACCESS_ENFORCEMENT: process.env.ACCESS_ENFORCEMENT ?? "on", STATEMENT_COUNTS: process.env.STATEMENT_COUNTS ?? "on", RATE_LIMIT_MAX: "0" });
const running = await startApp(config, createLogger(config));
const { key } = await createApiKey(running.db.prisma, { agency: "FINANCE_BUREAU", name: "profile", kind: "USER", createdBy: "profile" });
const n = Number(process.argv[2] ?? 40);
const op = process.env.PROFILE_OP ? OPERATIONS.find((o) => o.key === process.env.PROFILE_OP) : undefined;
if (process.env.PROFILE_OP && !op) throw new Error(`PROFILE_OP: one of ${OPERATIONS.map((o) => o.key).join(", ")}`);
// The county and USCCs bench/peers.ts picks.
const picked = op ? await operationContextOf((sql) => running.db.prisma.$queryRawUnsafe(sql)) : undefined;
const opContext = picked ? { county: picked.county.code, usccs: picked.usccs } : undefined;
let sent = 0;
const send = async () => {
  const body = op ? { query: op.project.query, variables: op.project.variables(sent++, opContext!) } : { query: NESTED, variables: { first: 50 } };
  const res = await fetch(running.url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${key}` }, body: JSON.stringify(body) });
  return (await res.json()) as { extensions?: { statements?: number } };
};
// PROFILE_DIR: profile only the requests, after a warm-up (no startup to subtract, which on a
// loaded machine varies by more than the requests' own time). Breakdown: profile-breakdown.ts - <dir> <n>.
const profileDir = process.env.PROFILE_DIR;
const session = profileDir ? new (await import("node:inspector")).Session() : null;
const post = (method: string) => new Promise<unknown>((ok, fail) => session!.post(method, (err, res) => (err ? fail(err) : ok(res))));
if (session) {
  for (let i = 0; i < 10; i++) await send();
  session.connect();
  await post("Profiler.enable");
  await post("Profiler.start");
}
const t = performance.now();
let last: Awaited<ReturnType<typeof send>> = {};
for (let i = 0; i < n; i++) last = await send();
console.log("avg ms", ((performance.now() - t) / n).toFixed(1), "statements", last.extensions?.statements);
if (session) {
  const { profile } = (await post("Profiler.stop")) as { profile: unknown };
  const { mkdirSync, writeFileSync } = await import("node:fs");
  mkdirSync(profileDir!, { recursive: true });
  writeFileSync(`${profileDir}/${op?.key ?? "nested"}.cpuprofile`, JSON.stringify(profile));
}
await running.close();
process.exit(0);

