// The audit's cost, before and after issue 13's group commit (item 2), side by side in one run:
//
//   npx tsx bench/audit.ts [--before main] [--scale 1] [--clients 16] [--seconds 10] [--rounds 3] [--postgres URL]
//
// "before" is the project at git revision --before (default main), exported with `git archive`
// into a scratch directory under .data/bench/ (its Prisma client generated there, this checkout's
// node_modules linked); "after" is this checkout. Each gets a PostgreSQL database of its own with
// the same demo data: "before" is seeded by the before code, "after" is a copy of it (CREATE
// DATABASE … TEMPLATE) that the after code migrates, converting the before code's audit entries
// (the conversion is verified too). Both servers run in production mode at the same time and are
// measured in turn, alternating which goes first in each round, with the nested read of
// bench/peers-queries.ts (50 enterprises of the largest county, every answer checked) from
// `clients` closed-loop callers. Per round: audited requests per second, p50/p99, and the growth
// of the audit's tables in bytes per audited request (pg_total_relation_size of every audit
// table, after the sealer has caught up). Results: bench/results/audit-latest.{md,json}.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { generateApiKey, hashApiKey } from "../src/access/api-keys.ts";
import { httpRound, percentile } from "./peers-load.ts";
import { freePort, startChild, stopAll, stopChildrenOnExit, waitFor, type Child } from "./peers-processes.ts";
import { NESTED_PROJECT } from "./peers-queries.ts";

const { values } = parseArgs({
  options: {
    before: { type: "string", default: "main" },
    scale: { type: "string", default: "1" },
    clients: { type: "string", default: "16" },
    seconds: { type: "string", default: "10" },
    rounds: { type: "string", default: "3" },
    postgres: { type: "string", default: process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres" },
    reseed: { type: "boolean", default: false },
    // the results' file name under bench/results/ (issue 13's run: audit-latest; issue 10's: audit-log)
    out: { type: "string", default: "audit-latest" },
    title: { type: "string", default: "The audit, before and after its group commit (issue 13, item 2)" },
  },
});
const scale = Number(values.scale);
const clients = Number(values.clients);
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
const here = resolve(import.meta.dirname, "..");
const scratch = join(here, ".data", "bench", "audit");
const tag = `s${String(scale).replace(".", "_")}`;
const BEFORE_DB = `dlg_bench_audit_before_${tag}`;
const AFTER_DB = `dlg_bench_audit_after_${tag}`;

const dbUrl = (name: string) => {
  const u = new URL(values.postgres!);
  u.pathname = `/${name}`;
  return u.toString();
};

/** The before revision as a runnable tree: its files, its generated Prisma client, our node_modules. */
function prepareBeforeTree(): { dir: string; commit: string } {
  const commit = execFileSync("git", ["rev-parse", values.before!], { cwd: here, encoding: "utf8" }).trim();
  const dir = join(scratch, `before-${commit.slice(0, 12)}`);
  if (!existsSync(join(dir, "src", "generated", "prisma"))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    execFileSync("sh", ["-c", `git archive ${commit} | tar -x -C ${JSON.stringify(dir)}`], { cwd: here, stdio: "inherit" });
    symlinkSync(join(here, "node_modules"), join(dir, "node_modules"));
    execFileSync(process.execPath, ["scripts/prisma-generate.mjs"], { cwd: dir, stdio: ["ignore", "ignore", "inherit"] });
  }
  return { dir, commit };
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>, database = "postgres"): Promise<T> {
  const c = new pg.Client({ connectionString: dbUrl(database) });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Seeds the before database with the before code (its migrations, its seed), once. */
async function prepareDatabases(beforeDir: string): Promise<void> {
  const exists = await admin(async (c) => (await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [BEFORE_DB])).rowCount! > 0);
  if (!exists || values.reseed) {
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${BEFORE_DB} WITH (FORCE)`));
    await admin((c) => c.query(`CREATE DATABASE ${BEFORE_DB}`));
    console.error(`  seeding ${BEFORE_DB} at scale ${scale} with the before code`);
    execFileSync(process.execPath, ["--import", "tsx", "src/cli/seed.ts", "--scale", String(scale)], {
      cwd: beforeDir,
      env: { ...process.env, DATABASE_URL: dbUrl(BEFORE_DB), DATA_DIR: join(scratch, "before-data"), LOG_LEVEL: "warn", NODE_ENV: "development" },
      stdio: ["ignore", "ignore", "inherit"],
    });
    await admin((c) => c.query("VACUUM ANALYZE"), BEFORE_DB);
  }
}

/** A fresh copy for the after code each run (same data; its migrations convert the audit). */
async function copyForAfter(): Promise<void> {
  await admin((c) => c.query(`DROP DATABASE IF EXISTS ${AFTER_DB} WITH (FORCE)`));
  await admin((c) => c.query(`CREATE DATABASE ${AFTER_DB} TEMPLATE ${BEFORE_DB}`));
}

interface System {
  name: "before" | "after";
  dir: string;
  database: string;
  child?: Child;
  origin?: string;
  key?: string;
}

async function startServer(system: System): Promise<void> {
  const port = await freePort();
  const logFile = join(scratch, `${system.name}.log`);
  system.child = startChild(`${system.name} server`, process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: system.dir,
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: dbUrl(system.database),
      DATA_DIR: join(scratch, `${system.name}-data`),
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      SEED_DEMO: "false",
      RATE_LIMIT_MAX: "0",
      STATEMENT_COUNTS: "off",
    },
    logFile,
  });
  system.origin = `http://127.0.0.1:${port}`;
  await waitFor(`${system.name} server`, async () => (await fetch(`${system.origin}/readyz`).catch(() => null))?.ok === true, 300_000, system.child);
  // A FINANCE_BUREAU analyst key, straight into the table (the same in both schemas).
  const { key, prefix } = generateApiKey();
  await admin(
    (c) => c.query(`INSERT INTO api_key (prefix, secret_hash, agency, name, kind, created_by) VALUES ($1, $2, 'FINANCE_BUREAU', 'bench-audit', 'USER', 'bench')`, [prefix, hashApiKey(key)]),
    system.database,
  );
  system.key = key;
}

// Whichever exist: the hash chain's (before issue 10) or the transparency log's (after).
const AUDIT_TABLES = ["audit_entry", "audit_record", "audit_seal", "audit_pending", "audit_chain_head", "audit_leaf", "audit_tree_node", "audit_tree_head", "audit_checkpoint"];
const SEAL_TABLES = ["audit_seal", "audit_pending", "audit_chain_head", "audit_leaf", "audit_tree_node", "audit_tree_head", "audit_checkpoint"];

/** Bytes of every audit table (with indexes and TOAST) and the number of entries. */
async function auditSize(database: string): Promise<{ bytes: number; entries: number; pending: number }> {
  return admin(async (c) => {
    const sizes = await c.query<{ bytes: string }>(
      `SELECT coalesce(sum(pg_total_relation_size(to_regclass(t))), 0) AS bytes FROM unnest($1::text[]) AS t WHERE to_regclass(t) IS NOT NULL`,
      [AUDIT_TABLES],
    );
    const entries = await c.query<{ n: string }>("SELECT count(*) AS n FROM audit_entry");
    const hasPending = (await c.query("SELECT to_regclass('audit_pending') IS NOT NULL AS ok")).rows[0].ok;
    const pending = hasPending ? Number((await c.query<{ n: string }>("SELECT count(*) AS n FROM audit_pending")).rows[0]!.n) : 0;
    return { bytes: Number(sizes.rows[0]!.bytes), entries: Number(entries.rows[0]!.n), pending };
  }, database);
}

async function settled(system: System): Promise<{ bytes: number; entries: number }> {
  // The after system's sealer runs behind the responses: measure once it has caught up.
  for (let i = 0; i < 500; i++) {
    const s = await auditSize(system.database);
    if (!s.pending) return s;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${system.name}: the sealer did not catch up`);
}

interface RoundResult {
  system: string;
  round: number;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  bytesPerRequest: number;
  entries: number;
}

async function main() {
  stopChildrenOnExit();
  mkdirSync(scratch, { recursive: true });
  console.error(`bench/audit.ts: before = ${values.before}, after = this checkout; scale ${scale}, ${clients} clients, ${seconds} s x ${rounds} rounds`);
  const before = prepareBeforeTree();
  await prepareDatabases(before.dir);
  const county = await admin(
    async (c) =>
      (await c.query<{ code: string; n: string }>(
        `SELECT county_code AS code, count(*) AS n FROM enterprise WHERE retired_at IS NULL GROUP BY county_code ORDER BY count(*) DESC, county_code LIMIT 1`,
      )).rows[0]!,
    BEFORE_DB,
  );
  const systems: System[] = [
    { name: "before", dir: before.dir, database: BEFORE_DB },
    { name: "after", dir: here, database: AFTER_DB },
  ];
  const body = JSON.stringify({ query: NESTED_PROJECT, variables: { first: 50, county: county.code } });
  // The before code audits some reads first, so that the after code's migration has entries
  // (and their audit_record rows) to convert; then the copy is made, with no one connected.
  await startServer(systems[0]!);
  for (let i = 0; i < 20; i++) {
    const res = await fetch(`${systems[0]!.origin}/graphql`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${systems[0]!.key}` }, body });
    if (!res.ok) throw new Error(`before: HTTP ${res.status} ${await res.text()}`);
    await res.text();
  }
  await systems[0]!.child!.stop();
  await copyForAfter();
  for (const s of systems) await startServer(s);

  // The after code converted the before code's entries: the chain still verifies.
  const verify = async (s: System) => {
    const res = await fetch(`${s.origin}/graphql`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${s.key}` }, body: JSON.stringify({ query: "{ verifyAuditChain { ok checked reason } }" }) });
    return ((await res.json()) as any).data.verifyAuditChain as { ok: boolean; checked: number; reason: string | null };
  };
  const converted = await verify(systems[1]!);
  console.error(`  after: converted chain ${JSON.stringify(converted)}`);

  const results: RoundResult[] = [];
  for (let round = 1; round <= rounds; round++) {
    const order = round % 2 ? systems : [...systems].reverse();
    for (const s of order) {
      const start = await settled(s);
      const r = await httpRound({ origin: s.origin!, path: "/graphql", headers: { authorization: `Bearer ${s.key}` }, body: () => body, name: s.name }, clients, seconds, 2, undefined);
      const end = await settled(s);
      // Warm-up requests are audited too: bytes over all entries added during the round.
      const entries = end.entries - start.entries;
      const result: RoundResult = {
        system: s.name,
        round,
        requests: r.requests,
        rps: r.requests / (r.elapsedMs / 1000),
        p50: percentile(r.latencies, 0.5),
        p99: percentile(r.latencies, 0.99),
        bytesPerRequest: (end.bytes - start.bytes) / entries,
        entries,
      };
      results.push(result);
      console.error(`  round ${round} ${s.name.padEnd(6)} ${result.rps.toFixed(1)} rps  p50 ${result.p50.toFixed(1)} ms  p99 ${result.p99.toFixed(1)} ms  ${Math.round(result.bytesPerRequest)} B/audited request (${entries} entries)`);
    }
  }
  // audit_record exists only before issue 13 (one row per record); after it, the records are grouped in the entry.
  const records = await admin(async (c) => ((await c.query("SELECT to_regclass('audit_record') IS NOT NULL AS ok")).rows[0].ok ? (await c.query<{ n: string }>("SELECT count(*) AS n FROM audit_record WHERE entry_id = (SELECT max(id) FROM audit_entry)")).rows[0]!.n : "0"), BEFORE_DB);
  const verdict = await verify(systems[1]!);
  await stopAll();
  // Where the bytes are, per entry of this read, in the steady state: the GIN index's fast-update
  // pending list (uncompressed, merged into the compressed posting lists by autovacuum, its pages
  // then reused) makes a short run's growth overstate it, so the index is also built afresh once.
  const breakdown = await admin(async (c) => {
    const n = Number((await c.query<{ n: string }>("SELECT count(*) AS n FROM audit_entry WHERE format = 2")).rows[0]!.n);
    const heap = Number((await c.query<{ b: string }>("SELECT pg_table_size('audit_entry') AS b")).rows[0]!.b);
    const gin = Number((await c.query<{ b: string }>("SELECT pg_relation_size('audit_entry_record_keys_idx') AS b")).rows[0]!.b);
    await c.query("CREATE INDEX bench_compact_gin ON audit_entry USING gin (record_keys)");
    const compact = Number((await c.query<{ b: string }>("SELECT pg_relation_size('bench_compact_gin') AS b")).rows[0]!.b);
    await c.query("DROP INDEX bench_compact_gin");
    const others = Number((await c.query<{ b: string }>(
      "SELECT coalesce(sum(pg_total_relation_size(to_regclass(t))), 0) AS b FROM unnest($1::text[]) AS t WHERE to_regclass(t) IS NOT NULL",
      [SEAL_TABLES],
    )).rows[0]!.b);
    const btrees = Number((await c.query<{ b: string }>("SELECT pg_indexes_size('audit_entry') - pg_relation_size('audit_entry_record_keys_idx') AS b")).rows[0]!.b);
    return { entries: n, heapAndToastPerEntry: heap / n, ginPerEntryAsGrown: gin / n, ginPerEntryBuiltCompactly: compact / n, otherIndexesPerEntry: btrees / n, sealTablesPerEntry: others / n };
  }, AFTER_DB);

  const median = (xs: number[]) => percentile(xs, 0.5);
  const summary = Object.fromEntries(
    (["before", "after"] as const).map((name) => {
      const rs = results.filter((r) => r.system === name);
      return [name, { rps: median(rs.map((r) => r.rps)), p50: median(rs.map((r) => r.p50)), p99: median(rs.map((r) => r.p99)), bytesPerRequest: median(rs.map((r) => r.bytesPerRequest)) }];
    }),
  ) as Record<"before" | "after", { rps: number; p50: number; p99: number; bytesPerRequest: number }>;
  const at = new Date().toISOString();
  const json = { at, before: { rev: values.before, commit: before.commit }, after: { commit: execFileSync("git", ["rev-parse", "HEAD"], { cwd: here, encoding: "utf8" }).trim() }, scale, clients, seconds, rounds, county: county.code, recordsPerEntryBefore: Number(records), convertedChain: converted, finalChain: verdict, results, summary, afterBreakdown: breakdown };
  mkdirSync(join(here, "bench", "results"), { recursive: true });
  writeFileSync(join(here, "bench", "results", `${values.out}.json`), JSON.stringify(json, null, 2) + "\n");
  const row = (name: "before" | "after") => {
    const s = summary[name];
    return `| ${name} | ${s.rps.toFixed(1)} | ${s.p50.toFixed(1)} | ${s.p99.toFixed(1)} | ${Math.round(s.bytesPerRequest)} |`;
  };
  const md = `# ${values.title}

${at}: \`npx tsx bench/audit.ts --before ${values.before} --scale ${scale} --clients ${clients} --seconds ${seconds} --rounds ${rounds}${values.out !== "audit-latest" ? ` --out ${values.out} --title '${values.title}'` : ""}\`

${values.out === "audit-latest" ? `Before: ${values.before} (${before.commit.slice(0, 12)}), every read's entry under the chain-head row lock, one
audit_record row per record (${records} rows for this read). After: this checkout, entries group-committed,
records grouped in the entry row, the chain sealed behind.` : `Before: ${values.before} (${before.commit.slice(0, 12)}), entries group-committed and sealed behind into the single hash
chain (audit_seal). After: this checkout, entries group-committed the same way and sealed behind, in batches, into the
transparency log (RFC 6962 tree: leaves, complete subtrees, head; a signed checkpoint after each batch at most once a
minute, the default). The request path is the same in both: no lock shared by requests.`} Both on PostgreSQL (${new URL(values.postgres!).host}), same
demo data (scale ${scale}, the after database a copy of the before one, migrated), production mode, run side by
side and measured in turn (alternating which goes first); the nested read of 50 enterprises of county
${county.code}, ${clients} closed-loop clients, ${seconds} s per round after 2 s of warm-up, ${rounds} rounds. Medians over the rounds.

| system | audited requests/s | p50 ms | p99 ms | audit growth, bytes per audited request |
|---|---|---|---|---|
${row("before")}
${row("after")}

Throughput after/before: ${(summary.after.rps / summary.before.rps).toFixed(2)}x; audit bytes after/before: ${(summary.after.bytesPerRequest / summary.before.bytesPerRequest).toFixed(2)}x.
The before code's entries, converted by the after code's migration, verify: ${converted.ok} (${converted.checked} entries);
after the run: ${verdict.ok} (${verdict.checked} entries).

Where the after system's bytes are, per entry (over all ${breakdown.entries} entries of the after database): entry
rows with their TOAST (records grouped as JSONB, record keys) ${Math.round(breakdown.heapAndToastPerEntry)} B; the GIN
index of record keys ${Math.round(breakdown.ginPerEntryAsGrown)} B as grown during the run (its fast-update pending list
holds keys uncompressed until autovacuum merges them), ${Math.round(breakdown.ginPerEntryBuiltCompactly)} B when built afresh
(the steady state it converges to); other indexes ${Math.round(breakdown.otherIndexesPerEntry)} B; the seal tables
(the hash chain's seals and head, or the transparency log's leaves, subtrees, head and checkpoints) with the pending
list ${Math.round(breakdown.sealTablesPerEntry)} B.

Every round:

| round | system | requests | rps | p50 ms | p99 ms | bytes/request | entries |
|---|---|---|---|---|---|---|---|
${results.map((r) => `| ${r.round} | ${r.system} | ${r.requests} | ${r.rps.toFixed(1)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${Math.round(r.bytesPerRequest)} | ${r.entries} |`).join("\n")}

The machine has 2 cores shared with other work: compare the two rows of one run, not runs.
`;
  writeFileSync(join(here, "bench", "results", `${values.out}.md`), md);
  console.log(md);
}

main().catch(async (error) => {
  console.error(error);
  await stopAll();
  process.exit(1);
});
