// Where a request's CPU time goes: reads V8 .cpuprofile files of `bench/profile-nested.ts` and sums
// self time by layer. Startup is taken out by profiling the same script with 0 requests and
// subtracting it, so the figures are per request of the nested operation.
//   node --import tsx --cpu-prof --cpu-prof-dir=/tmp/p0 bench/profile-nested.ts 0
//   node --import tsx --cpu-prof --cpu-prof-dir=/tmp/pN bench/profile-nested.ts 133
//   npx tsx bench/profile-breakdown.ts /tmp/p0 /tmp/pN 133
// or, the requests alone after a warm-up:
//   PROFILE_DIR=/tmp/pN NODE_ENV=production npx tsx bench/profile-nested.ts 133 && npx tsx bench/profile-breakdown.ts - /tmp/pN 133
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

interface Node { id: number; callFrame: { functionName: string; url: string }; }
interface Profile { nodes: Node[]; samples: number[]; timeDeltas: number[]; }

// First match wins; the order puts specific packages before the generic node_modules bucket.
const LAYERS: [string, (url: string, fn: string) => boolean][] = [
  ["idle: waiting for SQL and the network", (_u, fn) => fn === "(idle)"],
  ["GC", (_u, fn) => fn === "(garbage collector)"],
  ["Prisma client runtime", (u) => u.includes("@prisma/client") || u.includes("/src/generated/prisma")],
  ["pg driver and adapter", (u) => /node_modules\/(pg|pg-protocol|pg-types|pg-pool|@prisma\/adapter-pg|@prisma\/driver-adapter-utils)\//.test(u)],
  ["Pothos (prisma plugin, selection mapping)", (u) => u.includes("@pothos/")],
  ["graphql-js execution and validation", (u) => u.includes("node_modules/graphql/")],
  ["graphql-shield / middleware", (u) => u.includes("graphql-shield") || u.includes("graphql-middleware")],
  ["Apollo Server and Fastify", (u) => /node_modules\/(@apollo|@as-integrations|fastify|@fastify|light-my-request|find-my-way)/.test(u)],
  ["access layer (src/access)", (u) => u.includes("/src/access/")],
  ["limits (src/limits)", (u) => u.includes("/src/limits/")],
  ["graph plugins and domain resolvers (other src/)", (u) => u.includes("/src/")],
  ["other node_modules", (u) => u.includes("node_modules/")],
  ["node internals and builtins (JSON, crypto, streams…)", () => true],
];

function selfTimes(dir: string): Map<string, number> {
  const out = new Map<string, number>();
  // The main thread's profile is the largest file (workers, e.g. pino's, write their own).
  const files = readdirSync(dir).filter((f) => f.endsWith(".cpuprofile")).map((f) => join(dir, f));
  const main = files.sort((a, b) => readFileSync(b).length - readFileSync(a).length)[0];
  if (!main) throw new Error(`no .cpuprofile in ${dir}`);
  const p = JSON.parse(readFileSync(main, "utf8")) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  p.samples.forEach((id, i) => {
    const n = byId.get(id)!;
    const layer = LAYERS.find(([, test]) => test(n.callFrame.url, n.callFrame.functionName))![0];
    out.set(layer, (out.get(layer) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
  });
  return out;
}

const [baseDir, runDir, nArg] = process.argv.slice(2);
if (!baseDir || !runDir || !nArg) throw new Error("usage: profile-breakdown.ts <dir with 0 requests> <dir with N requests> <N>");
const n = Number(nArg);
// "-": a profile of the requests alone (profile-nested.ts with PROFILE_DIR), nothing to subtract.
const base = baseDir === "-" ? new Map<string, number>() : selfTimes(baseDir);
const run = selfTimes(runDir);
const rows = LAYERS.map(([name]) => [name, Math.max(0, ((run.get(name) ?? 0) - (base.get(name) ?? 0)) / n)] as const);
const busy = rows.filter(([name]) => !name.startsWith("idle")).reduce((s, [, v]) => s + v, 0);
console.log(`| layer | ms per request | share of CPU |\n|---|---|---|`);
for (const [name, ms] of rows) console.log(`| ${name} | ${ms.toFixed(1)} | ${name.startsWith("idle") ? "–" : `${((ms / busy) * 100).toFixed(0)}%`} |`);
console.log(`| CPU in all | ${busy.toFixed(1)} | 100% |`);
