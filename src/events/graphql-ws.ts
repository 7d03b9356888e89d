// GraphQL subscriptions over WebSocket (the graphql-transport-ws protocol of the `graphql-ws`
// package) on the HTTP server's own port and path, /graphql.
//
// - Authenticated like HTTP: connection_init's payload carries { authorization: "Bearer <key>" }
//   (and optionally { purpose } as the X-Purpose header would). A missing or invalid credential
//   closes the socket with 4401 and the reason; a rate-limited one with 4429. No cookie is ever
//   read, so a page of another origin gains nothing by opening a socket.
// - Subscriptions only: queries and mutations go over HTTP, where idempotency and batching live.
//   Each operation is refused as HTTP would refuse it: parsed within the token limit, registered
//   when a machine principal must run registered operations only, validated against the
//   principal's view of the schema, within the document limits, and its root fields checked
//   against the policy before anything is subscribed.
// - Each operation gets its own context as an HTTP request with the same credential would
//   (server.ts), renewed before every event (context.ts SubscriptionScope): the shield's rules,
//   masking and the audit apply to each event as to a query's answer (subscription-result.ts).
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { FastifyInstance } from "fastify";
import { localizedError, localizeErrors, t, type Lang } from "../i18n/index.ts";
import { getOperationAST, GraphQLError, Kind, parse, validate, type DocumentNode, type ExecutionArgs, type GraphQLFormattedError, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import { CloseCode, type Context } from "graphql-ws";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer } from "ws";
import type { GraphContext } from "../context.ts";
import type { Logger } from "../logger.ts";
import { schemaViewFor } from "../access/schema-view.ts";
import { viewRefusal } from "../access/view-validation.ts";
import { resourceOfField } from "../access/policy/classify.ts";
import { documentLimitError, type DocumentLimits } from "../limits/document-limits.plugin.ts";
import { tokenParseOptions } from "../limits/tokens.ts";
import { sealed } from "../limits/errors.ts";
import type { Principal } from "../access/principal.ts";
import type { TrustedOperation } from "../operations/manifest.ts";
import { trustedRefusal } from "../operations/trusted.plugin.ts";
import { finishEventResult, type EventOperation } from "./subscription-result.ts";

/** The headers an operation's context is built from, as an HTTP request would send them. */
export type CredentialHeaders = { authorization?: string; "x-purpose"?: string; "accept-language"?: string };

export interface SubscriptionTransportOptions {
  app: FastifyInstance;
  path: string;
  /** the schema with the policy applied (shield) */
  served: GraphQLSchema;
  /** the schema without it: views, limits and the audit's resources are computed on it */
  fullSchema: GraphQLSchema;
  limits: DocumentLimits & { maxTokens: number; maxBodyBytes: number };
  enforce: boolean;
  logger: Logger;
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  /** registered operations, when machine principals may run only those (production) */
  trusted: Map<string, TrustedOperation> | null;
  /** the context an HTTP request with these headers would get (it throws as that request would be refused) */
  context(headers: CredentialHeaders, requestId: string): Promise<GraphContext>;
  /** the language of messages for an Accept-Language value (src/i18n/lang.ts, with the server's default) */
  lang(acceptLanguage: string | undefined): Lang;
}

/** Close codes: graphql-ws's 4401 and 4403, and 4429 for a spent rate limit. */
const CLOSE_RATE_LIMITED = 4429;
const CLOSE_UNAVAILABLE = 1013;

type ConnectionParams = Record<string, unknown> | undefined;

/** connection_init's payload as the headers an HTTP request would carry. */
function credentialHeaders(params: ConnectionParams, upgrade: { headers: IncomingMessage["headers"] }): CredentialHeaders {
  const authorization = params?.authorization ?? params?.Authorization;
  const purpose = params?.purpose ?? params?.["x-purpose"];
  // The language: connection_init's "accept-language", else the upgrade request's header (a browser sends it).
  const language = params?.["accept-language"] ?? upgrade.headers["accept-language"];
  return {
    ...(typeof language === "string" ? { "accept-language": language } : {}),
    ...(typeof authorization === "string" ? { authorization } : {}),
    ...(typeof purpose === "string" ? { "x-purpose": encodeURIComponent(purpose) } : {}),
  };
}

/** A close reason within WebSocket's 123 bytes. */
const reason = (text: string) => (Buffer.byteLength(text) <= 123 ? text : `${Buffer.from(text).subarray(0, 120).toString().replace(/\uFFFD+$/, "")}...`);

const codeOf = (error: unknown) => (error instanceof GraphQLError ? (error.extensions?.code as string | undefined) : undefined);

function refuse(error: GraphQLError): readonly GraphQLError[] {
  return [error];
}

export function registerSubscriptions(options: SubscriptionTransportOptions): void {
  const { app, path, served, fullSchema, limits, logger } = options;
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxBodyBytes });
  const operations = new WeakMap<GraphContext, EventOperation>();
  // The principal of each connection, for shaping its errors.
  const principals = new WeakMap<object, Principal>();
  // As on HTTP (limits/errors.ts): only FINANCE_BUREAU is shown internal errors, and only outside production.
  const shapeFor = (principal: Principal | undefined, lang: Lang) => (formatted: GraphQLFormattedError, error: unknown) => {
    const shaped = options.formatError(formatted, error);
    return localizeErrors([principal?.agency === "FINANCE_BUREAU" ? shaped : sealed(shaped)], lang)[0]!;
  };

  app.server.on("upgrade", (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const pathname = new URL(request.url ?? "/", "http://localhost").pathname;
    if (pathname !== path) {
      socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n");
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit("connection", ws, request));
  });

  /** The connection's language: as for its operations (connection_init's accept-language, else the upgrade's header). */
  const langOf = (ctx: Context<ConnectionParams, { request: IncomingMessage }>) => options.lang(credentialHeaders(ctx.connectionParams, ctx.extra.request)["accept-language"]);

  const connectionError = (ctx: Context<ConnectionParams, { socket: { close(code: number, reason: string): void }; request: IncomingMessage }>, error: unknown) => {
    const code = codeOf(error);
    const lang = langOf(ctx);
    // The refusal's own message (a catalogue entry: the invalid credential, the spent limit) in the connection's language.
    const message = () => (error instanceof GraphQLError ? localizeErrors([error.toJSON()], lang)[0]!.message : t(lang, "ws.close.uncheckable"));
    if (code === "UNAUTHENTICATED") ctx.extra.socket.close(CloseCode.Unauthorized, reason(message()));
    else if (code === "RATE_LIMITED") ctx.extra.socket.close(CLOSE_RATE_LIMITED, reason(message()));
    else {
      if (code !== "DATABASE_UNAVAILABLE") logger.error({ err: error }, "a subscription connection could not be authenticated");
      ctx.extra.socket.close(CLOSE_UNAVAILABLE, reason(t(lang, "ws.close.uncheckable")));
    }
  };

  const server = useServer<ConnectionParams>(
    {
      schema: served,
      // 3 s, graphql-ws's default, for connection_init to arrive.
      connectionInitWaitTimeout: 3000,
      async onConnect(ctx) {
        const headers = credentialHeaders(ctx.connectionParams, ctx.extra.request);
        if (!headers.authorization) {
          ctx.extra.socket.close(CloseCode.Unauthorized, reason(t(langOf(ctx), "ws.close.missingKey")));
          return false;
        }
        try {
          principals.set(ctx, (await options.context(headers, randomUUID())).principal);
          return true;
        } catch (error) {
          connectionError(ctx, error);
          return false;
        }
      },
      async onSubscribe(ctx, _id, payload): Promise<ExecutionArgs | readonly GraphQLError[]> {
        const headers = credentialHeaders(ctx.connectionParams, ctx.extra.request);
        let contextValue: GraphContext;
        try {
          contextValue = await options.context(headers, randomUUID());
        } catch (error) {
          // The key was revoked since the connection opened, or the limit is spent.
          connectionError(ctx, error);
          return refuse(error instanceof GraphQLError ? error : localizedError("auth.uncheckable"));
        }
        let document: DocumentNode;
        try {
          document = parse(payload.query, tokenParseOptions(limits.maxTokens));
        } catch (error) {
          return refuse(new GraphQLError(error instanceof Error ? error.message : String(error), { extensions: { ...(error instanceof GraphQLError ? error.extensions : {}), code: codeOf(error) ?? "GRAPHQL_PARSE_FAILED" } }));
        }
        const operation = getOperationAST(document, payload.operationName ?? undefined);
        if (!operation) return refuse(localizedError("ws.operationName", {}, { code: "BAD_REQUEST" }));
        if (operation.operation !== "subscription") {
          return refuse(localizedError("ws.subscriptionsOnly", {}, { code: "BAD_REQUEST" }));
        }
        // The same refusal as over HTTP: unregistered, or registered by another system (operations/trusted.plugin.ts).
        const untrusted = options.trusted ? trustedRefusal(options.trusted, contextValue.principal, payload.query) : null;
        if (untrusted) return refuse(untrusted);
        const variables = payload.variables ?? {};
        const refusal = validationRefusal(contextValue, document, operation, variables) ?? documentLimitError(fullSchema, document, operation, variables, limits) ?? rootFieldRefusal(contextValue, operation);
        if (refusal) return refuse(refusal);
        operations.set(contextValue, { document, source: payload.query, operationName: operation.name?.value ?? payload.operationName ?? null, variables });
        contextValue.subscription = {
          event: null,
          renew: () => options.context(headers, randomUUID()),
        };
        return { schema: served, document, operationName: payload.operationName ?? null, variableValues: variables, contextValue };
      },
      async onNext(_ctx, _id, _payload, args, result) {
        const contextValue = args.contextValue as GraphContext;
        const operation = operations.get(contextValue);
        if (!operation) return;
        return finishEventResult(contextValue, operation, result, fullSchema, shapeFor(contextValue.principal, contextValue.lang), logger);
      },
      async onError(ctx, _id, _payload, errors) {
        const shape = shapeFor(principals.get(ctx), langOf(ctx));
        return errors.map((e) => shape(e.toJSON(), e));
      },
    },
    wss,
  );

  /** Validation as on HTTP: against the principal's view unless it sees everything. */
  function validationRefusal(ctx: GraphContext, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>): GraphQLError | null {
    if (options.enforce && ctx.principal.agency !== "FINANCE_BUREAU") {
      const refused = viewRefusal(schemaViewFor(fullSchema, ctx.principal, ctx.access.state), document, operation, variables);
      return refused ? new GraphQLError(refused.errors[0]!.message, { extensions: { code: refused.code } }) : null;
    }
    const invalid = validate(fullSchema, document)[0];
    return invalid ? new GraphQLError(invalid.message, { extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }) : null;
  }

  /** Each root field's resource must be readable now (the shield checks it again at each event). */
  function rootFieldRefusal(ctx: GraphContext, operation: OperationDefinitionNode): GraphQLError | null {
    if (!options.enforce) return null;
    for (const selection of operation.selectionSet.selections) {
      if (selection.kind !== Kind.FIELD || selection.name.value.startsWith("__")) continue;
      const resource = resourceOfField("Subscription", selection.name.value);
      const decision = resource ? ctx.access.decision(resource) : null;
      if (!resource || !decision || !decision.allow) {
        const message = decision && !decision.allow ? decision.message : { key: "access.noRule" as const };
        return localizedError(message.key, message.params, { code: "FORBIDDEN", coordinate: `Subscription.${selection.name.value}`, ...(resource ? { resource } : {}) });
      }
    }
    return null;
  }

  // Draining: every subscriber is told the server is going away (1001) before the HTTP server closes.
  app.addHook("preClose", async () => {
    await server.dispose();
  });
}
