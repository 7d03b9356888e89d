// PgBouncer (Debian's package) of a test's own, in transaction mode, in front of a private
// PostgreSQL instance (private-postgres.ts), on a port of its own: never the shared server.
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { chownSync, existsSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { connect, createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import type { PrivatePostgres } from "./private-postgres.ts";

export const PGBOUNCER = ["/usr/sbin/pgbouncer", "/usr/bin/pgbouncer"].find((p) => existsSync(p)) ?? null;

export interface PrivatePgBouncer {
  /** postgresql://postgres@127.0.0.1:<port>/postgres, through the pooler */
  url: string;
  /** what PgBouncer logged (its refusals name the feature a client used) */
  log(): string;
  destroy(): Promise<void>;
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

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });

/**
 * The settings the platform needs from PgBouncer (docs/deploy.md, "Behind PgBouncer"):
 * pool_mode=transaction; the platform's named statements (src/db/statement-names.ts) are sent
 * unnamed once PgBouncer before 1.21 (or max_prepared_statements = 0) refuses one, so those work;
 * nothing relies on session state between transactions (SET LOCAL, transaction-scoped advisory locks).
 */
export async function startPgBouncer(target: PrivatePostgres, settings: Record<string, string> = {}): Promise<PrivatePgBouncer> {
  if (!PGBOUNCER) throw new Error("pgbouncer not found (apt-get install pgbouncer)");
  const dir = await mkdtemp(join(tmpdir(), "dlg-pgbouncer-"));
  const port = await freePort();
  const conf = {
    listen_addr: "127.0.0.1",
    listen_port: String(port),
    unix_socket_dir: dir,
    auth_type: "trust",
    auth_file: join(dir, "userlist.txt"),
    pool_mode: "transaction",
    default_pool_size: "10",
    max_client_conn: "200",
    logfile: join(dir, "pgbouncer.log"),
    pidfile: join(dir, "pgbouncer.pid"),
    // node-postgres sends these at connect: PgBouncer must let them through.
    ignore_startup_parameters: "extra_float_digits,options",
    ...settings,
  };
  writeFileSync(join(dir, "userlist.txt"), `"postgres" ""\n`);
  writeFileSync(
    join(dir, "pgbouncer.ini"),
    `[databases]\npostgres = host=127.0.0.1 port=${target.port} dbname=postgres\n\n[pgbouncer]\n${Object.entries(conf).map(([k, v]) => `${k} = ${v}`).join("\n")}\n`,
  );
  // PgBouncer refuses to run as root: then it runs as the postgres user, which owns the directory.
  const asRoot = userInfo().uid === 0;
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    for (const f of ["", "userlist.txt", "pgbouncer.ini"]) chownSync(join(dir, f), uid, gid);
  }
  const [command, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", PGBOUNCER, join(dir, "pgbouncer.ini")]] : [PGBOUNCER, [join(dir, "pgbouncer.ini")]];
  const child: ChildProcess = spawn(command as string, argv as string[], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (d) => (stderr += d));
  const deadline = Date.now() + 30_000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`pgbouncer did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const readLog = () => {
    try {
      return execFileSync("cat", [join(dir, "pgbouncer.log")], { encoding: "utf8" });
    } catch {
      return "";
    }
  };
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    log: readLog,
    async destroy() {
      if (child.exitCode === null) {
        // SIGTERM: immediate shutdown (SIGINT would wait for every client to leave).
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
        await exited;
        clearTimeout(timer);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
