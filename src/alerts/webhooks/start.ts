// Starts this server's webhook machinery: the runtime requests read (allowed hosts, the worker to
// wake) and, unless WEBHOOK_DELIVERY=off, the worker that fans out and sends.
import type { PrismaClient } from "../../generated/prisma/client.ts";
import type { Config } from "../../config.ts";
import type { Logger } from "../../logger.ts";
import type { AccessDirectory } from "../../access/directory.ts";
import type { EventFeed } from "../../events/event-feed.ts";
import { registerWebhookRuntime, unregisterWebhookRuntime } from "./runtime.ts";
import { WebhookWorker } from "./worker.ts";

export interface StartedWebhooks {
  worker: WebhookWorker | null;
  stop(): Promise<void>;
}

export function startWebhooks(deps: { prisma: PrismaClient; directory: AccessDirectory; logger: Logger; config: Config; businessDate: () => string; events?: EventFeed }): StartedWebhooks {
  const settings = deps.config.webhooks;
  const worker = settings.deliver ? new WebhookWorker({ prisma: deps.prisma, directory: deps.directory, logger: deps.logger, businessDate: deps.businessDate, settings }) : null;
  registerWebhookRuntime(deps.directory, { allowedHosts: settings.allowedHosts, worker });
  worker?.start();
  // An outbox event committed in any process wakes the fan-out at once; the poll stays as the
  // fallback (a lost notification, a feed that is down) and for retries falling due.
  const unsubscribe = worker && deps.events ? deps.events.subscribe(() => worker.wake()) : () => {};
  return {
    worker,
    async stop() {
      unsubscribe();
      await worker?.stop();
      unregisterWebhookRuntime(deps.directory);
    },
  };
}
