// What a request needs of this server's webhook set-up: the allowed hosts (checked at
// registration) and the worker (woken by a redelivery instead of waiting for the next poll).
// Keyed by the server's Prisma client, so servers in one process (tests) stay apart.
import type { PrismaClient } from "../../generated/prisma/client.ts";

export interface WebhookRuntime {
  allowedHosts: readonly string[];
  worker: { wake(): void } | null;
}

const runtimes = new WeakMap<PrismaClient, WebhookRuntime>();

export const registerWebhookRuntime = (prisma: PrismaClient, runtime: WebhookRuntime): void => void runtimes.set(prisma, runtime);
export const unregisterWebhookRuntime = (prisma: PrismaClient): void => void runtimes.delete(prisma);
/** This server's webhook set-up; none registered (a server built without it): no host is allowed. */
export const webhookRuntime = (prisma: PrismaClient): WebhookRuntime => runtimes.get(prisma) ?? { allowedHosts: [], worker: null };
