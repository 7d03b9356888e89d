// HTTP transport: Fastify with Apollo Server on /graphql, health and readiness probes.
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import type { Socket } from "node:net";
import Fastify, { type FastifyInstance, type FastifyRequest } from "fastify";
import { ApolloServer, HeaderMap, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { fastifyApolloDrainPlugin, fastifyApolloHandler } from "@as-integrations/fastify";
import { GraphQLError } from "graphql";
import { localizedError, resolveLang, type MessageKey } from "./i18n/index.ts";
import type { Config } from "./config.ts";
import type { Database } from "./db/database.ts";
import type { Logger } from "./logger.ts";
import { describeClock, resolveClock, type ClockState } from "./clock.ts";
import type { GraphContext } from "./context.ts";
import { schema } from "./schema.ts";
import { markPhase } from "./observability/startup-phases.ts";
import { bearerToken } from "./access/api-keys.ts";
import { AccessDirectory } from "./access/directory.ts";
import { AuditLog } from "./access/audit/group-commit.ts";
import { loadSigningKey } from "./signing/key.ts";
import { registerResponseSigning } from "./signing/response-signature.ts";
import { evidenceFor } from "./signing/evidence.ts";
import { openAccessChanges } from "./access/access-changes.ts";
import { openEventFeed, type EventFeed } from "./events/event-feed.ts";
import { registerSubscriptions } from "./events/graphql-ws.ts";
import { jwtVerifier, looksLikeJwt } from "./access/jwt.ts";
import { countyCodes } from "./reference/counties.ts";
import type { Principal } from "./access/principal.ts";
import { RequestAccess } from "./access/request-access.ts";
import { compilePermissions } from "./access/shield.ts";
import { accessPlugin } from "./access/access.plugin.ts";
import { viewValidationPlugin } from "./access/view-validation.ts";
import { activeStatementLog, withStatementLog } from "./db/statement-log.ts";
import { storableTextPlugin } from "./graph/storable-text.plugin.ts";
import { argumentsPlugin } from "./graph/arguments.plugin.ts";
import { runBatch } from "./graph/batch.ts";
import { documentLimitsPlugin } from "./limits/document-limits.plugin.ts";
import { contextUnlessUnavailable, errorsPlugin, formatError, recordPrincipal } from "./limits/errors.ts";
import { graphqlHttp } from "./limits/http.ts";
import { createRateLimiter, type RateLimiter } from "./limits/rate-limit.ts";
import { requestPoints } from "./limits/request-cost.ts";
import { RedisApqCache } from "./limits/apq-cache.redis.ts";
import { InMemoryLRUCache, type KeyValueCache } from "@apollo/utils.keyvaluecache";
import { operationTimeoutPlugin } from "./limits/timeout.ts";
import { tokenParseOptions } from "./limits/tokens.ts";
import { registerExplorerAssets, sendExplorerPage, wantsExplorer } from "./explorer/explorer.route.ts";
import { registerConsole } from "./console/console.route.ts";
import { registerOverview } from "./overview/overview.route.ts";
import { registerDishonestyExport } from "./credit/export.route.ts";
import { registerSheets } from "./sheets/routes.ts";
import { loadManifest } from "./operations/manifest.ts";
import { registerAlertRunner, startAlertRunner } from "./alerts/runner.ts";
import { fillRegisteredDocument, trustedOperationsPlugin } from "./operations/trusted.plugin.ts";
import { startWebhooks } from "./alerts/webhooks/start.ts";
import { ReplicaSet } from "./db/replicas.ts";
import { primaryForWritesPlugin, principalKey } from "./db/replica-routing.plugin.ts";
import { Metrics } from "./observability/metrics.ts";
import { metricsPlugin, registerMetricsRoute } from "./observability/metrics.route.ts";
import { tagSpansWithRequestId } from "./observability/request-span.ts";

export interface ServerDeps {
  config: Config;
  db: Database;
  logger: Logger;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

function unauthenticated(key: MessageKey): GraphQLError {
  const headers = new HeaderMap([["www-authenticate", 'Bearer realm="deleveraging-graph"']]);
  return localizedError(key, {}, { code: "UNAUTHENTICATED", http: { status: 401, headers } });
}

type VerifyJwt = ((token: string) => Promise<Principal | null>) | null;

/** The request's context; while the database cannot be reached, a 503 (src/limits/errors.ts). */
function buildContext(request: FastifyRequest, db: Database, directory: AccessDirectory, audit: AuditLog, config: Config, clock: ClockState, verifyJwt: VerifyJwt, rateLimiter?: RateLimiter, events?: EventFeed): Promise<GraphContext> {
  return contextUnlessUnavailable(() => resolveContext(request, db, directory, audit, config, clock, verifyJwt, rateLimiter, events));
}

async function resolveContext(request: FastifyRequest, db: Database, directory: AccessDirectory, audit: AuditLog, config: Config, clock: ClockState, verifyJwt: VerifyJwt, rateLimiter?: RateLimiter, events?: EventFeed): Promise<GraphContext> {
  const token = bearerToken(request.headers.authorization);
  if (!token) throw unauthenticated("auth.missingKey");
  const principal = verifyJwt && looksLikeJwt(token) ? await verifyJwt(token) : await directory.resolveKey(token);
  if (!principal) throw unauthenticated("auth.invalidCredential");
  // For the error responses that leave without passing the plugins (src/limits/errors.ts).
  recordPrincipal(request, principal);
  // Counted only once the credential is verified: no one spends a real principal's budget.
  await rateLimiter?.admit(request, principal);
  const now = new Date();
  // With enforcement off (benchmarks only) nothing about access is loaded. Otherwise the
  // overrides and grants come from memory (directory.ts): no SQL unless a cache was just dropped.
  const state = config.access.enforce
    ? await directory.accessState(principal, statedPurpose(request), now)
    : { overrides: new Map(), grants: new Map(), purpose: null };
  // A query's reads go to a read replica when one is fit for this principal (src/db/replicas.ts);
  // a mutation's operation is moved back to the primary before it runs (replica-routing.plugin.ts).
  const replicas = replicaSets.get(db);
  const prisma = replicas ? await replicas.clientFor(principalKey(principal)) : db.prisma;
  return { requestId: request.id, lang: resolveLang(request.headers["accept-language"], config.defaultLang), principal, prisma, ...(db.jsonQueries ? { jsonQueries: db.jsonQueries } : {}), now, ...(rateLimiter ? { rateLimiter } : {}), businessNow: clock.businessNow(now), loaders: new Map(), access: new RequestAccess(principal, state, config.access.enforce), directory, audit, replyWorkingDays: config.access.replyWorkingDays, minGroupSize: config.access.minGroupSize, evidence: evidenceFor(request), ...(events ? { events } : {}) };
}

/**
 * The purpose an operation states for reading conditional resources: header X-Purpose,
 * percent-encoded if not ASCII. Node reads header bytes as Latin-1, so a raw UTF-8 purpose would
 * arrive garbled and silently match no grant: it is refused with a 400 saying to percent-encode it.
 */
function statedPurpose(request: FastifyRequest): string | null {
  const raw = request.headers["x-purpose"];
  if (typeof raw !== "string" || !raw.trim()) return null;
  if (/[^\x20-\x7e\t]/.test(raw)) {
    throw localizedError("access.purposeNotAscii", {}, { code: "BAD_USER_INPUT", header: "X-Purpose", rule: "percentEncoded", http: { status: 400 } });
  }
  try {
    return decodeURIComponent(raw).trim().slice(0, 500);
  } catch {
    return raw.trim().slice(0, 500);
  }
}

/** Logs each operation with its principal and the SQL statements it cost; exposes the count outside production. */
function operationLogPlugin(config: Config, logger: Logger): ApolloServerPlugin<GraphContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = performance.now();
      return {
        async executionDidStart() {
          const log = activeStatementLog();
          if (log) log.executionStart = log.count;
        },
        async willSendResponse({ response, operationName, errors }) {
          const log = activeStatementLog();
          // The operation's own statements, and all of the request's so far (identity and policy
          // lookups included; the audit entry, written after this, adds a constant few).
          const statements = log ? log.count - (log.executionStart ?? log.count) : 0;
          const requestStatements = log?.count ?? 0;
          logger.info(
            {
              reqId: contextValue.requestId,
              agency: contextValue.principal?.agency,
              key: contextValue.principal?.keyPrefix,
              operationName,
              statements,
              requestStatements,
              ms: Math.round(performance.now() - started),
              errors: errors?.length ?? 0,
            },
            "graphql operation",
          );
          if (config.statementCounts && !config.production && response.body.kind === "single") {
            response.body.singleResult.extensions = { ...response.body.singleResult.extensions, statements, requestStatements };
          }
        },
      };
    },
  };
}

/** The read replicas of a server's database, when DATABASE_REPLICA_URLS names any. */
const replicaSets = new WeakMap<Database, ReplicaSet>();

/** The in-memory keys, grants and policy of a server built here: for changes made outside a mutation (app.ts). */
const directories = new WeakMap<FastifyInstance, AccessDirectory>();
export const accessDirectoryOf = (app: FastifyInstance): AccessDirectory | undefined => directories.get(app);
/** The server's event feed (src/events/): every outbox event, from any process; the webhook dispatcher may wake on it. */
const eventFeeds = new WeakMap<FastifyInstance, EventFeed>();
export const eventFeedOf = (app: FastifyInstance): EventFeed | undefined => eventFeeds.get(app);

/** The server's metrics (null without METRICS_TOKEN): the replica router sets its lag gauge here. */
const metricsOf = new WeakMap<FastifyInstance, Metrics | null>();
export const serverMetricsOf = (app: FastifyInstance): Metrics | null => metricsOf.get(app) ?? null;

export async function buildServer({ config, db, logger }: ServerDeps): Promise<FastifyInstance> {
  // Read once: the seed writes the dataset row before any server starts on the database.
  const clock = await resolveClock(db.prisma, config.clock);
  // Typed as a plain FastifyInstance: pino's Logger type and Fastify's base logger type disagree on details.
  const app = Fastify({
    loggerInstance: logger,
    // Honour a caller's request id (so agency systems can correlate), else make one.
    genReqId: (req) => {
      const given = req.headers["x-request-id"];
      return typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
    },
  }) as unknown as FastifyInstance;
  let draining = false;
  if (config.tracing) tagSpansWithRequestId(app);

  app.addHook("onSend", async (request, reply) => {
    reply.header("x-request-id", request.id);
    // While draining, close each connection once its in-flight response is sent; otherwise
    // a client's keep-alive connection holds the shutdown open until it times out.
    if (draining) reply.header("connection", "close");
  });

  // Read replicas, checked in the background: a replica down or behind is out of rotation, and
  // the node stays ready on its primary (src/db/replicas.ts).
  const replicas = config.database.kind === "postgres" && config.database.replicaUrls.length
    ? new ReplicaSet(db.prisma, config.database.url, { urls: config.database.replicaUrls, maxLagMs: config.database.replicaMaxLagMs, checkMs: config.database.replicaCheckMs, poolSize: config.database.poolSize, relationLoadStrategy: config.database.relationLoadStrategy, redisUrl: config.redisUrl }, logger)
    : null;
  if (replicas) {
    await replicas.start();
    replicaSets.set(db, replicas);
    app.addHook("onClose", () => replicas.close());
  }

  app.get("/healthz", async () => ({ status: "ok" }));
  app.get("/readyz", async (_request, reply) => {
    if (draining) return reply.code(503).send({ status: "draining" });
    // Each database: the primary (answers now) and each replica (as of its last check: up, lag, in rotation).
    const databases = replicas?.status();
    try {
      await Promise.race([db.ping(), new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), 2000).unref())]);
      if (databases) databases[0]!.up = true;
      return { status: "ready", database: db.kind, clock: describeClock(clock), ...(databases ? { databases } : {}) };
    } catch {
      if (databases) databases[0]!.up = false;
      return reply.code(503).send({ status: "unavailable", reason: "database does not answer", ...(databases ? { databases } : {}) });
    }
  });

  const manifest = loadManifest();
  // Prometheus metrics on GET /metrics, only when METRICS_TOKEN is set (src/observability/).
  const metrics = config.metricsToken ? new Metrics({ prisma: db.prisma, manifest, ...(db.poolStats ? { poolStats: db.poolStats } : {}), ...(replicas ? { replicas: () => replicas.status() } : {}) }) : null;
  if (metrics) registerMetricsRoute(app, metrics, config.metricsToken!);
  metricsOf.set(app, metrics);
  // The sharing policy wraps every field (graphql-shield); off only when measuring its cost.
  markPhase("server.setup");
  const served = config.access.enforce ? compilePermissions(schema) : schema;
  markPhase("server.permissions");
  const formatErrors = formatError(config.production);
  // Rate limits and the APQ cache: in Redis when REDIS_URL is set, shared by every node.
  const rateLimiter = await createRateLimiter(config.limits.rateLimit, config.redisUrl, logger);
  app.addHook("onClose", () => rateLimiter.close());
  const apqCache: KeyValueCache<string> = rateLimiter.redis
    ? new RedisApqCache(rateLimiter.redis, config.limits.rateLimit.prefix, config.limits.apqTtlSeconds)
    : new InMemoryLRUCache<string>();
  // An operation spends its cost; one sent by APQ hash alone is priced from the query it registered.
  rateLimiter.priceWith((request) =>
    requestPoints(schema, request.method === "GET" ? request.query : request.body, config.limits.maxTokens, config.limits.maxCost, (hash) => apqCache.get(`apq:${hash}`)),
  );
  const apollo = new ApolloServer<GraphContext>({
    persistedQueries: { cache: apqCache, ttl: config.limits.apqTtlSeconds },
    schema: served,
    includeStacktraceInErrorResponses: !config.production,
    // On in every mode: each principal introspects only its own view of the schema (the access
    // plugin answers introspection from it), inside the depth, alias and cost limits. Apollo's
    // default would follow the process's NODE_ENV and turn it off in production, for everyone.
    introspection: true,
    // Every error a client sees is shaped in src/limits/errors.ts.
    formatError: formatErrors,
    parseOptions: tokenParseOptions(config.limits.maxTokens),
    // Credentials are bearer tokens, never cookies, so a cross-site request cannot carry one; and
    // GraphQL over HTTP allows plain GET queries, which Apollo's CSRF check would refuse.
    csrfPrevention: false,
    plugins: [
      fastifyApolloDrainPlugin(app),
      // Apollo's default landing page loads the Sandbox from a CDN: never on an offline network.
      ApolloServerPluginLandingPageDisabled(),
      // HTTP caching hints are meaningless for per-agency answers, and the plugin wraps every field.
      ApolloServerPluginCacheControlDisabled(),
      operationLogPlugin(config, logger),
      ...(metrics ? [metricsPlugin(metrics)] : []),
      // Each principal's operations are validated against its view of the schema, before any
      // limit or refusal answers: a hidden field is answered as a field that does not exist.
      ...(config.access.enforce ? [viewValidationPlugin(schema, formatErrors)] : []),
      // Text the database cannot store is refused first: nothing may run, nor be audited, with it.
      storableTextPlugin(),
      // Limits before the policy's own checks; the timeout and error plugins before the access
      // plugin, whose audit must see a response the timeout replaced (src/limits/).
      documentLimitsPlugin(config.limits),
      operationTimeoutPlugin(config.limits.operationTimeoutMs),
      errorsPlugin(logger),
      argumentsPlugin(served),
      ...(config.access.enforce ? [accessPlugin(schema, logger)] : []),
      ...(config.trustedOperations ? [trustedOperationsPlugin(manifest)] : []),
      ...(replicas ? [primaryForWritesPlugin(db.prisma, replicas)] : []),
    ],
  });
  await apollo.start();
  markPhase("server.apollo");
  const verifyJwt: VerifyJwt = config.jwt ? jwtVerifier(config.jwt, await countyCodes(db.prisma)) : null;
  // Keys, grants and policy overrides in memory, dropped on every change in any process (access-changes.ts).
  const directory = new AccessDirectory(
    db.prisma,
    await openAccessChanges({ databaseUrl: config.database.kind === "postgres" ? config.database.listenUrl : null, redisUrl: config.redisUrl, logger }),
  );
  app.addHook("onClose", () => directory.close());
  directories.set(app, directory);
  // Loaded now, so that no request pays for it; a failure here is retried by the first request.
  markPhase("server.listeners");
  await directory.warm().catch((error: unknown) => logger.warn({ err: error }, "could not load API keys, grants and policy at start; the first requests will"));
  // Reads' audit entries are written in groups, the chain sealed behind them (src/access/audit/).
  // The embedded database runs one statement at a time: one batch in flight there.
  // Its checkpoints (and signed responses) are signed with a key held outside the database.
  const signingKey = await loadSigningKey(config.audit.signingKeyFile);
  if (signingKey.generated) logger[config.production ? "warn" : "info"]({ keyFile: signingKey.source, keyId: signingKey.keyId }, "generated a new signing key for the audit log and signed responses (set AUDIT_SIGNING_KEY_FILE to a provisioned key in production)");
  const audit = new AuditLog(db.prisma, logger, {
    maxInflight: db.kind === "pglite" ? 1 : 2,
    signingKey,
    checkpointIntervalMs: config.audit.checkpointIntervalMs,
    ...(metrics ? { observeAppend: (ms: number) => metrics.auditAppend.observe(ms / 1000) } : {}),
  });
  app.addHook("onClose", () => audit.close());
  // Every outbox event from every process (src/events/event-feed.ts), for subscriptions and webhooks.
  const events = await openEventFeed({ db, databaseUrl: config.database.kind === "postgres" ? config.database.listenUrl : null, redisUrl: config.redisUrl, redisChannel: config.eventsRedisChannel, logger });
  app.addHook("onClose", () => events.close());
  eventFeeds.set(app, events);
  const handler = fastifyApolloHandler(apollo, { context: (request) => buildContext(request as FastifyRequest, db, directory, audit, config, clock, verifyJwt, rateLimiter, events) });
  // Subscriptions over WebSocket on the same port and path (src/events/graphql-ws.ts). Each
  // operation's context is the one an HTTP request with the same credential headers gets: same
  // authentication, rate limit, access state and audit (a request of headers only: no body).
  registerSubscriptions({
    app,
    path: "/graphql",
    served,
    fullSchema: schema,
    limits: config.limits,
    enforce: config.access.enforce,
    logger,
    formatError: formatErrors,
    lang: (acceptLanguage) => resolveLang(acceptLanguage, config.defaultLang),
    trusted: config.trustedOperations ? manifest : null,
    // A subscription reads what an event just committed: on the primary, never a replica behind it.
    context: async (headers, id) => ({ ...(await buildContext({ id, headers, body: undefined } as unknown as FastifyRequest, db, directory, audit, config, clock, verifyJwt, rateLimiter, events)), prisma: db.prisma }),
  });
  // Signed webhooks: fan-out of the outbox and delivery with retries (src/alerts/webhooks/), woken
  // by every event committed in any process (the feed), else by its poll.
  const webhooks = startWebhooks({ prisma: db.prisma, directory, logger, config, businessDate: () => clock.today(), events });
  app.addHook("onClose", () => webhooks.stop());
  // Risk rules evaluated after every committed write and on schedule (src/alerts/runner.ts).
  markPhase("server.directory");
  const alerts = await startAlertRunner({ db, databaseUrl: config.database.kind === "postgres" ? config.database.listenUrl : null, settings: config.alerts, clock, logger });
  registerAlertRunner(app, alerts);
  markPhase("server.alerts");
  app.addHook("onClose", () => alerts.stop());

  registerExplorerAssets(app);
  // Signed responses on request (Prefer: signed), and the public key (src/signing/).
  registerResponseSigning(app, { key: signingKey, path: "/graphql", logger });
  // The operators' console and the analysts' risk overview: pages of this server, clients of /graphql.
  registerConsole(app, { endpoint: "/graphql", today: () => clock.today() });
  registerOverview(app, { endpoint: "/graphql", today: () => clock.today() });
  app.route({
    method: ["GET", "POST", "OPTIONS"],
    url: "/graphql",
    // A bank's monthly loan file (5,000 rows) is about 1.3 MB of JSON; Fastify's default is 1 MiB.
    bodyLimit: config.limits.maxBodyBytes,
    // GraphQL over HTTP: CORS, media types, parameters, GraphQL-shaped errors (src/limits/http.ts).
    ...graphqlHttp({ corsOrigins: config.corsOrigins, logger, defaultLang: config.defaultLang }),
    // Every SQL statement the operation causes is counted into this request's log.
    handler: function (request, reply) {
      // A browser opening the endpoint gets the explorer (src/explorer/).
      if (wantsExplorer(request)) return sendExplorerPage(reply, "/graphql", describeClock(clock));
      // Registered operations may be sent by hash alone (clients/operations.json).
      if (request.method === "POST") request.body = Array.isArray(request.body) ? request.body.map((b) => fillRegisteredDocument(b, manifest)) : fillRegisteredDocument(request.body, manifest);
      if (request.method === "POST" && Array.isArray(request.body)) {
        return runBatch(apollo, request, reply, request.body, config.limits.maxBatch, () => buildContext(request, db, directory, audit, config, clock, verifyJwt, rateLimiter), config.defaultLang);
      }
      const run = () => handler.call(this, request as Parameters<typeof handler>[0], reply as Parameters<typeof handler>[1]);
      return config.statementCounts ? withStatementLog({ count: 0 }, run) : run();
    },
  });

  // The credit platform's bulk export (NDJSON), authenticated, authorised and rate-limited like /graphql.
  registerDishonestyExport(app, { logger, defaultLang: config.defaultLang, context: (request) => buildContext(request, db, directory, audit, config, clock, verifyJwt, rateLimiter) });
  // Spreadsheets in and out (src/sheets/): uploads through each batch's own write, downloads
  // through this server's own GraphQL execution, with the same credentials and rate limit.
  registerSheets(app, {
    logger,
    context: (request) => buildContext(request, db, directory, audit, config, clock, verifyJwt, rateLimiter),
    primary: db.prisma,
    bodyLimit: config.limits.maxSheetBytes,
    defaultLang: config.defaultLang,
    apollo,
    manifest,
  });

  // Node's server.close() destroys every connection without an active request, including one
  // whose last response is finished but still queued in the socket because the client reads
  // slowly: that would cut the response short. So before closing, wait for queued bytes to drain.
  const sockets = new Set<Socket>();
  app.server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  app.addHook("preClose", async () => {
    draining = true;
    const pending = [...sockets].filter((s) => s.writableLength > 0 && !s.destroyed);
    await Promise.all(pending.map((s) => Promise.race([once(s, "drain"), once(s, "close")])));
  });
  return app;
}
