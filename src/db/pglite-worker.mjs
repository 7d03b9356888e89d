// The embedded database's own thread. PGlite runs PostgreSQL compiled to WebAssembly, and a
// statement runs synchronously from start to end: on the main thread a long one (a 5,000-row loan
// file) froze the whole server, probes and signal handling included. Here it freezes only this
// worker; the main thread talks to it through src/db/pglite-client.ts.
//
// Plain JavaScript on purpose: a worker thread starts without the TypeScript loader that the main
// thread may have (vitest's, or `node --import tsx`), so this file must load as it is.
//
// Protocol (every request carries an id; the answer is { id, ok: true, value } or { id, ok: false, error }):
//   { op: "query", sql, params, rowMode, rawTypes, paramTypes, tx? }  rawTypes: type oids left as text
//   { op: "exec", sql, tx? }
//   { op: "begin" } → a transaction id;  { op: "rollback", tx };  { op: "end", tx, commit }
//   { op: "close" }
//   { op: "listen", channel }  LISTEN; each notification then arrives unasked as { notification: { channel, payload } }
import { fsyncSync, openSync, closeSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import { PGlite, messages, TransactionAbortedError } from "@electric-sql/pglite";
import { NodeFS } from "@electric-sql/pglite/nodefs";

/** @type {{ dir: string | null, fsync: boolean }} */
const { dir, fsync, template } = workerData;

/** fsync a real file or directory by path (Emscripten's file system keeps no descriptor for directories). */
function syncPath(path) {
  const fd = openSync(path, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Every file and directory of a tree, flushed: a new cluster is written by initdb, which never syncs. */
function syncTree(path) {
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) syncTree(child);
    else if (entry.isFile()) syncPath(child);
  }
  syncPath(path);
}

/**
 * Emscripten's Node file system has no fsync: PostgreSQL's fsync() calls return without reaching
 * the disk, and PGlite starts PostgreSQL with -F (fsync off) anyway. With durability asked for,
 * fsync is given an implementation and PostgreSQL runs with fsync on, flushing the WAL with
 * fsync() (fdatasync() has no implementation to hook) before a commit is acknowledged.
 */
class DurableNodeFS extends NodeFS {
  async init(pg, opts) {
    const result = await super.init(pg, opts);
    const preRun = [].concat(result.emscriptenOpts.preRun ?? []);
    preRun.push((mod) => {
      mod.NODEFS.stream_ops.fsync = (stream) => {
        if (stream.nfd !== undefined) fsyncSync(stream.nfd);
        else syncPath(mod.NODEFS.realPath(stream.node));
        return 0;
      };
    });
    result.emscriptenOpts.preRun = preRun;
    return result;
  }
}

async function open() {
  // A test template: a dumped data directory loaded into a fresh in-memory database.
  if (!dir) return PGlite.create(template ? { loadDataDir: new Blob([readFileSync(template)]) } : undefined);
  const fresh = !existsInDir("PG_VERSION");
  if (!fsync) return PGlite.create(dir);
  const db = await PGlite.create({ fs: new DurableNodeFS(dir), startParams: durableStartParams() });
  if (fresh) syncTree(dir);
  return db;
}

function existsInDir(name) {
  try {
    statSync(join(dir, name));
    return true;
  } catch {
    return false;
  }
}

/** PGlite's own start parameters without -F (fsync off), syncing the WAL with fsync(). */
function durableStartParams() {
  const defaults = PGlite.defaultStartParams;
  if (!Array.isArray(defaults) || !defaults.includes("-F")) throw new Error("this PGlite version's start parameters are not the expected ones; check src/db/pglite-worker.mjs");
  return [...defaults.filter((p) => p !== "-F"), "-c", "fsync=on", "-c", "wal_sync_method=fsync"];
}

const DATABASE_ERROR_FIELDS = ["severity", "code", "detail", "hint", "position", "internalPosition", "internalQuery", "where", "schema", "table", "column", "dataType", "constraint", "file", "line", "routine"];

/** Errors cross the thread boundary as plain data; pglite-client.ts rebuilds the same classes. */
function serialiseError(error) {
  if (error instanceof TransactionAbortedError) return { kind: "aborted", message: error.message };
  if (error instanceof messages.DatabaseError) {
    const fields = Object.fromEntries(DATABASE_ERROR_FIELDS.filter((f) => error[f] !== undefined).map((f) => [f, error[f]]));
    return { kind: "database", message: error.message, length: error.length, name: error.name, fields };
  }
  return { kind: "error", name: error?.name ?? "Error", message: String(error?.message ?? error), stack: error?.stack };
}

const identity = (value) => value;

function queryOptions(request) {
  const options = { rowMode: request.rowMode ?? "object" };
  if (request.paramTypes) options.paramTypes = request.paramTypes;
  // The caller's parsers are functions, which cannot cross threads: those types come back as
  // PostgreSQL's text and the caller parses them (every other type PGlite parses here).
  if (request.rawTypes?.length) options.parsers = Object.fromEntries(request.rawTypes.map((t) => [t, identity]));
  return options;
}

/** open transactions: id → { tx, chain (its operations, one after another), finish(commit), done } */
const transactions = new Map();
let nextTx = 1;
const ABORT = Symbol("abort");

/**
 * Opens a PGlite transaction and keeps it open until "end": PGlite's transaction() runs a callback,
 * and this callback waits for the main thread to finish with it. Resolves with its id once BEGIN ran.
 */
function begin(db) {
  return new Promise((resolve, reject) => {
    const id = nextTx++;
    const state = { tx: null, chain: Promise.resolve(), finish: null, done: null };
    const ended = new Promise((res, rej) => (state.finish = (commit) => (commit ? res() : rej(ABORT))));
    state.done = db
      .transaction(async (tx) => {
        state.tx = tx;
        transactions.set(id, state);
        resolve(id);
        await ended;
      })
      .finally(() => transactions.delete(id));
    // BEGIN itself failed: no transaction was registered, so the error is begin's.
    state.done.catch((error) => {
      if (!state.tx) reject(error);
    });
  });
}

function transaction(id) {
  const state = transactions.get(id);
  if (!state) throw new Error(`transaction ${id} is not open`);
  return state;
}

/** Runs a transaction's operations strictly in the order they were sent. */
function inTransaction(id, fn) {
  const state = transaction(id);
  const run = state.chain.then(() => fn(state.tx));
  state.chain = run.catch(() => {});
  return run;
}

async function handle(db, request) {
  switch (request.op) {
    case "query": {
      const options = queryOptions(request);
      return request.tx ? inTransaction(request.tx, (tx) => tx.query(request.sql, request.params, options)) : db.query(request.sql, request.params, options);
    }
    case "exec":
      return request.tx ? inTransaction(request.tx, (tx) => tx.exec(request.sql)) : db.exec(request.sql);
    case "begin":
      return begin(db);
    case "rollback":
      return inTransaction(request.tx, (tx) => tx.rollback());
    case "end": {
      // COMMIT (unless rolled back already) or ROLLBACK, after the transaction's last operation.
      const state = transaction(request.tx);
      await state.chain;
      state.finish(request.commit);
      try {
        await state.done;
      } catch (error) {
        if (error !== ABORT) throw error;
      }
      return null;
    }
    case "dump": {
      // The data directory as a tar, for test templates (helpers/templates.ts).
      const blob = await db.dumpDataDir("none");
      return new Uint8Array(await blob.arrayBuffer());
    }
    case "close":
      await db.close();
      return null;
    case "listen":
      // PGlite delivers a NOTIFY after its transaction commits, as PostgreSQL does (events/event-feed.ts).
      await db.listen(request.channel, (payload) => parentPort.postMessage({ notification: { channel: request.channel, payload } }));
      return null;
    default:
      throw new Error(`unknown operation ${request.op}`);
  }
}

// Opened at once: the main thread waits for "ready" (or the reason it failed) before any request.
open().then(
  (db) => {
    parentPort.on("message", (request) => {
      handle(db, request).then(
        (value) => parentPort.postMessage({ id: request.id, ok: true, value }),
        (error) => parentPort.postMessage({ id: request.id, ok: false, error: serialiseError(error) }),
      );
    });
    parentPort.postMessage({ ready: true });
  },
  (error) => parentPort.postMessage({ ready: false, error: serialiseError(error) }),
);
