// What bench/peers.ts starts, and how it is stopped: every child runs in its own process group
// and is registered here, so a normal end, an error or Ctrl-C stops all of them (servers with
// SIGTERM then SIGKILL on the group, PostgreSQL with a fast shutdown of its postmaster). Also free
// ports, and the CPU time of a process tree read from /proc.
import { spawn, execFileSync, type ChildProcess, type SpawnOptions } from "node:child_process";
import { once } from "node:events";
import { existsSync, openSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";

export interface Child {
  name: string;
  child: ChildProcess;
  pid: number;
  /** resolves with the exit code (or the signal's name) */
  exited: Promise<number | string | null>;
  /** the file its stdout and stderr go to */
  logFile: string;
  /** undefined while it runs */
  exitValue(): number | string | null | undefined;
  stop(): Promise<void>;
}

const running = new Set<Child>();

// The children of this run, also written to a file: a run killed with SIGKILL cannot stop them
// (they are in their own process groups), so the next run does.
let registry: string | null = null;
interface Registered {
  name: string;
  pid: number;
  /** /proc start time: the same pid later reused by another process is not ours */
  start: string;
  stopSignal: NodeJS.Signals;
  signalGroup: boolean;
}
let registered: Registered[] = [];

function startTime(pid: number): string | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    return text.slice(text.lastIndexOf(")") + 2).split(" ")[19] ?? null;
  } catch {
    return null;
  }
}

function saveRegistry() {
  if (registry) writeFileSync(registry, `${JSON.stringify(registered, null, 2)}\n`);
}

/** Records children in `file`, after stopping any that an earlier run recorded there and left running. */
export async function trackChildrenIn(file: string): Promise<void> {
  registry = file;
  if (existsSync(file)) {
    // Most recent first: servers before the database they use.
    for (const r of (JSON.parse(readFileSync(file, "utf8")) as Registered[]).reverse()) {
      if (startTime(r.pid) !== r.start) continue;
      console.error(`  stopping ${r.name} (pid ${r.pid}) left running by an earlier run`);
      signal(r.signalGroup ? -r.pid : r.pid, r.stopSignal);
      const deadline = performance.now() + 30_000;
      while (startTime(r.pid) === r.start && performance.now() < deadline) await new Promise((res) => setTimeout(res, 200));
      signal(-r.pid, "SIGKILL");
    }
  }
  registered = [];
  saveRegistry();
}

/** Starts `command` in its own process group, output appended to `logFile`. `stopSignal` ends it
 *  gracefully (SIGTERM for our servers, SIGINT for a postmaster: a fast shutdown). */
export function startChild(
  name: string,
  command: string,
  args: string[],
  options: SpawnOptions & { logFile: string; stopSignal?: NodeJS.Signals; signalGroup?: boolean },
): Child {
  const out = openSync(options.logFile, "w");
  const child = spawn(command, args, { ...options, detached: true, stdio: ["ignore", out, out] });
  if (child.pid === undefined) throw new Error(`${name}: could not start ${command}`);
  const pid = child.pid;
  let exitValue: number | string | null | undefined;
  const exited = new Promise<number | string | null>((resolve) => {
    child.on("exit", (code, signal) => resolve((exitValue = code ?? signal)));
    child.on("error", (error) => resolve((exitValue = `spawn error: ${error.message}`)));
  });
  const stopSignal = options.stopSignal ?? "SIGTERM";
  // A postmaster is signalled alone (it stops its backends); a Node server with its whole group.
  const target = options.signalGroup === false ? pid : -pid;
  const entry: Child = {
    name,
    child,
    pid,
    exited,
    logFile: options.logFile,
    exitValue: () => exitValue,
    async stop() {
      running.delete(entry);
      if (exitValue !== undefined) return;
      signal(target, stopSignal);
      const timer = setTimeout(() => signal(-pid, "SIGKILL"), 30_000);
      await exited;
      clearTimeout(timer);
      // Anything the child left in its group (a tsx/esbuild helper) goes too.
      signal(-pid, "SIGKILL");
    },
  };
  running.add(entry);
  registered.push({ name, pid, start: startTime(pid) ?? "", stopSignal, signalGroup: options.signalGroup !== false });
  saveRegistry();
  void exited.then(() => {
    running.delete(entry);
    registered = registered.filter((r) => r.pid !== pid);
    saveRegistry();
  });
  return entry;
}

function signal(target: number, sig: NodeJS.Signals) {
  try {
    process.kill(target, sig);
  } catch {
    /* already gone */
  }
}

/** Stops everything still running, most recently started first (servers before PostgreSQL). */
export async function stopAll(): Promise<void> {
  for (const c of [...running].reverse()) await c.stop();
}

let stopping = false;
/** Ctrl-C, SIGTERM and uncaught errors stop every child before the process ends; a last
 *  synchronous SIGKILL on `exit` covers whatever an abrupt end left behind. */
export function stopChildrenOnExit(): void {
  const onSignal = (sig: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.error(`\n${sig}: stopping the servers this benchmark started`);
    void stopAll().finally(() => process.exit(130));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  process.on("exit", () => {
    for (const c of running) signal(-c.pid, "SIGKILL");
  });
}

/** A TCP port free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  server.close();
  await once(server, "close");
  return port;
}

/** Waits until `check` resolves true, or throws naming `what` (with the child's log tail). */
export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number, child?: Child): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (child && child.exitValue() !== undefined) {
      throw new Error(`${what}: the process exited (${child.exitValue()}) before it was ready; its log, ${child.logFile}, ends:\n${logTail(child.logFile)}`);
    }
    if (performance.now() > deadline) throw new Error(`${what}: not ready after ${Math.round(timeoutMs / 1000)} s; log: ${child?.logFile ?? "–"}\n${child ? logTail(child.logFile) : ""}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export function logTail(file: string, lines = 15): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  }
}

const TICKS_PER_SECOND = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;

/** CPU time (user + system, ms) of `rootPid` and every live descendant, plus what the root
 *  collected from children that already exited: the whole server, helpers and backends included. */
export function treeCpuMs(rootPid: number): number {
  const stats = new Map<number, { ppid: number; ticks: number; childTicks: number }>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let text: string;
    try {
      text = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // exited while listing
    }
    // Fields after the command (which may hold spaces) in parentheses: state ppid … utime(14) stime(15) cutime(16) cstime(17).
    const f = text.slice(text.lastIndexOf(")") + 2).split(" ");
    stats.set(Number(entry), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]), childTicks: Number(f[13]) + Number(f[14]) });
  }
  const root = stats.get(rootPid);
  if (!root) return NaN;
  let ticks = root.ticks + root.childTicks;
  const queue = [rootPid];
  while (queue.length) {
    const parent = queue.pop()!;
    for (const [pid, s] of stats) {
      if (s.ppid !== parent) continue;
      ticks += s.ticks + s.childTicks;
      queue.push(pid);
    }
  }
  return (ticks / TICKS_PER_SECOND) * 1000;
}
