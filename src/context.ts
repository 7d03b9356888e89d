// Everything request-scoped lives here, built fresh for each request: nothing request-scoped at module level.
import type { PrismaClient } from "./generated/prisma/client.ts";
import type { JsonQueries } from "./db/json-query/json-queries.ts";
import type { Principal } from "./access/principal.ts";
import type { RequestAccess } from "./access/request-access.ts";
import type { AccessDirectory } from "./access/directory.ts";
import type { AuditLog } from "./access/audit/group-commit.ts";
import type { EventFeed } from "./events/event-feed.ts";
import type { RateLimiter } from "./limits/rate-limit.ts";
import type { ResponseEvidence } from "./signing/evidence.ts";
import type { Lang } from "./i18n/index.ts";

export interface GraphContext {
  requestId: string;
  /** the language of the request's messages, from Accept-Language (src/i18n/) */
  lang: Lang;
  principal: Principal;
  prisma: PrismaClient;
  /** one-statement JSON reads for the hot root fields (src/db/json-query/); absent: they use Prisma */
  jsonQueries?: JsonQueries;
  /** the request's real clock, for record timestamps (reportedAt, audit, grants, key expiry) */
  now: Date;
  /**
   * The request's business clock, for every derived "today" and the notFuture rule: `now` itself
   * on the real clock, else a moment on the demo dataset's (or CLOCK's) date (src/clock.ts).
   * One value per request, so every date field of one response agrees.
   */
  businessNow: Date;
  /** per-request DataLoaders by name (see graph/loaders.ts) */
  loaders: Map<string, unknown>;
  /** what this principal may read now, and what the request read (for extensions and the audit) */
  access: RequestAccess;
  /** the server's in-memory keys, grants and policy overrides; writes that change them call `changed` after committing */
  directory: AccessDirectory;
  /** the read audit's group-commit writer and the chain's sealer (src/access/audit/) */
  audit: AuditLog;
  /** reply deadline of sharing requests, in working days (config) */
  replyWorkingDays: number;
  /** aggregates over conditional data leave out groups smaller than this (MIN_GROUP_SIZE; absent: 3, access/min-group.ts) */
  minGroupSize?: number;
  /** every outbox event from every server process (src/events/event-feed.ts); absent outside a server */
  events?: EventFeed;
  /** the rate limits and quotas this request spent from (the rateLimitBudget query reads what is left) */
  rateLimiter?: RateLimiter;
  /** what a signed response names of this request: the audit entries written for it (src/signing/) */
  evidence?: ResponseEvidence;
  /** only on a subscription operation over WebSocket (src/events/graphql-ws.ts) */
  subscription?: SubscriptionScope;
}

/**
 * A subscription lives for hours: each event is delivered under the principal's access as it is
 * at that moment (a revoked key ends the subscription, a revoked grant hides what it opened), so
 * the event source renews the context before each event, and the event is named in the result.
 */
export interface SubscriptionScope {
  /** the operation's context as a new HTTP request with the same credential would get it now; throws as that request would be refused */
  renew(): Promise<GraphContext>;
  /** the outbox event being delivered (its id is what subscribers deduplicate by) */
  event: { id: string; topic: string } | null;
}
