// The one-statement JSON reads (src/db/json-query/) against Prisma's own loading, side by side in
// one process: three servers on the same PostgreSQL database, JSON_QUERIES=off, on (PREPARED_STATEMENTS=off)
// and on with PREPARED_STATEMENTS=on, the
// benchmark's three operations (bench/peers-queries.ts) sent to each in alternating blocks, so the
// machine's load falls on both alike. Per side: p50 and p90 of the latency, this process's CPU per
// request (server and the in-process client, the same client for both), PostgreSQL's CPU per
// request (its backends' utime+stime from /proc, told apart by application_name), SQL statements
// per request (extensions.statements). Production mode, enforcement and audit on.
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/dlg_bench_s1 NODE_ENV=production npx tsx bench/json-query-ab.ts [rounds] [block]
import { readFileSync } from "node:fs";
import pg from "pg";
import { loadConfig } from "../src/config.ts";
import { createLogger } from "../src/logger.ts";
import { startApp, type RunningApp } from "../src/app.ts";
import { createApiKey } from "../src/access/api-keys.ts";
import { OPERATIONS, type OperationContext } from "./peers-queries.ts";

const url = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/dlg_bench_s1";
const rounds = Number(process.argv[2] ?? 12);
const block = Number(process.argv[3] ?? 10);
const SIDES = ["off", "on", "prepared"] as const;
type Side = (typeof SIDES)[number];

const withApp = (name: string) => `${url}${url.includes("?") ? "&" : "?"}application_name=${name}`;
async function start(side: Side): Promise<RunningApp> {
  const config = loadConfig({ DATABASE_URL: withApp(`jq_ab_${side}`), LOG_LEVEL: "silent", PORT: "0", HOST: "127.0.0.1", JSON_QUERIES: side === "off" ? "off" : "on", PREPARED_STATEMENTS: side === "prepared" ? "on" : "off", STATEMENT_COUNTS: "on", RATE_LIMIT_MAX: "0", ALERT_WORKER: "off" });
  return startApp(config, createLogger(config));
}

const apps = { off: await start("off"), on: await start("on"), prepared: await start("prepared") };
const admin = new pg.Client({ connectionString: url });
await admin.connect();
const { key } = await createApiKey(apps.off.db.prisma, { agency: "FINANCE_BUREAU", name: "json-query-ab", kind: "USER", createdBy: "bench" });
const [county] = (await admin.query<{ code: string }>(`SELECT county_code AS code FROM enterprise WHERE retired_at IS NULL GROUP BY county_code ORDER BY count(*) DESC LIMIT 1`)).rows;
const usccs = (await admin.query<{ uscc: string }>(`SELECT uscc FROM enterprise WHERE county_code = $1 AND retired_at IS NULL ORDER BY id LIMIT 200`, [county!.code])).rows.map((r) => r.uscc);
const ctx: OperationContext = { county: county!.code, usccs };

/** CPU milliseconds of each PostgreSQL backend serving one side (utime+stime, 10 ms clock ticks), by pid. */
async function pgCpu(side: Side): Promise<Map<number, number>> {
  const pids = (await admin.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE application_name = $1`, [`jq_ab_${side}`])).rows.map((r) => r.pid);
  const out = new Map<number, number>();
  for (const pid of pids) {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      out.set(pid, (Number(f[11]) + Number(f[12])) * 10);
    } catch {
      // a backend that ended between the query and the read
    }
  }
  return out;
}
/** CPU the side's backends spent between two readings (a backend new in between counts whole). */
const pgDelta = (before: Map<number, number>, after: Map<number, number>) => [...after].reduce((sum, [pid, ms]) => sum + ms - (before.get(pid) ?? 0), 0);

async function send(side: Side, op: (typeof OPERATIONS)[number], i: number) {
  const t = performance.now();
  const res = await fetch(apps[side].url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${key}` }, body: JSON.stringify({ query: op.project.query, variables: op.project.variables(i, ctx) }) });
  const body = (await res.json()) as { data?: unknown; errors?: unknown[]; extensions?: { statements?: number } };
  const ms = performance.now() - t;
  if (body.errors) throw new Error(`${side} ${op.key}: ${JSON.stringify(body.errors).slice(0, 300)}`);
  return { ms, statements: body.extensions?.statements ?? NaN, data: body.data };
}

// Both sides answer alike, or the comparison means nothing.
for (const op of OPERATIONS) {
  const [a, b, c] = [await send("off", op, 0), await send("on", op, 0), await send("prepared", op, 0)];
  if (JSON.stringify(op.shape(a.data)) !== JSON.stringify(op.shape(b.data)) || JSON.stringify(op.shape(a.data)) !== JSON.stringify(op.shape(c.data))) throw new Error(`${op.key}: the sides answer differently`);
}

const pct = (xs: number[], p: number) => [...xs].sort((x, y) => x - y)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
const lines: string[] = [];
for (const op of OPERATIONS) {
  const stats = Object.fromEntries(SIDES.map((s) => [s, { ms: [] as number[], cpu: 0, pg: 0, n: 0, statements: 0 }]));
  for (let i = 0; i < 2 * block; i++) for (const s of SIDES) await send(s, op, i); // warm-up
  for (let r = 0; r < rounds; r++) {
    // Each round starts with another side, so that none always follows the same one.
    for (const s of [...SIDES.slice(r % SIDES.length), ...SIDES.slice(0, r % SIDES.length)]) {
      const st = stats[s]!;
      const [cpu0, pg0] = [process.cpuUsage(), await pgCpu(s)];
      for (let i = 0; i < block; i++) {
        const { ms, statements } = await send(s, op, r * block + i);
        st.ms.push(ms);
        st.statements = statements;
      }
      const cpu = process.cpuUsage(cpu0);
      st.cpu += (cpu.user + cpu.system) / 1000;
      st.pg += pgDelta(pg0, await pgCpu(s));
      st.n += block;
    }
  }
  const row = (s: Side) => {
    const st = stats[s]!;
    return `| ${op.key} | ${s} | ${pct(st.ms, 0.5).toFixed(1)} | ${pct(st.ms, 0.9).toFixed(1)} | ${(st.cpu / st.n).toFixed(1)} | ${(st.pg / st.n).toFixed(1)} | ${st.statements} |`;
  };
  lines.push(...SIDES.map(row));
  const off = stats.off!;
  for (const s of ["on", "prepared"] as const) {
    const x = stats[s]!;
    lines.push(`| ${op.key} | ${s}/off | ${(pct(x.ms, 0.5) / pct(off.ms, 0.5)).toFixed(2)} | ${(pct(x.ms, 0.9) / pct(off.ms, 0.9)).toFixed(2)} | ${(x.cpu / off.cpu).toFixed(2)} | ${off.pg ? (x.pg / off.pg).toFixed(2) : "–"} | |`);
  }
}
console.log(`${new Date().toISOString()}, ${rounds} rounds × ${block} requests per side and operation, interleaved; load average ${(await import("node:os")).loadavg().map((x) => x.toFixed(1)).join(" ")}; county ${ctx.county}`);
console.log("| operation | JSON_QUERIES | p50 ms | p90 ms | node CPU ms/req | PostgreSQL CPU ms/req | SQL statements/req |\n|---|---|---|---|---|---|---|");
console.log(lines.join("\n"));
const fallbacks = [...(apps.on.db.jsonQueries?.fallbacks ?? new Map()).entries()];
console.log(fallbacks.length ? `reads the compiler left to Prisma: ${fallbacks.map(([why, n]) => `${why} ×${n}`).join(", ")}` : "no read was left to Prisma");
await admin.end();
await Promise.all([apps.off.close(), apps.on.close(), apps.prepared.close()]);
process.exit(0);
