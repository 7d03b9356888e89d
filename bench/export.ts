// npx tsx bench/export.ts [--scale 50] [--backends pglite,postgres] [--runs 2] [--slow-mbps 4]
//
// Memory and speed of GET /export/dishonesty-records.ndjson: the server runs as a child process
// (so its RSS is its own), the export is streamed and counted here without being kept, and the
// child's RSS is sampled every 100 ms from /proc. Reported per run: RSS just before the export,
// the peak during it, records/s and MB/s. `runs` fast reads, then one reader throttled to
// --slow-mbps (0 to skip) to show that a slow client holds the server's memory flat (backpressure).
// Databases are those of bench/graph.ts (bench/databases.ts, seeded on first use): PGlite under .data/bench/,
// PostgreSQL as dlg_bench_s<scale>.
import { readFile, writeFile, mkdir } from "node:fs/promises";
import { parseArgs } from "node:util";
import { benchDatabaseEnv } from "./databases.ts";
import { loadConfig } from "../src/config.ts";
import { createLogger } from "../src/logger.ts";
import { startApp } from "../src/app.ts";
import { createApiKey } from "../src/access/api-keys.ts";
import { spawnServer } from "../test/helpers/process.ts";

const { values } = parseArgs({
  options: {
    scale: { type: "string", default: "50" },
    backends: { type: "string", default: "pglite,postgres" },
    runs: { type: "string", default: "2" },
    "slow-mbps": { type: "string", default: "4" },
    postgres: { type: "string", default: "postgresql://postgres@127.0.0.1:5432/postgres" },
    // e.g. 96: caps the server's V8 old space below the export's size, so a run that completes
    // shows the export is not held in memory (the baseline heap must fit, see the ready RSS).
    "heap-limit-mb": { type: "string" },
  },
});
const scale = Number(values.scale);
const MB = 2 ** 20;

/** Seeds the database if needed (in this process, before the measured server starts) and makes a key. */
async function prepare(env: Record<string, string>): Promise<string> {
  const config = loadConfig({ ...env, LOG_LEVEL: "silent", PORT: "0", HOST: "127.0.0.1", SEED_SCALE: String(scale) });
  const running = await startApp(config, createLogger(config));
  try {
    const count = await running.db.prisma.dishonestyRecord.count();
    console.error(`  ${count} dishonesty records`);
    return (await createApiKey(running.db.prisma, { agency: "CREDIT_PLATFORM", name: "bench-export", kind: "SYSTEM", createdBy: "bench" })).key;
  } finally {
    await running.close();
  }
}

async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

interface Run {
  backend: string;
  reader: string;
  records: number;
  mb: number;
  seconds: number;
  firstByteMs: number;
  rssBeforeMB: number;
  rssPeakMB: number;
  serverMs?: number;
}

async function exportOnce(origin: string, key: string, pid: number, backend: string, slowMbps: number): Promise<Run> {
  await new Promise((r) => setTimeout(r, 1000));
  const rssBefore = await rssOf(pid);
  let peak = rssBefore;
  const sampler = setInterval(() => void rssOf(pid).then((v) => (peak = Math.max(peak, v)), () => {}), 100);
  const started = performance.now();
  try {
    const res = await fetch(`${origin}/export/dishonesty-records.ndjson`, { headers: { authorization: `Bearer ${key}` } });
    if (!res.ok || !res.body) throw new Error(`export: HTTP ${res.status} ${await res.text()}`);
    const firstByteMs = performance.now() - started;
    const expected = Number(res.headers.get("x-record-count"));
    let bytes = 0;
    let newlines = 0;
    let tail = "";
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.length;
      for (const b of value) if (b === 10) newlines++;
      tail = (tail + Buffer.from(value.subarray(Math.max(0, value.length - 200))).toString("latin1")).slice(-200);
      // A throttled reader: the server may only send as fast as this reads.
      if (slowMbps) await new Promise((r) => setTimeout(r, (value.length / (slowMbps * MB)) * 1000));
    }
    const seconds = (performance.now() - started) / 1000;
    const records = newlines - 1;
    if (!/\{"cursor":"\d+"\}\n$/.test(tail)) throw new Error(`no cursor line at the end: ${tail}`);
    if (records !== expected) throw new Error(`${records} records streamed, ${expected} announced`);
    return { backend, reader: slowMbps ? `throttled ${slowMbps} MB/s` : "full speed", records, mb: bytes / MB, seconds, firstByteMs, rssBeforeMB: rssBefore / MB, rssPeakMB: peak / MB };
  } finally {
    clearInterval(sampler);
  }
}

const results: Run[] = [];
for (const backend of values.backends.split(",")) {
  const env = await benchDatabaseEnv(backend, scale, values.postgres!);
  console.error(`${backend} scale ${scale}: preparing`);
  const key = await prepare(env);
  const heap: Record<string, string> = values["heap-limit-mb"] ? { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --max-old-space-size=${values["heap-limit-mb"]}`.trim() } : {};
  const server = await spawnServer({ ...env, ...heap, NODE_ENV: "development", STATEMENT_COUNTS: "off", SEED_SCALE: String(scale) }, 1_800_000);
  try {
    const origin = new URL(server.url).origin;
    const ready = server.logs.find((l) => l.msg === "ready");
    console.error(`  server ready, RSS ${ready?.rssMB} MB`);
    const plan = [...Array.from({ length: Number(values.runs) }, () => 0), ...(Number(values["slow-mbps"]) ? [Number(values["slow-mbps"])] : [])];
    for (const slow of plan) {
      const run = await exportOnce(origin, key, server.child.pid!, backend, slow);
      await new Promise((r) => setTimeout(r, 200));
      // The server's own account (export.route.ts logs records and ms when the stream ends).
      const logged = server.logs.filter((l) => l.msg === "dishonesty export").at(-1);
      run.serverMs = Number(logged?.ms);
      console.error(`  ${JSON.stringify(run)}`);
      results.push(run);
    }
  } finally {
    server.child.kill("SIGTERM");
    await server.exited;
  }
}

const f = (n: number, d = 0) => n.toFixed(d);
const table = [
  "| backend | reader | records | MB | s | records/s | MB/s | first byte ms | RSS before MB | RSS peak MB | peak − before MB |",
  "|---|---|---|---|---|---|---|---|---|---|---|",
  ...results.map(
    (r) =>
      `| ${r.backend} | ${r.reader} | ${r.records} | ${f(r.mb, 1)} | ${f(r.seconds, 1)} | ${f(r.records / r.seconds)} | ${f(r.mb / r.seconds, 1)} | ${f(r.firstByteMs)} | ${f(r.rssBeforeMB)} | ${f(r.rssPeakMB)} | ${f(r.rssPeakMB - r.rssBeforeMB)} |`,
  ),
].join("\n");
const report = `Dishonesty export (GET /export/dishonesty-records.ndjson as CREDIT_PLATFORM), scale ${scale}, server as a child process${values["heap-limit-mb"] ? ` (V8 old space capped at ${values["heap-limit-mb"]} MB)` : ""}, RSS sampled every 100 ms\n\n${table}\n\nnode ${process.version}, ${new Date().toISOString()}\n`;
console.log(report);
await mkdir("bench/results", { recursive: true });
await writeFile("bench/results/export-latest.md", report);
await writeFile("bench/results/export-latest.json", JSON.stringify(results, null, 2));
process.exit(0);
