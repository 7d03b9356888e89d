// One process at a time on an embedded database directory. PGlite is PostgreSQL in one process
// with no server in front of it: two processes opening the same directory each run their own
// PostgreSQL over the same files, neither sees the other's writes, and the files end up holding
// whichever wrote last. So every process opening the directory first takes `<dir>.lock`.
//
// The lock is a file created atomically (written aside, then hard-linked into place, which fails
// when it exists) naming its holder. A lock whose holder has died (kill -9, a power cut) is stale:
// on the same host, a holder whose process no longer exists is replaced at once. A lock from
// another host (a shared network volume) cannot be checked and is never taken over.
import { closeSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { dirname } from "node:path";
import { randomBytes } from "node:crypto";

export interface LockHolder {
  pid: number;
  host: string;
  /** what it is, e.g. "npm start", "npm run seed" */
  role: string;
  since: string;
  /** tells two holders with the same pid apart (a pid reused after a restart) */
  nonce: string;
}

/** The role the server names in the lock (the CLI tells a server from another command by it). */
export const SERVER_ROLE = "npm start";

export class EmbeddedDatabaseBusyError extends Error {
  constructor(
    readonly dir: string,
    readonly holder: LockHolder,
  ) {
    super(
      holder.host === hostname()
        ? `the embedded database in ${dir} is in use by process ${holder.pid} (${holder.role}, since ${holder.since}); one process at a time may open it`
        : `the embedded database in ${dir} is locked by process ${holder.pid} on host ${holder.host} (${holder.role}); if that process is gone, delete ${dir}.lock`,
    );
  }
}

export interface EmbeddedLock {
  holder: LockHolder;
  release(): void;
}

/** Locks held by this process, removed at exit even when it ends with process.exit(). */
const held = new Map<string, string>();
process.once("exit", () => {
  for (const [path, nonce] of held) removeIfOurs(path, nonce);
});

export const lockPath = (dir: string) => `${dir}.lock`;

function readHolder(path: string): LockHolder | null {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as LockHolder;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    // Unreadable or not ours: never guess that it is stale.
    return { pid: 0, host: "unknown", role: `an unreadable lock file ${path}`, since: "unknown", nonce: "" };
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

function isStale(holder: LockHolder): boolean {
  if (holder.host !== hostname() || holder.pid <= 0) return false;
  // Our own pid in a lock we do not hold: a previous process that had this pid (a container
  // restarted with the same pid, say) left it.
  if (holder.pid === process.pid) return ![...held.values()].includes(holder.nonce);
  return !alive(holder.pid);
}

function removeIfOurs(path: string, nonce: string): void {
  if (readHolder(path)?.nonce === nonce) {
    try {
      unlinkSync(path);
    } catch {
      /* already gone */
    }
  }
}

/** Creates the lock file with its content in one step; false when a lock exists. */
function tryCreate(path: string, holder: LockHolder): boolean {
  const aside = `${path}.${holder.nonce}`;
  const fd = openSync(aside, "wx", 0o600);
  try {
    writeSync(fd, JSON.stringify(holder) + "\n");
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(aside, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    unlinkSync(aside);
  }
}

/**
 * Moves a stale lock out of the way. If another process replaced it meanwhile (it judged the same
 * lock stale and took it first), the one moved is not the stale one: it is put back. (Should a
 * third process lock in the instant between moving and putting back, its lock stands and the
 * second one's is lost: three processes racing for a stale lock within microseconds, accepted.)
 */
function removeStale(path: string, stale: LockHolder): void {
  const aside = `${path}.stale-${randomBytes(6).toString("hex")}`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  const moved = readHolder(aside);
  if (moved?.nonce !== stale.nonce) {
    try {
      linkSync(aside, path);
    } catch {
      /* a third process locked meanwhile (see above) */
    }
  }
  unlinkSync(aside);
}

/**
 * Takes the lock of an embedded database directory, or throws EmbeddedDatabaseBusyError naming
 * the process that holds it. `inheritFrom`: a process that may hold it on our behalf (the server
 * that started us to seed its database before opening it itself).
 */
export function lockEmbeddedDatabase(dir: string, role: string, options: { inheritFrom?: number } = {}): EmbeddedLock {
  const path = lockPath(dir);
  mkdirSync(dirname(path), { recursive: true });
  const holder: LockHolder = { pid: process.pid, host: hostname(), role, since: new Date().toISOString(), nonce: randomBytes(8).toString("hex") };
  for (let attempt = 0; attempt < 5; attempt++) {
    if (tryCreate(path, holder)) {
      held.set(path, holder.nonce);
      return {
        holder,
        release() {
          if (held.get(path) !== holder.nonce) return;
          held.delete(path);
          removeIfOurs(path, holder.nonce);
        },
      };
    }
    const current = readHolder(path);
    if (!current) continue;
    if (options.inheritFrom && current.pid === options.inheritFrom && current.host === holder.host) {
      return { holder: current, release() {} };
    }
    if (!isStale(current)) throw new EmbeddedDatabaseBusyError(dir, current);
    removeStale(path, current);
  }
  throw new Error(`could not take the lock ${path}: other processes keep taking it`);
}

/** The live holder of a directory's lock, or null when it is free or stale. */
export function embeddedLockHolder(dir: string): LockHolder | null {
  const current = readHolder(lockPath(dir));
  return current && !isStale(current) ? current : null;
}
