// The embedded database seen from the main thread: PGlite runs in a worker thread
// (pglite-worker.mjs) so that a long statement never blocks the event loop (probes, signals and
// other requests keep being answered), and this object offers the part of PGlite's API that the
// Prisma adapter (pglite-prisma-adapter) and our raw SQL use: query, exec, transaction, close.
import { Worker } from "node:worker_threads";
import { messages, TransactionAbortedError, type Results, type Transaction, type QueryOptions } from "@electric-sql/pglite";

export interface EmbeddedOptions {
  /** the data directory; null: in memory */
  dir: string | null;
  /** flush each commit to disk before acknowledging it */
  fsync: boolean;
  /** an in-memory database starts as this dumped data directory (test templates); null: empty */
  template?: string | null;
}

type SerialisedError =
  | { kind: "aborted"; message: string }
  | { kind: "database"; message: string; length: number; name: string; fields: Record<string, string> }
  | { kind: "error"; name: string; message: string; stack?: string };

type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: SerialisedError };
type Notification = { notification: { channel: string; payload: string } };
type Ready = { ready: true } | { ready: false; error: SerialisedError };

/** Rebuilds the error the worker saw, as the same class (the adapter tells database errors by class). */
function revive(error: SerialisedError): Error {
  if (error.kind === "aborted") return new TransactionAbortedError();
  if (error.kind === "database") {
    const revived = new messages.DatabaseError(error.message, error.length, error.name as never);
    return Object.assign(revived, error.fields);
  }
  const revived = new Error(error.message);
  revived.name = error.name;
  if (error.stack) revived.stack = error.stack;
  return revived;
}

/** Applies the caller's parsers, which cannot cross threads, to the columns the worker left as text. */
function parse<T>(result: Results<T>, options: QueryOptions | undefined): Results<T> {
  const parsers = options?.parsers;
  if (!parsers) return result;
  const columns = result.fields.flatMap((field, index) => {
    const parser = parsers[field.dataTypeID];
    return parser ? [{ index, name: field.name, type: field.dataTypeID, parser }] : [];
  });
  if (!columns.length) return result;
  for (const row of result.rows as Array<Record<string | number, unknown>>) {
    for (const c of columns) {
      const key = options?.rowMode === "array" ? c.index : c.name;
      const value = row[key];
      if (value !== null && value !== undefined) row[key] = (c.parser as (v: string, t: number) => unknown)(value as string, c.type);
    }
  }
  return result;
}

/** The worker is gone or closed; src/limits/errors.ts tells it by its name (a database unavailable). */
export class EmbeddedDatabaseClosedError extends Error {
  override name = "EmbeddedDatabaseClosedError";
}

export class WorkerPGlite {
  #worker: Worker;
  #pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  #nextId = 1;
  #failure: Error | null = null;
  #listeners = new Map<string, Set<(payload: string) => void>>();

  private constructor(worker: Worker) {
    this.#worker = worker;
    worker.on("message", (reply: Reply | Notification) => {
      if ("notification" in reply) {
        for (const listener of this.#listeners.get(reply.notification.channel) ?? []) listener(reply.notification.payload);
        return;
      }
      const pending = this.#pending.get(reply.id);
      if (!pending) return;
      this.#pending.delete(reply.id);
      if (reply.ok) pending.resolve(reply.value);
      else pending.reject(revive(reply.error));
    });
    // A worker that dies (a WebAssembly trap, out of memory) fails every waiting request and
    // every later one: the database is unavailable, and /readyz says so.
    const fail = (error: Error) => {
      this.#failure ??= error;
      for (const pending of this.#pending.values()) pending.reject(this.#failure);
      this.#pending.clear();
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new EmbeddedDatabaseClosedError(`the embedded database's thread stopped (exit ${code})`)));
  }

  static async start(options: EmbeddedOptions): Promise<WorkerPGlite> {
    const worker = new Worker(new URL("./pglite-worker.mjs", import.meta.url), { workerData: options });
    const ready = await new Promise<Ready>((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
      worker.once("exit", (code) => reject(new Error(`the embedded database's thread stopped while opening (exit ${code})`)));
    });
    if (!ready.ready) {
      await worker.terminate();
      throw revive(ready.error);
    }
    return new WorkerPGlite(worker);
  }

  #call<T>(request: Record<string, unknown>): Promise<T> {
    if (this.#failure) return Promise.reject(this.#failure);
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.#worker.postMessage({ ...request, id });
    });
  }

  #query<T>(tx: number | undefined, sql: string, params: unknown[] = [], options?: QueryOptions): Promise<Results<T>> {
    if (options?.serializers || options?.blob || options?.onNotice) throw new Error("serializers, blobs and notice callbacks are not supported across the worker boundary");
    const rawTypes = options?.parsers ? Object.keys(options.parsers).map(Number) : [];
    return this.#call<Results<T>>({ op: "query", tx, sql, params, rowMode: options?.rowMode, paramTypes: options?.paramTypes, rawTypes }).then((r) => parse(r, options));
  }

  query<T>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>> {
    return this.#query<T>(undefined, sql, params, options);
  }

  exec(sql: string): Promise<Results[]> {
    return this.#call({ op: "exec", sql });
  }

  /** As PGlite's: commits when the callback returns (unless it rolled back), rolls back when it throws. */
  async transaction<T>(callback: (tx: Transaction) => Promise<T>): Promise<T> {
    const id = await this.#call<number>({ op: "begin" });
    let closed = false;
    const open = () => {
      if (closed) throw new Error("Transaction is closed");
    };
    const tx = {
      query: async <R>(sql: string, params?: unknown[], options?: QueryOptions) => (open(), this.#query<R>(id, sql, params, options)),
      exec: async (sql: string) => (open(), this.#call<Results[]>({ op: "exec", tx: id, sql })),
      rollback: async () => {
        open();
        await this.#call({ op: "rollback", tx: id });
        closed = true;
      },
      get closed() {
        return closed;
      },
    } as unknown as Transaction;
    let result: T;
    try {
      result = await callback(tx);
    } catch (error) {
      await this.#call({ op: "end", tx: id, commit: false }).catch(() => {});
      throw error;
    }
    await this.#call({ op: "end", tx: id, commit: true });
    return result;
  }

  /** LISTEN on a channel: `listener` gets each payload notified there, after its transaction commits. */
  async listen(channel: string, listener: (payload: string) => void): Promise<() => void> {
    let set = this.#listeners.get(channel);
    if (!set) {
      this.#listeners.set(channel, (set = new Set()));
      await this.#call({ op: "listen", channel });
    }
    set.add(listener);
    return () => void set.delete(listener);
  }

  /** The data directory as a tar (PGlite's dumpDataDir): how test templates are made. */
  async dumpDataDir(): Promise<Blob> {
    return new Blob([(await this.#call<Uint8Array<ArrayBuffer>>({ op: "dump" }))]);
  }

  async close(): Promise<void> {
    if (this.#failure) return;
    await this.#call({ op: "close" });
    this.#failure = new EmbeddedDatabaseClosedError("the embedded database is closed");
    await this.#worker.terminate();
  }
}
