// npx tsx bench/peers.ts [--scale 10] [--clients 1,8] [--seconds 10] [--rounds 3] [--warmup 2]
//                        [--skip-install] [--reseed] [--ops nested,list,lookup]
//                        [--systems project,postgraphile,unenforced,raw] [--postgres <url>] [--scratch .data/peers]
//                        [--pool 10] [--log-level info] [--out bench/results/peers-latest]
//
// This project and PostGraphile 5 side by side on the same PostgreSQL database in one run: three
// operations (bench/peers-queries.ts) at each client count, the systems interleaved round by round
// (project, PostGraphile, project without enforcement, raw SQL; then again), so that a drift of the
// machine's speed hits all alike. Per operation × system × clients: p50 and p99 latency,
// requests/s, SQL statements per request counted by PostgreSQL (pg_stat_statements), and CPU ms
// per request of the server's processes and of PostgreSQL's (from /proc, before and after each
// round). Results: bench/results/peers-latest.md and .json.
//
// Everything runs as separate processes this script starts and stops: a private PostgreSQL 15
// (peers-postgres.ts), the project's server in production mode (NODE_ENV=production,
// TRUSTED_OPERATIONS=off so an analyst's documents are accepted; permissions, masking and the
// audit on; a FINANCE_BUREAU analyst key), the same server with ACCESS_ENFORCEMENT=off (which
// production refuses, so that one runs with NODE_ENV=development, graphql-js preloaded in its
// production mode: bench/graphql-production-mode.mjs), and PostGraphile 5 on Node 22
// installed into the scratch directory (peers-install.ts).
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { preparePeers, type Peers } from "./peers-install.ts";
import { startPrivatePostgres, statementDelta, statementSnapshot, useExistingPostgres, type Postgres } from "./peers-postgres.ts";
import { prepareBenchDatabase, type BenchDatabase } from "./peers-database.ts";
import { freePort, startChild, stopAll, stopChildrenOnExit, trackChildrenIn, treeCpuMs, waitFor, type Child } from "./peers-processes.ts";
import { OPERATIONS, type OperationContext, type PeerOperation } from "./peers-queries.ts";
import { verifyOperation, type GraphSystem, type Verified } from "./peers-verify.ts";
import { httpRound, sqlRound, type Round } from "./peers-load.ts";
import { enforcementTable, peersTable, statementTimeTable, summarise, SYSTEM_LABELS, type Cell, type MeasuredRound, type SystemKey } from "./peers-report.ts";

const { values } = parseOptions({
    scale: { type: "string", default: "10" },
    clients: { type: "string", default: "1,8" },
    seconds: { type: "string", default: "10" },
    rounds: { type: "string", default: "3" },
    warmup: { type: "string", default: "2" },
    "skip-install": { type: "boolean", default: false },
    reseed: { type: "boolean", default: false },
    ops: { type: "string", default: OPERATIONS.map((o) => o.key).join(",") },
    systems: { type: "string", default: "project,postgraphile,unenforced,raw" },
    postgres: { type: "string" },
    scratch: { type: "string", default: ".data/peers" },
    "log-level": { type: "string", default: "info" },
    // Connections to PostgreSQL of each server (the project's DATABASE_POOL_SIZE default).
    pool: { type: "string", default: "10" },
    out: { type: "string", default: "bench/results/peers-latest" },
});

function parseOptions<T extends NonNullable<Parameters<typeof parseArgs>[0]>["options"]>(options: T) {
  try {
    return parseArgs({ options });
  } catch (error) {
    return fail((error as Error).message);
  }
}

function positive(name: string, value: string, integer = true): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) fail(`--${name}: must be a positive ${integer ? "integer" : "number"}, got ${JSON.stringify(value)}`);
  return n;
}

const scale = positive("scale", values.scale, false);
const clients = values.clients.split(",").map((c) => positive("clients", c));
const seconds = positive("seconds", values.seconds, false);
const rounds = positive("rounds", values.rounds);
const warmup = Number(values.warmup);
if (!Number.isFinite(warmup) || warmup < 0) fail(`--warmup: must be 0 or more seconds, got ${JSON.stringify(values.warmup)}`);
const pool = positive("pool", values.pool);
const ops = values.ops.split(",").map((k) => OPERATIONS.find((o) => o.key === k) ?? fail(`--ops: unknown operation ${k} (known: ${OPERATIONS.map((o) => o.key).join(", ")})`));
const systems = values.systems.split(",").map((s) => (s in SYSTEM_LABELS ? (s as SystemKey) : fail(`--systems: unknown system ${s} (known: ${Object.keys(SYSTEM_LABELS).join(", ")})`)));
const scratch = resolve(values.scratch);
const repo = resolve(import.meta.dirname, "..");
/** The V8 flags `npm start` passes (package.json), so that the project is measured as it runs. */
const startFlags = (JSON.parse(readFileSync(join(repo, "package.json"), "utf8")).scripts.start as string).split(" ").filter((t) => t.startsWith("--max-"));

/** A bad command line: one line naming the option, before anything is started. */
function fail(message: string): never {
  console.error(`bench/peers.ts: ${message}`);
  process.exit(2);
}

interface HttpServer {
  key: SystemKey;
  child: Child;
  origin: string;
  /** the database role it connects as: its statements are counted under it */
  role: string;
  graph: GraphSystem;
}

async function startProject(key: "project" | "unenforced", db: BenchDatabase, logDir: string): Promise<HttpServer> {
  const port = await freePort();
  const env: Record<string, string> = {
    ...db.env,
    SEED_DEMO: "false",
    PORT: String(port),
    HOST: "127.0.0.1",
    LOG_LEVEL: values["log-level"]!,
    TRUSTED_OPERATIONS: "off",
    STATEMENT_COUNTS: "off",
    // One key sending as fast as it can: the rate limit would measure itself.
    RATE_LIMIT_MAX: "0",
    DATABASE_POOL_SIZE: String(pool),
    ...(key === "project" ? { NODE_ENV: "production", ACCESS_ENFORCEMENT: "on" } : { NODE_ENV: "development", ACCESS_ENFORCEMENT: "off" }),
  };
  // (graphql-js in production mode in both: bench/graphql-production-mode.mjs)
  const preload = key === "unenforced" ? ["--import", "./bench/graphql-production-mode.mjs"] : [];
  const child = startChild(key, process.execPath, [...startFlags, ...preload, "--import", "tsx", "src/main.ts"], { cwd: repo, env: { ...process.env, ...env }, logFile: join(logDir, `${key}.log`) });
  const origin = `http://127.0.0.1:${port}`;
  await waitFor(SYSTEM_LABELS[key], async () => (await fetch(`${origin}/readyz`)).ok, 180_000, child);
  return {
    key,
    child,
    origin,
    role: db.projectRole,
    graph: { name: SYSTEM_LABELS[key], url: `${origin}/graphql`, headers: { authorization: `Bearer ${db.key}` }, query: (op) => op.project },
  };
}

async function startPostGraphile(peers: Peers, db: BenchDatabase, logDir: string): Promise<HttpServer> {
  const port = await freePort();
  // Its own minimal environment: nothing of this project's Node 20 setup (NODE_OPTIONS, loaders).
  const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/tmp", NODE_ENV: "production", GRAPHILE_ENV: "production", PEERS_DATABASE_URL: db.postgraphileUrl, PEERS_PORT: String(port), PEERS_POOL_SIZE: String(pool) };
  const child = startChild("postgraphile", peers.node, [peers.script], { cwd: peers.dir, env, logFile: join(logDir, "postgraphile.log") });
  const origin = `http://127.0.0.1:${port}`;
  const url = `${origin}/graphql`;
  await waitFor("PostGraphile", async () => (await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: '{"query":"{__typename}"}' })).ok, 180_000, child);
  return { key: "postgraphile", child, origin, role: db.postgraphileRole, graph: { name: SYSTEM_LABELS.postgraphile, url, headers: {}, query: (op) => op.postgraphile } };
}

function cpuMsOfThisProcess(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** One measured round of one system, with the statements and CPU it cost. */
async function measure(system: SystemKey, op: PeerOperation, c: number, ctx: OperationContext, servers: Map<SystemKey, HttpServer>, pgsql: Postgres, db: BenchDatabase, raw: pg.Pool): Promise<MeasuredRound> {
  const server = servers.get(system);
  const role = server?.role ?? db.projectRole;
  let before: Awaited<ReturnType<typeof statementSnapshot>> | null = null;
  let cpu0 = 0;
  let pgCpu0 = 0;
  let load0 = 0;
  // Counters are read after the warm-up, right before the measured requests.
  const start = async () => {
    before = pgsql.countsStatements ? await statementSnapshot(pgsql, db.name, role) : null;
    cpu0 = server ? treeCpuMs(server.child.pid) : 0;
    pgCpu0 = pgsql.cpuMs();
    load0 = cpuMsOfThisProcess();
  };
  let result: Round;
  if (server) {
    const q = server.graph.query(op);
    const target = { name: server.graph.name, origin: server.origin, path: "/graphql", headers: server.graph.headers, body: (i: number) => JSON.stringify({ query: q.query, variables: q.variables(i, ctx) }) };
    result = await httpRound(target, c, seconds, warmup, start);
  } else {
    if (warmup > 0) await sqlRound(raw, op.sql.text, (i) => op.sql.params(i, ctx), c, warmup, 0);
    await start();
    result = await sqlRound(raw, op.sql.text, (i) => op.sql.params(i, ctx), c, seconds, 0);
  }
  const loadCpuMs = cpuMsOfThisProcess() - load0;
  const serverCpuMs = server ? treeCpuMs(server.child.pid) - cpu0 : null;
  const postgresCpuMs = pgsql.cpuMs() - pgCpu0;
  let statements: number | null = null;
  let topStatements: MeasuredRound["topStatements"];
  if (before) {
    const delta = statementDelta(before, await statementSnapshot(pgsql, db.name, role));
    statements = delta.total;
    topStatements = delta.top;
  }
  return { ...result, statements, serverCpuMs, postgresCpuMs, loadCpuMs, ...(topStatements ? { topStatements } : {}) };
}

async function main() {
  stopChildrenOnExit();
  const logDir = join(scratch, "logs");
  mkdirSync(logDir, { recursive: true });
  await trackChildrenIn(join(scratch, "running.json"));
  const startedAt = new Date();
  const load = [loadavg()];
  const measured = clients.length * ops.length * rounds * systems.length;
  console.error(`peers: ${systems.join(", ")} × ${ops.map((o) => o.key).join(", ")} × clients ${clients.join(",")} × ${rounds} rounds of ${seconds} s (+${warmup} s warm-up): about ${Math.ceil((measured * (seconds + warmup)) / 60)} min of load after setup; logs in ${logDir}`);

  if (systems.includes("postgraphile")) console.error("PostGraphile 5 and Node 22 (scratch directory, not the project's dependencies)");
  const peers = systems.includes("postgraphile") ? preparePeers(join(scratch, "postgraphile"), !values["skip-install"]) : null;
  if (peers) console.error(`  ${peers.node}: ${peers.nodeVersion}, postgraphile ${peers.postgraphileVersion}`);

  console.error("PostgreSQL");
  const pgsql = values.postgres ? await useExistingPostgres(values.postgres) : await startPrivatePostgres(join(scratch, "pg15"), logDir);
  console.error(`  ${pgsql.description}`);
  let raw: pg.Pool | null = null;
  const servers = new Map<SystemKey, HttpServer>();
  try {
    const db = await prepareBenchDatabase(pgsql, scale, !values.postgres, values.reseed);
    const ctx: OperationContext = { county: db.county.code, usccs: db.usccs };
    console.error(`  ${db.name}: ${Object.entries(db.counts).map(([t, n]) => `${n} ${t}`).join(", ")}; county ${db.county.code} ${db.county.name} (${db.county.enterprises} current enterprises), ${db.usccs.length} USCCs for lookups`);

    console.error("servers");
    for (const key of systems) {
      if (key === "project" || key === "unenforced") servers.set(key, await startProject(key, db, logDir));
      if (key === "postgraphile") servers.set(key, await startPostGraphile(peers!, db, logDir));
    }
    for (const s of servers.values()) console.error(`  ${s.graph.name}: ${s.origin} (pid ${s.child.pid}, log ${s.child.logFile})`);
    raw = new pg.Pool({ connectionString: db.env.DATABASE_URL, max: Math.max(...clients) });
    raw.on("error", () => {}); // an idle connection ended by the shutdown

    console.error("same rows from every system");
    const verified: Verified[] = [];
    for (const op of ops) {
      const v = await verifyOperation(op, [...servers.values()].map((s) => s.graph), raw, ctx);
      console.error(`  ${v.line}`);
      verified.push(v);
    }

    console.error("measuring");
    const cells: Cell[] = [];
    for (const c of clients) {
      for (const op of ops) {
        const row = systems.map((system) => ({ system, op: op.key, clients: c, rounds: [] as MeasuredRound[] }));
        for (let r = 0; r < rounds; r++) {
          // A B A B: every system once per round, in the same order.
          for (const cell of row) {
            const m = await measure(cell.system, op, c, ctx, servers, pgsql, db, raw);
            cell.rounds.push(m);
            const p50 = [...m.latencies].sort((a, b) => a - b)[Math.floor(m.latencies.length / 2)] ?? NaN;
            console.error(`  ${op.key} c=${c} round ${r + 1}/${rounds} ${cell.system}: ${m.requests} requests, p50 ${p50.toFixed(2)} ms, ${(m.requests / (m.elapsedMs / 1000)).toFixed(0)}/s${m.statements !== null ? `, ${(m.statements / m.requests).toFixed(1)} statements/req` : ""}`);
          }
        }
        cells.push(...row);
      }
    }
    load.push(loadavg());

    const summaries = cells.map(summarise);
    const short = seconds < 10 || rounds < 3;
    const commit = gitDescribe();
    const header = [
      `# This project vs PostGraphile 5, same PostgreSQL database`,
      "",
      short
        ? `**SHORT RUN (--seconds ${seconds} --rounds ${rounds}): it shows the harness works end to end, it is not a measurement.** Run \`npx tsx bench/peers.ts\` (10 s × 3 rounds) on a quiet machine for figures.`
        : `${rounds} rounds of ${seconds} s per system, ${warmup} s warm-up before each.`,
      "",
      `- started ${startedAt.toISOString()}, project ${commit}; ${cpus().length} CPUs, load average ${load[0]!.map((l) => l.toFixed(1)).join(" ")} at the start, ${load[1]!.map((l) => l.toFixed(1)).join(" ")} at the end`,
      `- database ${db.name} (demo data at scale ${scale}: ${db.counts.enterprise} enterprises, ${db.counts.loan} loans) on ${pgsql.description}`,
      `- county ${db.county.code} ${db.county.name}; lookups rotate over ${db.usccs.length} USCCs; load: closed loop, undici keep-alive, N concurrent clients`,
      `- project: Node ${process.version}, NODE_ENV=production, TRUSTED_OPERATIONS=off, permissions/masking/audit on, FINANCE_BUREAU analyst key, pool ${pool}; unenforced: ACCESS_ENFORCEMENT=off with NODE_ENV=development (production refuses it) and graphql-js preloaded in its production mode (bench/graphql-production-mode.mjs)`,
      peers ? `- PostGraphile ${peers.postgraphileVersion} on Node ${peers.nodeVersion} (Amber + @graphile/simplify-inflection, grafserv on node:http, pool ${pool}, read-only role ${db.postgraphileRole})` : "- PostGraphile not run",
      pgsql.countsStatements
        ? `- statements: counted by PostgreSQL (pg_stat_statements, top-level, BEGIN/COMMIT included) per database role; CPU: /proc utime+stime of each server's process tree and of all PostgreSQL processes`
        : `- statements: not counted (the server does not preload pg_stat_statements; the private instance, without --postgres, does); CPU: /proc utime+stime of each server's process tree`,
      "",
      "Rows returned, checked identical across systems before measuring:",
      "",
      ...verified.map((v) => `- ${v.line}`),
      "",
    ].join("\n");
    const enforcement = enforcementTable(summaries, ops, clients);
    const statementTimes = statementTimeTable(summaries, ops, clients);
    const report = `${header}\n${peersTable(summaries, ops, clients)}\n${enforcement ? `\nEnforcement overhead (the same server with ACCESS_ENFORCEMENT=off):\n\n${enforcement}\n` : ""}${statementTimes ? `\n${statementTimes}\n` : ""}\nPer-round p50 and requests/s, and the statements each system sent per request: ${values.out}.json\n`;
    console.log(`\n${report}`);
    mkdirSync(resolve(values.out, ".."), { recursive: true });
    writeFileSync(`${values.out}.md`, report);
    writeFileSync(
      `${values.out}.json`,
      `${JSON.stringify(
        {
          startedAt: startedAt.toISOString(),
          short,
          settings: { scale, clients, seconds, rounds, warmup, ops: ops.map((o) => o.key), systems },
          machine: { cpus: cpus().length, loadavgStart: load[0], loadavgEnd: load[1] },
          versions: { project: commit, node: process.version, postgraphile: peers?.postgraphileVersion, postgraphileNode: peers?.nodeVersion, postgres: pgsql.description },
          database: { name: db.name, counts: db.counts, county: db.county, usccs: db.usccs.length },
          verified,
          summaries,
        },
        null,
        2,
      )}\n`,
    );
    console.error(`written ${values.out}.md and .json`);
  } finally {
    // Servers first, then the database they use.
    await raw?.end().catch(() => {});
    for (const s of servers.values()) await s.child.stop();
    await pgsql.stop();
    await stopAll();
  }
}

function gitDescribe(): string {
  try {
    const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: repo, encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "src", "prisma"], { cwd: repo, encoding: "utf8" }).trim() ? " (with uncommitted changes in src/ or prisma/)" : "";
    return `${head}${dirty}`;
  } catch {
    return "unknown commit";
  }
}

try {
  await main();
  process.exit(0);
} catch (error) {
  console.error(`\nbench/peers.ts: ${(error as Error).message}`);
  await stopAll();
  process.exit(1);
}
