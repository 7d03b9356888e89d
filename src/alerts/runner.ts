// The alerts' background work in a server process: the evaluation worker (woken by NOTIFY
// dlg_dirty on the server's one LISTEN connection, by this process's own committed writes, and by
// a slow poll) and the sweep scheduler. Started by buildServer, stopped before the database closes.
import type { FastifyInstance } from "fastify";
import type { PrismaClient } from "../generated/prisma/client.ts";
import type { Config } from "../config.ts";
import type { Logger } from "../logger.ts";
import type { ClockState } from "../clock.ts";
import type { AccessChangeFeed } from "../access/access-changes.ts";
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

export function startAlertRunner(deps: { prisma: PrismaClient; settings: Config["alerts"]; clock: ClockState; logger: Logger; feed: AccessChangeFeed }): AlertRunner {
  const { prisma, settings, clock, logger, feed } = deps;
  const worker = settings.worker ? new AlertWorker(prisma, { batch: settings.batch, pollMs: settings.pollMs, clock, logger }) : null;
  const unsubscribe = worker ? [onCommittedWrite(prisma, () => worker.wake()), feed.onNotification(DIRTY_CHANNEL, () => worker.wake())] : [];
  worker?.start();
  const scheduler = new SweepScheduler(prisma, { sweepAt: settings.sweepAt, sweepAtQuarterEnd: settings.sweepAtQuarterEnd, digestPeriod: settings.digestPeriod, clock, logger });
  scheduler.start();
  return {
    worker,
    scheduler,
    async stop() {
      unsubscribe.forEach((u) => u());
      await Promise.all([worker?.stop(), scheduler.stop()]);
    },
  };
}

const runners = new WeakMap<FastifyInstance, AlertRunner>();
export const registerAlertRunner = (app: FastifyInstance, runner: AlertRunner) => void runners.set(app, runner);
/** The runner of a server built by buildServer (tests drive its scheduler with a chosen time). */
export const alertRunnerOf = (app: FastifyInstance): AlertRunner | undefined => runners.get(app);
