// HTTP transport: Fastify with Apollo Server on /graphql, health and readiness probes.
import { randomUUID } from "node:crypto";
import Fastify, { type FastifyInstance, type FastifyRequest } from "fastify";
import { ApolloServer, HeaderMap, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { fastifyApolloDrainPlugin, fastifyApolloHandler } from "@as-integrations/fastify";
import { GraphQLError } from "graphql";
import type { Config } from "./config.ts";
import type { Database } from "./db/database.ts";
import type { Logger } from "./logger.ts";
import type { GraphContext } from "./context.ts";
import { schema } from "./schema.ts";
import { bearerToken, resolveApiKey } from "./access/api-keys.ts";
import { activeStatementLog, withStatementLog } from "./db/statement-log.ts";

export interface ServerDeps {
  config: Config;
  db: Database;
  logger: Logger;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

function unauthenticated(message: string): GraphQLError {
  const headers = new HeaderMap([["www-authenticate", 'Bearer realm="deleveraging-graph"']]);
  return new GraphQLError(message, { extensions: { code: "UNAUTHENTICATED", http: { status: 401, headers } } });
}

async function buildContext(request: FastifyRequest, db: Database): Promise<GraphContext> {
  const token = bearerToken(request.headers.authorization);
  if (!token) throw unauthenticated("Missing API key: send it as `Authorization: Bearer <api key>`.");
  const principal = await resolveApiKey(db.prisma, token);
  if (!principal) throw unauthenticated("The API key is not valid: it is unknown, revoked or expired.");
  return { requestId: request.id, principal, prisma: db.prisma, now: new Date() };
}

/** Logs each operation with its principal and the SQL statements it cost; exposes the count outside production. */
function operationLogPlugin(config: Config, logger: Logger): ApolloServerPlugin<GraphContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = performance.now();
      return {
        async willSendResponse({ response, operationName, errors }) {
          const statements = activeStatementLog()?.count ?? 0;
          logger.info(
            {
              reqId: contextValue.requestId,
              agency: contextValue.principal?.agency,
              key: contextValue.principal?.keyPrefix,
              operationName,
              statements,
              ms: Math.round(performance.now() - started),
              errors: errors?.length ?? 0,
            },
            "graphql operation",
          );
          if (!config.production && response.body.kind === "single") {
            response.body.singleResult.extensions = { ...response.body.singleResult.extensions, statements };
          }
        },
      };
    },
  };
}

export async function buildServer({ config, db, logger }: ServerDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: logger,
    // Honour a caller's request id (so agency systems can correlate), else make one.
    genReqId: (req) => {
      const given = req.headers["x-request-id"];
      return typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
    },
    requestIdLogLabel: "reqId",
  });
  let draining = false;

  app.addHook("onSend", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });

  app.get("/healthz", async () => ({ status: "ok" }));
  app.get("/readyz", async (_request, reply) => {
    if (draining) return reply.code(503).send({ status: "draining" });
    try {
      await Promise.race([db.ping(), new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), 2000).unref())]);
      return { status: "ready", database: db.kind };
    } catch {
      return reply.code(503).send({ status: "unavailable", reason: "database does not answer" });
    }
  });

  const apollo = new ApolloServer<GraphContext>({
    schema,
    includeStacktraceInErrorResponses: !config.production,
    plugins: [
      fastifyApolloDrainPlugin(app),
      // Apollo's default landing page loads the Sandbox from a CDN: never on an offline network.
      ApolloServerPluginLandingPageDisabled(),
      operationLogPlugin(config, logger),
    ],
  });
  await apollo.start();
  const handler = fastifyApolloHandler(apollo, { context: (request) => buildContext(request, db) });

  app.route({
    method: ["GET", "POST", "OPTIONS"],
    url: "/graphql",
    // Every SQL statement the operation causes is counted into this request's log.
    handler: function (request, reply) {
      return withStatementLog({ count: 0 }, () => handler.call(this, request, reply));
    },
  });

  app.addHook("preClose", async () => {
    draining = true;
  });
  return app;
}
