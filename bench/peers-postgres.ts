// The PostgreSQL that bench/peers.ts measures against. By default a private instance: the same
// PostgreSQL 15 binaries as the shared server and its settings (initdb defaults, C.UTF-8, UTC),
// plus pg_stat_statements preloaded so that every SQL statement either system sends is counted on
// the database side, the same way for both; on its own port and data directory (kept between
// runs, so the demo data is seeded once), started and stopped by the benchmark. The shared server
// on 127.0.0.1:5432 is never reconfigured. With --postgres URL an existing server is used instead;
// statements are then counted only if it already preloads pg_stat_statements.
import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { freePort, startChild, treeCpuMs, waitFor } from "./peers-processes.ts";

export interface Postgres {
  /** a connection URL to `database` as `user` */
  url(database: string, user?: string): string;
  /** a superuser connection to the `postgres` database: creating databases, roles, counting statements */
  admin: pg.Client;
  /** whether pg_stat_statements counts statements here */
  countsStatements: boolean;
  /** CPU ms of the postmaster and all its backends so far (NaN when the server is not ours) */
  cpuMs(): number;
  description: string;
  stop(): Promise<void>;
}

function pgBinDir(): string {
  try {
    return execFileSync("pg_config", ["--bindir"], { encoding: "utf8" }).trim();
  } catch {
    throw new Error("pg_config not found: install PostgreSQL's server binaries (Debian: apt-get install postgresql-15), or pass --postgres <url> to use a running server");
  }
}

/** initdb and postgres refuse to run as root: then the cluster belongs to the `postgres` user. */
function clusterOwner(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  try {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    return { uid, gid };
  } catch {
    throw new Error("running as root, the private PostgreSQL needs a 'postgres' system user to own its data directory (initdb refuses root); create one or run as another user");
  }
}

export async function startPrivatePostgres(dir: string, logDir: string): Promise<Postgres> {
  const bin = pgBinDir();
  const pkglib = execFileSync("pg_config", ["--pkglibdir"], { encoding: "utf8" }).trim();
  if (!existsSync(join(pkglib, "pg_stat_statements.so"))) {
    throw new Error(`pg_stat_statements is not installed in ${pkglib} (Debian ships it with postgresql-15; it is part of the contrib modules)`);
  }
  const owner = clusterOwner();
  const as = owner ? { uid: owner.uid, gid: owner.gid } : {};
  mkdirSync(dir, { recursive: true });
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const version = execFileSync(join(bin, "postgres"), ["--version"], { encoding: "utf8" }).trim();
  if (!existsSync(join(dir, "PG_VERSION"))) {
    console.error(`  initdb ${dir} (${version})`);
    execFileSync(join(bin, "initdb"), ["-D", dir, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-instructions"], {
      ...as,
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, TZ: "UTC" },
    });
  }
  // A postmaster left by an earlier run that was killed: stop it (the directory is this benchmark's).
  const pidFile = join(dir, "postmaster.pid");
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
    if (pid && isAlive(pid)) {
      console.error(`  stopping a PostgreSQL (pid ${pid}) left running on ${dir} by an earlier run`);
      execFileSync(join(bin, "pg_ctl"), ["stop", "-D", dir, "-m", "fast", "-w"], { ...as, stdio: "ignore" });
    }
  }
  const port = await freePort();
  const settings = {
    listen_addresses: "127.0.0.1",
    unix_socket_directories: dir,
    shared_preload_libraries: "pg_stat_statements",
    "pg_stat_statements.max": "10000",
    // Statements the clients send (not those inside functions), BEGIN/COMMIT/SET included.
    "pg_stat_statements.track": "top",
    "pg_stat_statements.track_utility": "on",
    // Planning time per statement too (total_plan_time), beside its execution time.
    "pg_stat_statements.track_planning": "on",
    timezone: "UTC",
  };
  const args = ["-D", dir, "-p", String(port), ...Object.entries(settings).flatMap(([k, v]) => ["-c", `${k}=${v}`])];
  const child = startChild("postgres", join(bin, "postgres"), args, { ...as, logFile: join(logDir, "postgres.log"), stopSignal: "SIGINT", signalGroup: false });
  const url = (database: string, user = "postgres") => `postgresql://${user}@127.0.0.1:${port}/${database}`;
  await waitFor("private PostgreSQL", async () => {
    const c = new pg.Client({ connectionString: url("postgres") });
    await c.connect();
    await c.end();
    return true;
  }, 60_000, child);
  const admin = new pg.Client({ connectionString: url("postgres") });
  // Its connection ends with the server at shutdown (or Ctrl-C): not an error worth a crash.
  admin.on("error", () => {});
  await admin.connect();
  await admin.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
  return {
    url,
    admin,
    countsStatements: true,
    cpuMs: () => treeCpuMs(child.pid),
    description: `private ${version} on 127.0.0.1:${port} (${dir}), pg_stat_statements preloaded`,
    async stop() {
      await admin.end().catch(() => {});
      await child.stop();
    },
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** An existing server (--postgres URL): nothing is started, nothing of its configuration changed. */
export async function useExistingPostgres(base: string): Promise<Postgres> {
  const admin = new pg.Client({ connectionString: base });
  admin.on("error", () => {});
  await admin.connect();
  const preload = (await admin.query<{ s: string }>("SELECT current_setting('shared_preload_libraries') AS s")).rows[0]!.s;
  let countsStatements = false;
  if (preload.split(",").map((s) => s.trim()).includes("pg_stat_statements")) {
    countsStatements = (await admin.query("SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'")).rowCount === 1;
  }
  const version = (await admin.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v;
  const host = new URL(base);
  return {
    url: (database: string, user?: string) => {
      const u = new URL(base);
      u.pathname = `/${database}`;
      if (user) u.username = user;
      return u.toString();
    },
    admin,
    countsStatements,
    cpuMs: () => NaN,
    description: `existing PostgreSQL ${version} at ${host.host}${countsStatements ? ", pg_stat_statements" : " (pg_stat_statements not preloaded: statements not counted)"}`,
    async stop() {
      await admin.end().catch(() => {});
    },
  };
}

export type Snapshot = Map<string, { query: string; calls: number; execMs: number; planMs: number }>;

/** Statements run so far in `database` by `role`, per normalised statement. */
export async function statementSnapshot(pgsql: Postgres, database: string, role: string): Promise<Snapshot> {
  const rows = await pgsql.admin.query<{ queryid: string; query: string; calls: string; exec_ms: number; plan_ms: number }>(
    `SELECT s.queryid::text, s.query, s.calls::text, s.total_exec_time AS exec_ms, s.total_plan_time AS plan_ms FROM pg_stat_statements s
       JOIN pg_database d ON d.oid = s.dbid JOIN pg_roles r ON r.oid = s.userid
      WHERE d.datname = $1 AND r.rolname = $2`,
    [database, role],
  );
  return new Map(rows.rows.map((r) => [r.queryid, { query: r.query, calls: Number(r.calls), execMs: Number(r.exec_ms), planMs: Number(r.plan_ms) }]));
}

/** One statement between two snapshots: how often it ran and the milliseconds PostgreSQL spent executing and planning it. */
export interface StatementRuns {
  query: string;
  calls: number;
  execMs: number;
  planMs: number;
}

/** Statements between two snapshots: the total and the statements that ran, most frequent first. */
export function statementDelta(before: Snapshot, after: Snapshot): { total: number; top: StatementRuns[] } {
  const top: StatementRuns[] = [];
  for (const [id, a] of after) {
    const b = before.get(id);
    const calls = a.calls - (b?.calls ?? 0);
    if (calls > 0) top.push({ query: a.query.replace(/\s+/g, " ").slice(0, 160), calls, execMs: a.execMs - (b?.execMs ?? 0), planMs: a.planMs - (b?.planMs ?? 0) });
  }
  top.sort((x, y) => y.calls - x.calls);
  return { total: top.reduce((s, t) => s + t.calls, 0), top };
}
