// Throughput with 1 node and with 2 nodes on one primary plus one streaming replica (issue 14,
// closing note), in one run: a private primary and a pg_basebackup replica of it (as in
// test/replicas.test.ts), the demo data seeded through the first node, then for the nested query
// and the point lookup of bench/peers-queries.ts a closed-loop load (bench/peers-load.ts) against
// one node, then split over two. Each round reports requests/s, p50/p99 and the share of requests
// whose reads the replica served (the nodes' /readyz counters). Writes nothing but
// bench/results/nodes-latest.md.
//
//   npx tsx bench/nodes.ts [--scale 0.1] [--clients 8] [--seconds 10] [--warmup 3]
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { startPrivatePostgres, type PrivatePostgres } from "../test/helpers/private-postgres.ts";
import { OPERATIONS, type OperationContext, type PeerOperation } from "./peers-queries.ts";
import { httpRound, percentile, type Round } from "./peers-load.ts";
import { freePort, waitFor } from "./peers-processes.ts";

const { values: args } = parseArgs({ options: { scale: { type: "string", default: "0.1" }, clients: { type: "string", default: "8" }, seconds: { type: "string", default: "10" }, warmup: { type: "string", default: "3" } } });
const scale = args.scale!;
const clients = Number(args.clients);
const seconds = Number(args.seconds);
const warmup = Number(args.warmup);

interface Node {
  child: ChildProcess;
  origin: string;
  dataDir: string;
}

async function startNode(primary: PrivatePostgres, replica: PrivatePostgres, seed: boolean): Promise<Node> {
  const port = await freePort();
  const dataDir = await mkdtemp(join(tmpdir(), "dlg-bench-node-"));
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      DATA_DIR: dataDir,
      DATABASE_URL: primary.url,
      DATABASE_REPLICA_URLS: replica.url,
      SEED_DEMO: seed ? "true" : "false",
      SEED_SCALE: scale,
      // The load is one principal's: the rate limit would measure itself.
      RATE_LIMIT_MAX: "0",
      TRUSTED_OPERATIONS: "off",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const origin = `http://127.0.0.1:${port}`;
  await waitFor(`node on ${port}`, async () => (await fetch(`${origin}/readyz`)).ok, 600_000);
  return { child, origin, dataDir };
}

async function stopNode(node: Node): Promise<void> {
  if (node.child.exitCode === null) {
    const exited = new Promise((r) => node.child.once("exit", r));
    node.child.kill("SIGTERM");
    await exited;
  }
  await rm(node.dataDir, { recursive: true, force: true });
}

interface Counts {
  primary: number;
  replica: number;
}
async function readCounts(nodes: Node[]): Promise<Counts> {
  const total = { primary: 0, replica: 0 };
  for (const node of nodes) {
    const body = (await (await fetch(`${node.origin}/readyz`)).json()) as { databases: Array<{ role: string; reads: number; inRotation?: boolean }> };
    for (const d of body.databases) total[d.role === "primary" ? "primary" : "replica"] += d.reads;
  }
  return total;
}

interface Result {
  op: string;
  nodes: number;
  rps: number;
  p50: number;
  p99: number;
  replicaShare: number;
  requests: number;
}

async function round(op: PeerOperation, nodes: Node[], key: string, ctx: OperationContext): Promise<Result> {
  const perNode = Math.max(1, Math.round(clients / nodes.length));
  let before: Counts = { primary: 0, replica: 0 };
  let started = 0;
  const rounds: Round[] = await Promise.all(
    nodes.map((node) =>
      httpRound(
        { origin: node.origin, path: "/graphql", headers: { authorization: `Bearer ${key}` }, body: (i) => JSON.stringify({ query: op.project.query, variables: op.project.variables(i, ctx) }), name: `node ${node.origin}` },
        perNode,
        seconds,
        warmup,
        // Counted from the measured part only: the first round to get there reads the counters.
        async () => {
          if (started++ === 0) before = await readCounts(nodes);
        },
      ),
    ),
  );
  const after = await readCounts(nodes);
  const latencies = rounds.flatMap((r) => r.latencies);
  const requests = latencies.length;
  const elapsed = Math.max(...rounds.map((r) => r.elapsedMs));
  const replica = after.replica - before.replica;
  const primary = after.primary - before.primary;
  return { op: op.key, nodes: nodes.length, rps: (requests / elapsed) * 1000, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), replicaShare: replica / Math.max(1, replica + primary), requests };
}

async function main() {
  const primary = await startPrivatePostgres();
  const replica = await startPrivatePostgres({ replicaOf: primary });
  const nodes: Node[] = [];
  try {
    console.error(`seeding scale ${scale} through the first node…`);
    nodes.push(await startNode(primary, replica, true));
    nodes.push(await startNode(primary, replica, false));
    const db = new pg.Client({ connectionString: primary.url });
    await db.connect();
    const key = (await import("node:fs")).readFileSync(join(nodes[0]!.dataDir, "demo-keys.postgres-postgres.json"), "utf8");
    const keys = JSON.parse(key) as Record<string, string>;
    const county = (await db.query<{ code: string }>(`SELECT county_code AS code FROM enterprise WHERE retired_at IS NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`)).rows[0]!.code;
    const usccs = (await db.query<{ uscc: string }>(`SELECT e.uscc FROM enterprise e WHERE e.retired_at IS NULL AND EXISTS (SELECT 1 FROM financial_statement f WHERE f.enterprise_id = e.id AND f.period_type = 'ANNUAL' AND f.retired_at IS NULL) ORDER BY e.id LIMIT 200`)).rows.map((r) => r.uscc);
    await db.end();
    const ctx: OperationContext = { county, usccs };
    const results: Result[] = [];
    for (const op of OPERATIONS.filter((o) => o.key === "nested" || o.key === "lookup")) {
      for (const n of [1, 2]) {
        const r = await round(op, nodes.slice(0, n), keys.FINANCE_BUREAU!, ctx);
        console.error(`${op.key} ${n} node(s): ${r.rps.toFixed(1)} req/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, replica share ${(r.replicaShare * 100).toFixed(0)} %`);
        results.push(r);
      }
    }
    const lines = [
      "# 1 node and 2 nodes on one primary plus one replica",
      "",
      `Run ${new Date().toISOString()} with \`npx tsx bench/nodes.ts --scale ${scale} --clients ${clients} --seconds ${seconds} --warmup ${warmup}\`.`,
      "",
      `**This machine has ${cpus().length} cores**, shared by the primary, the replica, the node(s) and the load generator (and by whatever else runs on it): the figures compare the configurations with each other on this machine, they are not the capacity of a deployment where each part has its own machine.`,
      "",
      `- private PostgreSQL 15 primary and a streaming replica made with pg_basebackup -R, on loopback, fsync off; demo data at scale ${scale}; county ${county}; lookups rotate over ${usccs.length} USCCs`,
      `- load: closed loop, ${clients} concurrent clients in all (split evenly over the nodes), ${warmup} s warm-up then ${seconds} s measured, as FINANCE_BUREAU (the policy, masking and the read audit apply; audit entries are written on the primary)`,
      "- replica share: requests whose reads the replica served, from the nodes' /readyz counters (the rest went to the primary)",
      "",
      "| operation | nodes | req/s | p50 ms | p99 ms | replica share | requests |",
      "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
      ...results.map((r) => `| ${r.op} | ${r.nodes} | ${r.rps.toFixed(1)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${(r.replicaShare * 100).toFixed(0)} % | ${r.requests} |`),
      "",
    ];
    await mkdir("bench/results", { recursive: true });
    await writeFile("bench/results/nodes-latest.md", lines.join("\n"));
    console.log(lines.join("\n"));
  } finally {
    for (const node of nodes) await stopNode(node).catch(() => {});
    await replica.destroy().catch(() => {});
    await primary.destroy().catch(() => {});
  }
}

await main();
