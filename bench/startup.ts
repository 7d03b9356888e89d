// Startup to ready on PostgreSQL (issue 14: "under 3 s"): the compiled build (dist/, as
// `npm run start:prod` runs it) started again and again on one database, timing from the spawn to
// the first 200 from /readyz, with the phases the "ready" log line reports
// (src/observability/startup-phases.ts). The first start applies the migrations to a new database
// and is reported on its own; the others are restarts of an up-to-date node, the case a rolling
// upgrade or a crash restart waits for.
//
// On a machine that other work shares, `--realtime` runs the server under `chrt -f 10`
// (SCHED_FIFO): it then gets a core whenever it is runnable, as on an idle node, while the
// database's own processes keep their normal priority. Both figures are printed, so the
// difference is visible. Writes bench/results/startup-latest.md.
//
//   npm run build && npx tsx bench/startup.ts [--runs 7] [--realtime] [--database-url postgresql://postgres@127.0.0.1:5432]
import { spawn } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import pg from "pg";
import { freePort } from "./peers-processes.ts";

const { values: args } = parseArgs({ options: { runs: { type: "string", default: "7" }, realtime: { type: "boolean", default: false }, "database-url": { type: "string", default: "postgresql://postgres@127.0.0.1:5432" } } });
const runs = Number(args.runs);
const serverUrl = new URL(args["database-url"]!);
serverUrl.pathname = "";
const server = serverUrl.toString().replace(/\/$/, "");
const database = "dlg_bench_startup";
if (!existsSync("dist/main.js")) throw new Error("dist/main.js is missing: run `npm run build` first");

interface Start {
  wallMs: number;
  msToReady: number;
  msSinceProcessStart: number;
  phases: Record<string, number>;
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: `${server}/postgres` });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** One start: spawn, poll /readyz every 10 ms until it answers 200, read the ready line, stop. */
async function startOnce(realtime: boolean): Promise<Start> {
  const port = await freePort();
  const node = [process.execPath, "--import", "./dist/observability/tracing.mjs", "dist/main.js"];
  const [command, ...rest] = realtime ? ["chrt", "-f", "10", ...node] : node;
  const began = performance.now();
  const child = spawn(command!, rest, {
    env: { ...process.env, NODE_ENV: "production", DATABASE_URL: `${server}/${database}`, HOST: "127.0.0.1", PORT: String(port), LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout.on("data", (d) => (log += d));
  child.stderr.on("data", (d) => (log += d));
  let exited = false;
  child.on("exit", () => (exited = true));
  try {
    for (;;) {
      if (exited) throw new Error(`the server exited before it was ready:\n${log.slice(-2000)}`);
      const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false);
      if (ok) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    const wallMs = performance.now() - began;
    // /readyz answers once the server listens, a moment before main.ts logs its "ready" line.
    const readyLine = () => log.split("\n").map((line) => { try { return JSON.parse(line) as Record<string, unknown>; } catch { return null; } }).find((l) => l?.msg === "ready");
    let ready = readyLine();
    while (!ready && !exited) {
      await new Promise((r) => setTimeout(r, 10));
      ready = readyLine();
    }
    if (!ready) throw new Error(`no "ready" line in the log:\n${log.slice(-2000)}`);
    return { wallMs, msToReady: Number(ready.msToReady), msSinceProcessStart: Number(ready.msSinceProcessStart), phases: ready.phases as Record<string, number> };
  } finally {
    if (!exited) {
      child.kill("SIGINT");
      await new Promise((r) => child.once("exit", r));
    }
  }
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2; };
const ms = (x: number) => `${Math.round(x).toLocaleString("en-US")} ms`;

await admin(`DROP DATABASE IF EXISTS ${database}`);
await admin(`CREATE DATABASE ${database}`);
const load = loadavg()[0]!.toFixed(1);
const modes = args.realtime ? [false, true] : [false];
const lines: string[] = [];
const out = (line = "") => { lines.push(line); console.log(line); };
out(`# Startup to ready on PostgreSQL (${new Date().toISOString().slice(0, 16)}Z, load average ${load} at the start)`);
out();
out(`\`npm run build && npx tsx bench/startup.ts --runs ${runs}${args.realtime ? " --realtime" : ""}\`: the compiled build started ${runs} times on one database; wall = spawn to the first 200 from /readyz (polled every 10 ms).`);
out();
const first = await startOnce(false);
out(`- first start on a new database (applies every migration): **${ms(first.wallMs)}** wall (msToReady ${ms(first.msToReady)})`);
const phaseNames = Object.keys(first.phases);
const table: string[] = [];
for (const realtime of modes) {
  const starts: Start[] = [];
  for (let i = 0; i < runs; i++) starts.push(await startOnce(realtime));
  const walls = starts.map((s) => s.wallMs);
  const label = realtime ? "restart, server under SCHED_FIFO (an idle core)" : "restart, normal priority";
  out(`- ${label}: wall median **${ms(median(walls))}** (min ${ms(Math.min(...walls))}, max ${ms(Math.max(...walls))}); since process start ${ms(median(starts.map((s) => s.msSinceProcessStart)))}; msToReady ${ms(median(starts.map((s) => s.msToReady)))}`);
  table.push(`| ${label} | ${phaseNames.map((p) => Math.round(median(starts.map((s) => s.phases[p] ?? 0)))).join(" | ")} |`);
}
out();
out("Median milliseconds per phase of the restarts (src/observability/startup-phases.ts: `node` is Node's own start and main.ts's imports, `modules` the rest of the code's loading, `schema` building the graph, `migrations` checking them, which also starts Prisma's query compiler):");
out();
out(`| run | ${phaseNames.join(" | ")} |`);
out(`|---|${phaseNames.map(() => "---:").join("|")}|`);
for (const row of table) out(row);
await admin(`DROP DATABASE IF EXISTS ${database}`);
writeFileSync("bench/results/startup-latest.md", `${lines.join("\n")}\n`);
