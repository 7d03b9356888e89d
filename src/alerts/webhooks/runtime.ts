// What a request needs of this server's webhook set-up: the allowed hosts (checked at
// registration) and the worker (woken by a redelivery instead of waiting for the next poll).
// Keyed by the server's access directory (one per server, and never wrapped per request as the
// Prisma client is by the timeout guard), so servers in one process (tests) stay apart.
import type { AccessDirectory } from "../../access/directory.ts";

export interface WebhookRuntime {
  allowedHosts: readonly string[];
  worker: { wake(): void } | null;
}

const runtimes = new WeakMap<AccessDirectory, WebhookRuntime>();

export const registerWebhookRuntime = (directory: AccessDirectory, runtime: WebhookRuntime): void => void runtimes.set(directory, runtime);
export const unregisterWebhookRuntime = (directory: AccessDirectory): void => void runtimes.delete(directory);
/** This server's webhook set-up; none registered (a server built without it): no host is allowed. */
export const webhookRuntime = (directory: AccessDirectory): WebhookRuntime => runtimes.get(directory) ?? { allowedHosts: [], worker: null };
