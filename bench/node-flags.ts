// npx tsx bench/node-flags.ts [--flags "--max-semi-space-size=64"] [--flags-a ""] [--env-a KEY=VALUE,…] [--env-b …] [--ops nested]
//                             [--clients 8] [--seconds 10] [--rounds 3] [--warmup 2] [--database <url>]
//
// The same server (production, enforcement, masking and audit on) started twice on one database:
// A with Node's default flags (or `--flags-a`) and `--env-a`'s settings, B with `--flags` and
// `--env-b`'s (e.g. `--flags-a=--max-semi-space-size=64 --env-a PREPARED_STATEMENTS=off` compares
// one setting alone); the rounds alternate A B A B, so a machine
// whose speed drifts moves both. Per variant: median requests/s, p50 and p99 of all measured
// requests, server CPU (the process tree's utime+stime from /proc) per request, PostgreSQL's CPU
// per request (its postmaster's process tree, when the server runs on this machine), and B ÷ A per
// round pair.
// Written to decide whether `npm start` should pass a V8 flag (the young generation's size: the
// nested read spends ~3 ms of its ~23 ms of CPU in garbage collection, bench/results/profile-latest.md).
// The database must hold the demo data (npm run seed); the default is the scale-10 bench database.
import { parseArgs } from "node:util";
import { resolve, join } from "node:path";
import { mkdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../src/generated/prisma/client.ts";
import { createApiKey } from "../src/access/api-keys.ts";
import { OPERATIONS } from "./peers-queries.ts";
import { operationContextOf } from "./peers-database.ts";
import { httpRound, percentile } from "./peers-load.ts";
import { freePort, startChild, stopAll, stopChildrenOnExit, treeCpuMs, waitFor, type Child } from "./peers-processes.ts";

const { values } = parseArgs({
  options: {
    flags: { type: "string", default: "--max-semi-space-size=64" },
    "flags-a": { type: "string", default: "" },
    "env-a": { type: "string", default: "" },
    "env-b": { type: "string", default: "" },
    ops: { type: "string", default: "nested" },
    clients: { type: "string", default: "8" },
    seconds: { type: "string", default: "10" },
    rounds: { type: "string", default: "3" },
    warmup: { type: "string", default: "2" },
    database: { type: "string", default: "postgresql://postgres@127.0.0.1:5432/dlg_bench_s10" },
  },
});
const repo = resolve(import.meta.dirname, "..");
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
const warmup = Number(values.warmup);
const clientCounts = values.clients.split(",").map(Number);
const ops = values.ops.split(",").map((k) => OPERATIONS.find((o) => o.key === k) ?? fail(`--ops: unknown operation ${k}`));
const flagsB = values.flags.split(" ").filter(Boolean);
const flagsA = values["flags-a"].split(" ").filter(Boolean);
/** KEY=VALUE,… as an environment */
const envOf = (list: string) =>
  Object.fromEntries(
    list
      .split(",")
      .filter(Boolean)
      .map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)] as const),
  );
const envA = envOf(values["env-a"]);
const envB = envOf(values["env-b"]);
const labelOf = (flags: string[], env: Record<string, string>) => [flags.join(" "), Object.entries(env).map(([k, v]) => `${k}=${v}`).join(" ")].filter(Boolean).join(", ") || "defaults";
const labelA = labelOf(flagsA, envA);
const labelB = labelOf(flagsB, envB);

function fail(message: string): never {
  console.error(`bench/node-flags.ts: ${message}`);
  process.exit(2);
}

interface Variant {
  label: string;
  flags: string[];
  child: Child;
  origin: string;
}

async function startServer(label: string, flags: string[], logDir: string, extraEnv: Record<string, string> = {}): Promise<Variant> {
  const port = await freePort();
  const env = {
    ...process.env,
    DATABASE_URL: values.database,
    NODE_ENV: "production",
    ACCESS_ENFORCEMENT: "on",
    SEED_DEMO: "false",
    PORT: String(port),
    HOST: "127.0.0.1",
    LOG_LEVEL: "warn",
    TRUSTED_OPERATIONS: "off",
    STATEMENT_COUNTS: "off",
    RATE_LIMIT_MAX: "0",
    ...extraEnv,
  };
  const child = startChild(label, process.execPath, [...flags, "--import", "tsx", "src/main.ts"], { cwd: repo, env, logFile: join(logDir, `${label}.log`) });
  const origin = `http://127.0.0.1:${port}`;
  await waitFor(label, async () => (await fetch(`${origin}/readyz`)).ok, 180_000, child);
  return { label, flags, child, origin };
}

/** The parent of a PostgreSQL backend (its postmaster), or null when the backend is not on this machine. */
function postmasterOf(backend: number): number | null {
  try {
    const stat = readFileSync(`/proc/${backend}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return null;
  }
}

/** The server's peak resident memory so far, MB (/proc VmHWM): a bigger young generation costs memory. */
function peakRssMb(pid: number): number {
  const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return kb ? Number(kb) / 1024 : NaN;
}

async function main() {
  stopChildrenOnExit();
  const logDir = join(tmpdir(), "node-flags-bench");
  mkdirSync(logDir, { recursive: true });
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: values.database }) });
  const { key } = await createApiKey(prisma, { agency: "FINANCE_BUREAU", name: "bench-node-flags", kind: "USER", createdBy: "bench" });
  const picked = await operationContextOf((sql) => prisma.$queryRawUnsafe(sql));
  // PostgreSQL's CPU: the postmaster (parent of this connection's backend) and all its processes, if they run here.
  const backend = (await prisma.$queryRawUnsafe<Array<{ pid: number }>>("SELECT pg_backend_pid() AS pid"))[0]!.pid;
  const postmaster = postmasterOf(backend);
  await prisma.$disconnect();
  const ctx = { county: picked.county.code, usccs: picked.usccs };
  const variants = [await startServer(`A (${labelA})`, flagsA, logDir, envA), await startServer(`B (${labelB})`, flagsB, logDir, envB)];
  console.log(`node-flags: A = ${labelA}, B = ${labelB}; ${rounds} rounds of ${seconds} s (+${warmup} s warm-up) each, alternating; database ${values.database.replace(/\/\/[^@]*@/, "//")}`);
  const lines: string[] = ["| query | clients | variant | rps (median of rounds) | p50 ms | p99 ms | server CPU ms/req | PostgreSQL CPU ms/req | B ÷ A rps per pair | peak RSS MB so far |", "|---|---|---|---|---|---|---|---|---|---|"];
  for (const op of ops) {
    for (const clients of clientCounts) {
      const per = variants.map(() => ({ rps: [] as number[], latencies: [] as number[], cpuMs: 0, pgCpuMs: 0, requests: 0 }));
      const ratios: number[] = [];
      for (let r = 0; r < rounds; r++) {
        // A B in odd rounds, B A in even ones: neither always runs first after the other's load.
        const order = r % 2 === 0 ? [0, 1] : [1, 0];
        const rps: number[] = [0, 0];
        for (const i of order) {
          const v = variants[i]!;
          let cpu0 = 0;
          let pgCpu0 = 0;
          const round = await httpRound(
            { name: v.label, origin: v.origin, path: "/graphql", headers: { authorization: `Bearer ${key}` }, body: (n) => JSON.stringify({ query: op.project.query, variables: op.project.variables(n, ctx) }) },
            clients,
            seconds,
            warmup,
            async () => {
              cpu0 = treeCpuMs(v.child.pid);
              pgCpu0 = postmaster ? treeCpuMs(postmaster) : NaN;
            },
          );
          const p = per[i]!;
          p.cpuMs += treeCpuMs(v.child.pid) - cpu0;
          p.pgCpuMs += (postmaster ? treeCpuMs(postmaster) : NaN) - pgCpu0;
          p.requests += round.requests;
          p.latencies.push(...round.latencies);
          rps[i] = (round.requests / round.elapsedMs) * 1000;
          p.rps.push(rps[i]!);
        }
        ratios.push(rps[1]! / rps[0]!);
        console.log(`  ${op.key} × ${clients}, round ${r + 1}: A ${rps[0]!.toFixed(1)} rps, B ${rps[1]!.toFixed(1)} rps`);
      }
      variants.forEach((v, i) => {
        const p = per[i]!;
        const sorted = [...p.latencies].sort((a, b) => a - b);
        const medianRps = [...p.rps].sort((a, b) => a - b)[p.rps.length >> 1]!;
        const ratio = i === 1 ? ratios.map((x) => x.toFixed(2)).join(", ") : "";
        lines.push(`| ${op.key} | ${clients} | ${v.label} | ${medianRps.toFixed(1)} | ${percentile(sorted, 0.5).toFixed(1)} | ${percentile(sorted, 0.99).toFixed(1)} | ${(p.cpuMs / p.requests).toFixed(2)} | ${(p.pgCpuMs / p.requests).toFixed(2)} | ${ratio} | ${peakRssMb(v.child.pid).toFixed(0)} |`);
      });
    }
  }
  console.log(lines.join("\n"));
  await stopAll();
}

main().catch(async (error: unknown) => {
  console.error(error);
  await stopAll();
  process.exit(1);
});
