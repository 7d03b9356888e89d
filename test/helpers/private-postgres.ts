// A PostgreSQL server of a test's own (initdb and pg_ctl under a temporary directory, on a port of
// its own), for tests that stop and start the database: never the shared server the suite uses.
import { execFileSync } from "node:child_process";
import { chownSync, existsSync, readdirSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";

/** The directory of initdb and pg_ctl: pg_config's, else the newest under /usr/lib/postgresql. */
export function postgresBinDir(): string | null {
  try {
    const dir = execFileSync("pg_config", ["--bindir"], { encoding: "utf8" }).trim();
    if (existsSync(join(dir, "pg_ctl"))) return dir;
  } catch {
    /* no pg_config on the path */
  }
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, "bin", "pg_ctl"))).sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], "bin") : null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

export interface PrivatePostgres {
  /** postgresql://postgres@127.0.0.1:<port>/postgres */
  url: string;
  port: number;
  stop(): void;
  start(): void;
  /** stops at once, as a crash would (pg_ctl -m immediate): connections are cut, nothing is flushed */
  kill(): void;
  destroy(): Promise<void>;
}

export interface PrivatePostgresOptions {
  /** a streaming replica of this primary, made with `pg_basebackup -R` (hot standby: it answers reads) */
  replicaOf?: PrivatePostgres;
}

export async function startPrivatePostgres(options: PrivatePostgresOptions = {}): Promise<PrivatePostgres> {
  const bin = postgresBinDir();
  if (!bin) throw new Error("initdb and pg_ctl not found (apt-get install postgresql)");
  const dir = await mkdtemp(join(tmpdir(), options.replicaOf ? "dlg-private-replica-" : "dlg-private-pg-"));
  // PostgreSQL refuses to run as root: then it runs as the postgres user, which owns the directory.
  const asRoot = userInfo().uid === 0;
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(dir, uid, gid);
  }
  const run = (tool: string, args: string[]) => {
    const [command, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", join(bin, tool), ...args]] : [join(bin, tool), args];
    execFileSync(command as string, argv as string[], { stdio: ["ignore", "ignore", "pipe"], timeout: 120_000 });
  };
  const port = await freePort();
  const data = join(dir, "data");
  if (options.replicaOf) {
    // A copy of the primary's data directory that streams from it (-R writes primary_conninfo and
    // standby.signal); -X stream brings the WAL written during the copy. initdb's trust rules
    // allow replication connections from the loopback address.
    const primary = options.replicaOf;
    run("pg_basebackup", ["-h", "127.0.0.1", "-p", String(primary.port), "-U", "postgres", "-D", data, "-R", "-X", "stream", "--no-sync", "-c", "fast"]);
  } else {
    run("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8", "--locale=C"]);
  }
  // wal_level=replica (PostgreSQL's default, stated) lets a standby stream from any private
  // instance; hot_standby lets the standby answer reads while it replays.
  const pgOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c wal_level=replica -c max_wal_senders=5 -c hot_standby=on`;
  let running = false;
  const server: PrivatePostgres = {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    port,
    start() {
      run("pg_ctl", ["-D", data, "-o", pgOptions, "-l", join(dir, "log"), "-w", "start"]);
      running = true;
    },
    stop() {
      run("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
      running = false;
    },
    kill() {
      run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      running = false;
    },
    async destroy() {
      if (running) server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  server.start();
  return server;
}
