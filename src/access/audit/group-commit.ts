// Group commit for the read audit: the entries of concurrent requests are inserted together, one
// multi-row INSERT per batch, and each request's promise resolves once the statement that holds
// its entry has committed (a single statement commits on its own, durably: WAL flushed on
// PostgreSQL, fsync on the embedded database unless EMBEDDED_FSYNC=off). Nothing is shared
// between requests but the batch: no row lock, no tree head (the sealer appends entries to the
// transparency log later, seal.ts, under a lock of its own that no request waits for).
//
// Batching is adaptive rather than on a timer: an entry is written at once when fewer than
// `maxInflight` batches are being written; otherwise it waits for the next batch, which leaves as
// soon as one of those commits and takes everything that queued meanwhile (up to `maxBatch`).
// A single client therefore pays no added delay, and under load the batch grows by itself to
// what arrives during one commit (measured: bench/audit.ts).
//
// If a batch fails, its entries are retried one by one, so that one entry the database refuses
// cannot withhold the answers of the others; an entry that still fails rejects, and its response
// is withheld (access.plugin.ts answers 503 with no data).
import type { PrismaClient } from "../../generated/prisma/client.ts";
import type { Logger } from "../../logger.ts";
import { auditRow, insertAuditRows, type AuditInput, type AuditRow } from "./chain.ts";
import { sealDue, sealPending } from "./seal.ts";
import type { SigningKey } from "../../signing/key.ts";
import { outsideStatementLog } from "../../db/statement-log.ts";

interface Pending {
  row: AuditRow;
  resolve(id: bigint): void;
  reject(error: unknown): void;
}

export interface AuditLogOptions {
  /** batches written at the same time (1 on the embedded database, which runs one statement at a time) */
  maxInflight: number;
  /** entries in one INSERT at most */
  maxBatch?: number;
  /** how soon after entries commit the sealer runs */
  sealDelayMs?: number;
  /** how often the sealer looks anyway (entries of writes and of other processes) */
  sealIntervalMs?: number;
  /** told each committed entry's append-to-commit time in ms (src/observability/metrics.ts) */
  observeAppend?: (ms: number) => void;
  /** signs the log's checkpoints (and, elsewhere, signed responses); none: no checkpoints from this process */
  signingKey?: SigningKey | null;
  /** a checkpoint at most this often while the log grows (0: after every sealed batch) */
  checkpointIntervalMs?: number;
}

export class AuditLog {
  readonly #prisma: PrismaClient;
  readonly #logger: Logger;
  readonly #maxInflight: number;
  readonly #maxBatch: number;
  readonly #sealDelayMs: number;
  readonly #observeAppend: ((ms: number) => void) | undefined;
  readonly #checkpointIntervalMs: number;
  /** the platform's signing key (src/signing/key.ts), null when this process has none */
  readonly signingKey: SigningKey | null;
  #queue: Pending[] = [];
  #inflight = 0;
  #drained: Array<() => void> = [];
  #sealTimer: NodeJS.Timeout | null = null;
  #sealing: Promise<void> | null = null;
  #interval: NodeJS.Timeout;
  #closed = false;
  /** batches written and entries in them, for the benchmark's report */
  readonly stats = { batches: 0, entries: 0 };

  constructor(prisma: PrismaClient, logger: Logger, options: AuditLogOptions) {
    this.#prisma = prisma;
    this.#logger = logger;
    this.#maxInflight = options.maxInflight;
    this.#maxBatch = options.maxBatch ?? 256;
    // A seal is a transaction of six statements whatever the batch's size (seal.ts), and no
    // response waits for it (a response waits for its entry's commit only): sealing at most every
    // 500 ms shares those statements among all the entries of that time. At 20 ms a single
    // client's every request paid for a seal of its own (bench/peers.ts: 21.6 statements per
    // nested read, ~10 of them the sealer's); at 200 ms, with eleven statements a seal, a single
    // client's nested read still cost 4.8 statements, 2.8 of them the sealer's.
    this.#sealDelayMs = options.sealDelayMs ?? 500;
    this.#observeAppend = options.observeAppend;
    this.signingKey = options.signingKey ?? null;
    this.#checkpointIntervalMs = options.checkpointIntervalMs ?? 60_000;
    this.#interval = setInterval(() => void this.#look(), options.sealIntervalMs ?? 1000);
    this.#interval.unref();
  }

  /** Appends a read's entry; resolves with its id once it has committed. */
  append(entry: AuditInput): Promise<bigint> {
    if (this.#closed) return Promise.reject(new Error("the audit log is closed"));
    // Hashed here, before the entry waits for anything.
    const row = auditRow(entry);
    const started = performance.now();
    const observe = this.#observeAppend;
    return new Promise<bigint>((resolve, reject) => {
      const done = observe ? (id: bigint) => (observe(performance.now() - started), resolve(id)) : resolve;
      this.#queue.push({ row, resolve: done, reject });
      this.#pump();
    });
  }

  #pump(): void {
    while (this.#inflight < this.#maxInflight && this.#queue.length) {
      const batch = this.#queue.splice(0, this.#maxBatch);
      this.#inflight++;
      void this.#write(batch).finally(() => {
        this.#inflight--;
        this.scheduleSeal();
        this.#pump();
        if (!this.#inflight && !this.#queue.length) this.#drained.splice(0).forEach((f) => f());
      });
    }
  }

  async #write(batch: Pending[]): Promise<void> {
    try {
      const ids = await insertAuditRows(this.#prisma, batch.map((p) => p.row));
      this.stats.batches++;
      this.stats.entries += batch.length;
      batch.forEach((p, i) => p.resolve(ids[i]!));
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error);
      for (const p of batch) {
        try {
          const [id] = await insertAuditRows(this.#prisma, [p.row]);
          p.resolve(id!);
        } catch (single) {
          p.reject(single);
        }
      }
    }
  }

  /** Asks the sealer to run soon (after entries committed here or in a write's transaction). */
  scheduleSeal(): void {
    if (this.#sealTimer || this.#closed) return;
    // Not any request's own statements: the sealer works for all of them.
    this.#sealTimer = outsideStatementLog(() =>
      setTimeout(() => {
        this.#sealTimer = null;
        void this.seal();
      }, this.#sealDelayMs),
    );
    this.#sealTimer.unref();
  }

  /**
   * The periodic look, for what this process was not told of (other processes' entries, a
   * checkpoint falling due): one statement, and the sealer's transaction only when there is work.
   */
  async #look(): Promise<void> {
    if (this.#sealTimer || this.#sealing || this.#closed) return;
    try {
      const due = await outsideStatementLog(() => sealDue(this.#prisma, { signer: this.signingKey, checkpointIntervalMs: this.#checkpointIntervalMs }));
      if (due) this.scheduleSeal();
    } catch (error) {
      if (!this.#closed) this.#logger.warn({ err: error }, "looking for audit entries to seal failed; retrying");
    }
  }

  /** Seals what has committed; another process's sealer holding the lock does it instead. */
  seal(): Promise<void> {
    if (this.#sealing) return this.#sealing;
    this.#sealing = (async () => {
      try {
        for (;;) {
          const sealed = await sealPending(this.#prisma, { signer: this.signingKey, checkpointIntervalMs: this.#checkpointIntervalMs });
          // null: another sealer is at work, and takes our committed entries too; look again soon.
          if (sealed === null) return this.scheduleSeal();
          if (sealed < 5000) return;
        }
      } catch (error) {
        // Entries stay committed and unsealed (audit:verify reports them); the next run seals them.
        if (!this.#closed) this.#logger.warn({ err: error }, "sealing the audit log failed; retrying");
      } finally {
        this.#sealing = null;
      }
    })();
    return this.#sealing;
  }

  /** Waits for the entries in flight, seals, and stops. */
  async close(): Promise<void> {
    if (!this.#inflight && !this.#queue.length) {
      // nothing in flight
    } else {
      await new Promise<void>((resolve) => this.#drained.push(resolve));
    }
    clearInterval(this.#interval);
    if (this.#sealTimer) clearTimeout(this.#sealTimer);
    this.#sealTimer = null;
    await this.seal().catch(() => {});
    this.#closed = true;
  }
}
