// The evaluation worker: one per server process. It turns the dirty marks that committed writes
// left in alert_dirty (the triggers of migration 12_runner_dirty_marks) into evaluations of the
// WRITE-triggered rules for exactly the subjects those rows affect.
//
// Each batch is one transaction: claim the oldest marks (FOR UPDATE SKIP LOCKED, so the workers
// of several processes share the queue without waiting on each other), map them to subjects,
// evaluate, delete the marks, commit. A crash before the commit releases the claim and the marks
// are still there for the next worker: no committed write goes unevaluated. The evaluation is
// idempotent, so a mark evaluated twice (a sweep ran meanwhile) raises nothing twice.
//
// It wakes on PostgreSQL's NOTIFY dlg_dirty (every process, whoever wrote), on a write committed
// through this process (wake.ts: the only prompt signal on the embedded database), and on a slow
// poll in case a notification was missed (the listening connection was down).
import type { Prisma, PrismaClient } from "../generated/prisma/client.ts";
import type { Logger } from "../logger.ts";
import type { ClockState } from "../clock.ts";
import { evaluateRules, subjectsOfDirty, type EvaluationSummary } from "./evaluate.ts";
import { lockRules } from "./rule-locks.ts";

export interface WorkerOptions {
  /** marks claimed per transaction */
  batch: number;
  /** the fallback poll, ms */
  pollMs: number;
  clock: ClockState;
  logger: Logger;
}

export interface BatchResult {
  marks: number;
  summary: EvaluationSummary;
}

/** Claims, evaluates and deletes one batch of marks in one transaction; `marks` 0 when none were free. */
export async function evaluateDirtyBatch(prisma: PrismaClient, businessDate: string, batch: number): Promise<BatchResult> {
  return prisma.$transaction(
    async (tx) => {
      const rows = await tx.$queryRawUnsafe<{ id: bigint; table_name: string; row_id: number }[]>(
        "SELECT id, table_name, row_id FROM alert_dirty ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED",
        batch,
      );
      if (!rows.length) return { marks: 0, summary: { byRule: [] } };
      const summary = await evaluateSubjects(tx, rows.map((r) => ({ tableName: r.table_name, rowId: r.row_id })), businessDate);
      await tx.$executeRawUnsafe("DELETE FROM alert_dirty WHERE id = ANY($1::bigint[])", rows.map((r) => r.id.toString()));
      return { marks: rows.length, summary };
    },
    // A batch waits for a sweep of the same rule to commit (rule-locks.ts): seconds at scale 10.
    { maxWait: 15_000, timeout: 300_000 },
  );
}

async function evaluateSubjects(tx: Prisma.TransactionClient, rows: { tableName: string; rowId: number }[], businessDate: string): Promise<EvaluationSummary> {
  const subjects = await subjectsOfDirty(tx, rows);
  if (!subjects.size) return { byRule: [] };
  const rules = await tx.riskRule.findMany({ where: { enabled: true, triggers: { has: "WRITE" }, code: { in: [...subjects.keys()] } }, orderBy: { id: "asc" } });
  if (!rules.length) return { byRule: [] };
  await lockRules(tx, rules.map((r) => r.id));
  return evaluateRules(tx, { rules, businessDate, subjects });
}

export class AlertWorker {
  #running: Promise<void> | null = null;
  #again = false;
  #stopped = false;
  #poll: NodeJS.Timeout | null = null;
  #retry: NodeJS.Timeout | null = null;
  #failures = 0;
  /** batches evaluated since start (for tests and the log) */
  batches = 0;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly options: WorkerOptions,
  ) {}

  start(): void {
    // Marks left by a previous process (a crash, a restart) or by writers while none ran.
    this.wake();
    if (this.options.pollMs > 0) {
      this.#poll = setInterval(() => this.wake(), this.options.pollMs);
      this.#poll.unref();
    }
  }

  /** Something may have been marked: drain the queue (coalesced with a drain already running). */
  wake(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.#drain().finally(() => {
      this.#running = null;
      if (this.#again && !this.#stopped) this.wake();
    });
  }

  /** Resolves when no drain is in flight (tests wait for the queue to be empty through the database). */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async #drain(): Promise<void> {
    try {
      do {
        this.#again = false;
        for (;;) {
          if (this.#stopped) return;
          const started = performance.now();
          const { marks, summary } = await evaluateDirtyBatch(this.prisma, this.options.clock.today(), this.options.batch);
          if (!marks) break;
          this.batches++;
          const changed = summary.byRule.filter((r) => r.raised || r.changed || r.resolved);
          this.options.logger.debug({ marks, rules: changed, ms: Math.round(performance.now() - started) }, "alert marks evaluated");
          if (marks < this.options.batch) break;
        }
      } while (this.#again && !this.#stopped);
      this.#failures = 0;
    } catch (error) {
      if (this.#stopped) return;
      // The batch rolled back: its marks are still queued. Try again after a growing pause (a
      // database outage, or a conflict with a concurrent evaluation).
      const delay = Math.min(30_000, 250 * 2 ** this.#failures++);
      this.options.logger.warn({ err: error, retryInMs: delay }, "evaluating alert marks failed; they stay queued and are retried");
      this.#retry = setTimeout(() => {
        this.#retry = null;
        this.wake();
      }, delay);
      this.#retry.unref();
    }
  }

  /** Stops taking batches and waits for the one in flight (it commits or rolls back whole). */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#poll) clearInterval(this.#poll);
    if (this.#retry) clearTimeout(this.#retry);
    await this.#running?.catch(() => {});
  }
}
