// The sweep scheduler: one per server process. At start it runs the latest slot if no sweep has
// finished since that slot fell due (a process that was down at 01:30 catches up), then sleeps
// until the next slot. Every process does the same; the slot's claim (sweep.ts) lets one run it.
import type { PrismaClient } from "../generated/prisma/client.ts";
import type { Logger } from "../logger.ts";
import type { ClockState } from "../clock.ts";
import { runSweep, type SweepResult } from "./sweep.ts";
import { dueSlots, nextSlotAt, type DigestKind } from "./sweep-slots.ts";

export interface ScheduleOptions {
  sweepAt: string | null;
  sweepAtQuarterEnd: boolean;
  digestPeriod: DigestKind | null;
  clock: ClockState;
  logger: Logger;
}

/** Re-checked at least this often, so a suspended machine or a changed wall clock is caught up with. */
const MAX_SLEEP_MS = 15 * 60_000;
const RETRY_MS = 60_000;

export class SweepScheduler {
  #timer: NodeJS.Timeout | null = null;
  #ticking: Promise<unknown> | null = null;
  #stopped = false;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly options: ScheduleOptions,
  ) {}

  start(): void {
    if (!this.options.sweepAt && !this.options.sweepAtQuarterEnd) return;
    this.#schedule(0);
  }

  #schedule(ms: number) {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#ticking = this.tick().then(
        () => {
          const next = nextSlotAt(new Date(), this.options.sweepAt, this.options.sweepAtQuarterEnd);
          this.#schedule(next ? Math.min(MAX_SLEEP_MS, Math.max(0, next.getTime() - Date.now()) + 1_000) : MAX_SLEEP_MS);
        },
        (error: unknown) => {
          this.options.logger.error({ err: error, retryInMs: RETRY_MS }, "the scheduled sweep failed (rolled back); retrying");
          this.#schedule(RETRY_MS);
        },
      );
    }, ms);
    this.#timer.unref();
  }

  /** Runs every slot due at `now` that has not run (tests pass a `now` to stand at a slot). */
  async tick(now: Date = new Date()): Promise<SweepResult[]> {
    const results: SweepResult[] = [];
    for (const slot of dueSlots(now, this.options.sweepAt, this.options.sweepAtQuarterEnd)) {
      if (this.#stopped) break;
      // Swept since the slot fell due, by this slot or any other (the seed's, the other slot's)?
      const done = await this.prisma.alertSweep.findFirst({ where: { OR: [{ slot: slot.key }, { finishedAt: { gte: slot.at } }] }, select: { id: true } });
      if (done) continue;
      const result = await runSweep(this.prisma, { slot: slot.key, businessDate: this.options.clock.today(now), digest: this.options.digestPeriod });
      if (!result) continue;
      const changed = result.byRule.filter((r) => r.raised || r.changed || r.resolved);
      this.options.logger.info(
        { slot: result.slot, businessDate: result.businessDate, rules: result.byRule.length, changed, escalated: result.escalated, digestPeriod: result.digestPeriod, digests: result.digests, ms: result.ms },
        "alert sweep done",
      );
      results.push(result);
    }
    return results;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#ticking?.catch(() => {});
  }
}
