// The alerts' background work in a server process: the evaluation worker and the sweep scheduler.
// The worker is woken by the triggers' NOTIFY dlg_dirty (PostgreSQL: a LISTEN connection of its
// own through db/pg-listener.ts, the one implementation the access and event feeds use; PGlite:
// the same NOTIFY delivered in-process), by this process's own committed writes (wake.ts), and by
// a slow poll for a notification missed while the connection was down. Redis plays no part: the
// marks are rows, and whoever writes them is the database. Started by buildServer, stopped before
// the database closes.
import type { FastifyInstance } from "fastify";
import type { Config } from "../config.ts";
import type { Database } from "../db/database.ts";
import { listenPostgres } from "../db/pg-listener.ts";
import type { Logger } from "../logger.ts";
import type { ClockState } from "../clock.ts";
import { AlertWorker } from "./worker.ts";
import { SweepScheduler } from "./schedule.ts";
import { onCommittedWrite } from "./wake.ts";

/** The trigger's channel (migration 12_runner_dirty_marks). */
export const DIRTY_CHANNEL = "dlg_dirty";

export interface AlertRunner {
  /** null when ALERT_WORKER=off */
  worker: AlertWorker | null;
  scheduler: SweepScheduler;
  stop(): Promise<void>;
}

export async function startAlertRunner(deps: { db: Database; databaseUrl: string | null; settings: Config["alerts"]; clock: ClockState; logger: Logger }): Promise<AlertRunner> {
  const { db, databaseUrl, settings, clock, logger } = deps;
  const prisma = db.prisma;
  const worker = settings.worker ? new AlertWorker(prisma, { batch: settings.batch, pollMs: settings.pollMs, clock, logger }) : null;
  const unsubscribe: Array<() => unknown> = [];
  if (worker) {
    unsubscribe.push(onCommittedWrite(prisma, () => worker.wake()));
    if (databaseUrl) {
      const listener = await listenPostgres({
        url: databaseUrl,
        channels: [DIRTY_CHANNEL],
        name: "dlg-alert-worker",
        logger,
        lossWarning: "the alert worker lost its LISTEN connection; other processes' writes are evaluated at its next poll until it is back",
        onNotification: () => worker.wake(),
        // (Re)connected: marks committed while nobody listened are waiting.
        onUp: () => worker.wake(),
      });
      unsubscribe.push(() => listener.close());
    } else if (db.listen) {
      unsubscribe.push(await db.listen(DIRTY_CHANNEL, () => worker.wake()));
    }
  }
  worker?.start();
  const scheduler = new SweepScheduler(prisma, { sweepAt: settings.sweepAt, sweepAtQuarterEnd: settings.sweepAtQuarterEnd, digestPeriod: settings.digestPeriod, clock, logger });
  scheduler.start();
  return {
    worker,
    scheduler,
    async stop() {
      await Promise.all(unsubscribe.map((u) => u()));
      await Promise.all([worker?.stop(), scheduler.stop()]);
    },
  };
}

const runners = new WeakMap<FastifyInstance, AlertRunner>();
export const registerAlertRunner = (app: FastifyInstance, runner: AlertRunner) => void runners.set(app, runner);
/** The runner of a server built by buildServer (tests drive its scheduler with a chosen time). */
export const alertRunnerOf = (app: FastifyInstance): AlertRunner | undefined => runners.get(app);
