// GET /metrics: the Prometheus exposition, for a scraper holding METRICS_TOKEN (a bearer token of
// its own, never an API key: scraping must not need, nor spend, an agency's credential). Unset:
// the route does not exist (404), so a node never exposes its internals by default.
import { timingSafeEqual, createHash } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { ApolloServerPlugin } from "@apollo/server";
import type { GraphContext } from "../context.ts";
import { activeStatementLog } from "../db/statement-log.ts";
import { principalOf } from "../limits/errors.ts";
import { Metrics } from "./metrics.ts";

const digest = (s: string) => createHash("sha256").update(s).digest();

export function registerMetricsRoute(app: FastifyInstance, metrics: Metrics, token: string): void {
  const expected = digest(token);
  app.get("/metrics", async (request, reply) => {
    const given = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1] ?? "";
    // Compared as digests: constant time, whatever the lengths.
    if (!timingSafeEqual(digest(given), expected)) {
      return reply.code(401).header("www-authenticate", 'Bearer realm="metrics"').send({ error: "METRICS_TOKEN required: send it as `Authorization: Bearer <token>`" });
    }
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  // Every response, and refusals answered before any plugin runs (the rate limit throws while
  // building the context, so the GraphQL plugin never sees them).
  app.addHook("onResponse", async (request, reply) => {
    metrics.http.inc({ route: request.routeOptions.url ?? "unmatched", status: String(reply.statusCode) });
    if (reply.statusCode !== 429) return;
    metrics.refusals.inc({ agency: principalOf(request)?.agency ?? "none", status: "429" });
  });
}

/** Counts and times each GraphQL operation, with the SQL it sent when statements are counted. */
export function metricsPlugin(metrics: Metrics): ApolloServerPlugin<GraphContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = performance.now();
      return {
        async willSendResponse({ operationName, errors, response }) {
          const operation = metrics.operationLabel(operationName);
          const bodyErrors = response.body.kind === "single" ? response.body.singleResult.errors : undefined;
          const outcome = Metrics.outcome(errors ?? bodyErrors);
          metrics.operations.inc({ operation, agency: contextValue.principal?.agency ?? "none", outcome });
          metrics.duration.observe({ operation, outcome }, (performance.now() - started) / 1000);
          const log = activeStatementLog();
          if (log) {
            metrics.statements.observe({ operation }, log.count);
            metrics.sqlSeconds.inc({ operation }, (log.ms ?? 0) / 1000);
          }
        },
      };
    },
  };
}
