// Errors as clients see them, decided here and nowhere else:
// - every error carries a `code` and the request's id (`extensions.requestId`, also the
//   x-request-id response header), so an agency can quote it;
// - no one but FINANCE_BUREAU ever sees a stack trace or an internal message, in any mode: an
//   unexpected error (no code of ours: a database failure, a bug) reads "Internal error", code
//   INTERNAL_SERVER_ERROR, and the original is logged with the request id. Outside production,
//   FINANCE_BUREAU's answers keep the detail (stack trace, original message) for debugging; in
//   production no one's do. Errors with a code (FORBIDDEN, BAD_USER_INPUT, UNAUTHENTICATED, the
//   limits' codes…) keep their message;
// - a request error thrown before execution without an HTTP status of its own gets the status
//   its code means (400, 401, 403) instead of Apollo's 500;
// - messages are rendered in the request's language (src/i18n/) at the last step, after sealing:
//   willSendResponse below for operations, finishErrorResponse for refusals before the plugins;
// - client errors (bad input, invalid documents) are logged as such, at info level.
// - a database that cannot be reached (down, restarting, out of connections) is not a bug: the
//   answer is 503 with Retry-After and code DATABASE_UNAVAILABLE, in every mode, with nothing of
//   the failure itself (it is logged), so clients know to retry.
import { HeaderMap, type ApolloServerOptions, type ApolloServerPlugin } from "@apollo/server";
import type { FastifyReply, FastifyRequest } from "fastify";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import type { Principal } from "../access/principal.ts";
import type { GraphContext } from "../context.ts";
import type { Logger } from "../logger.ts";
import { maskTokenLimitError } from "./tokens.ts";
import { localizedError, localizeErrors, resolveLang, type Lang } from "../i18n/index.ts";

const INTERNAL = "INTERNAL_SERVER_ERROR";
const UNAVAILABLE = "DATABASE_UNAVAILABLE";
/** Seconds a client should wait before retrying while the database is unavailable. */
export const RETRY_AFTER_SECONDS = 5;
const unavailableMessage = () => localizedError("database.unavailable", { seconds: RETRY_AFTER_SECONDS });

/** Prisma's codes for a server it cannot reach, that closed the connection, timed out or has no connection free. */
const UNAVAILABLE_PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2037"]);
/** The driver adapter's kinds for the same. */
const UNAVAILABLE_ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
const UNAVAILABLE_SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN"]);
/** SQLSTATE: connection exceptions (08…), the server shutting down or starting (57P01–57P03), too many connections (53300). */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300)$/;

/** True when an error (or what it wraps) says the database cannot be reached, rather than that a statement failed. */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 6) return false;
  const e = error as { code?: unknown; name?: unknown; message?: unknown; kind?: unknown; originalCode?: unknown; cause?: unknown; originalError?: unknown; meta?: { driverAdapterError?: unknown } };
  if (typeof e.code === "string" && (UNAVAILABLE_PRISMA_CODES.has(e.code) || UNAVAILABLE_SOCKET_CODES.has(e.code) || UNAVAILABLE_SQLSTATE.test(e.code))) return true;
  if (typeof e.originalCode === "string" && UNAVAILABLE_SQLSTATE.test(e.originalCode)) return true;
  if (typeof e.kind === "string" && UNAVAILABLE_ADAPTER_KINDS.has(e.kind)) return true;
  // node-postgres on a connection the server dropped, or its pool closed (the server stopping);
  // the embedded database's thread gone or closed.
  if (typeof e.message === "string" && /^(Connection terminated|Cannot use a pool after calling end on the pool)/.test(e.message)) return true;
  if (e.name === "EmbeddedDatabaseClosedError") return true;
  return [e.originalError, e.cause, e.meta?.driverAdapterError].some((inner) => inner !== error && isDatabaseUnavailable(inner, depth + 1));
}

/** The error a client gets while the database is unavailable: 503 with Retry-After. */
export function databaseUnavailable(): GraphQLError {
  const headers = new HeaderMap([["retry-after", String(RETRY_AFTER_SECONDS)]]);
  return localizedError("database.unavailable", { seconds: RETRY_AFTER_SECONDS }, { code: UNAVAILABLE, http: { status: 503, headers } });
}

/**
 * Builds a request's context (the credential is looked up in the database); a database that
 * cannot be reached becomes the 503 above instead of Apollo's "Context creation failed" 500.
 */
export async function contextUnlessUnavailable<T>(build: () => Promise<T>): Promise<T> {
  try {
    return await build();
  } catch (error) {
    throw isDatabaseUnavailable(error) ? databaseUnavailable() : error;
  }
}

type FormatError = NonNullable<ApolloServerOptions<GraphContext>["formatError"]>;

/** An error as everyone sees it who may not see internals: no stack trace, no internal message. */
export function sealed(error: GraphQLFormattedError): GraphQLFormattedError {
  const { stacktrace: _stack, ...extensions } = error.extensions ?? {};
  if (!extensions.code || extensions.code === INTERNAL) {
    const requestId = extensions.requestId;
    const internal = localizedError("internal");
    return { message: internal.message, ...(error.path ? { path: error.path } : {}), extensions: { ...internal.extensions, code: INTERNAL, ...(requestId ? { requestId } : {}) } };
  }
  return { ...error, extensions };
}

/** FINANCE_BUREAU, outside production, is the only principal shown internals. */
const seesInternals = (principal: Principal | null | undefined) => principal?.agency === "FINANCE_BUREAU";

export function formatError(production: boolean): FormatError {
  return (formatted, original) => {
    if (formatted.extensions?.code === UNAVAILABLE || isDatabaseUnavailable(original)) {
      const { message, extensions } = unavailableMessage();
      return { message, ...(formatted.path ? { path: formatted.path } : {}), extensions: { ...extensions, code: UNAVAILABLE } };
    }
    const error = maskTokenLimitError(formatted);
    // A limit's refusal is an expected answer: a stack trace would only show our files.
    if (production || error.extensions?.limit) return sealed(error);
    // The principal is not known here: errorsPlugin and finishErrorResponse seal for it.
    return error;
  };
}

// The principal of each HTTP request once its credential is verified (server.ts records it), for
// the error responses that leave without passing the plugins.
const principals = new WeakMap<FastifyRequest, Principal>();
export const recordPrincipal = (request: FastifyRequest, principal: Principal) => void principals.set(request, principal);
/** The request's verified principal, if it got that far (metrics label refusals by agency). */
export const principalOf = (request: FastifyRequest): Principal | undefined => principals.get(request);

/** The errors of a response to this request, sealed unless its principal may see internals, in the request's language. */
export function errorsFor(request: FastifyRequest, errors: readonly GraphQLFormattedError[], defaultLang: Lang): readonly GraphQLFormattedError[] {
  return localizeErrors(seesInternals(principals.get(request)) ? errors : errors.map(sealed), resolveLang(request.headers["accept-language"], defaultLang));
}

const STATUS_OF_CODE: Record<string, number> = {
  BAD_REQUEST: 400,
  BAD_USER_INPUT: 400,
  GRAPHQL_PARSE_FAILED: 400,
  GRAPHQL_VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
};

function withRequestId(errors: readonly GraphQLFormattedError[], requestId: string): GraphQLFormattedError[] {
  return errors.map((e) => (e.extensions?.requestId === requestId ? e : { ...e, extensions: { ...e.extensions, requestId } }));
}

// Codes of a client's mistakes (denials, FORBIDDEN, are audited instead).
const CLIENT_CODES = new Set(["BAD_USER_INPUT", "BAD_REQUEST", "GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED"]);

/** One log line for a request refused as a client's mistake: what and where, never the values. */
export function logClientError(logger: { info(obj: object, msg: string): void }, reqId: string | undefined, errors: ReadonlyArray<{ extensions?: Record<string, unknown> }>): void {
  const client = errors.filter((e) => CLIENT_CODES.has(String(e.extensions?.code)));
  if (!client.length) return;
  const { code, field, rule, limit } = client[0]!.extensions!;
  logger.info({ reqId, code, field, rule, limit, errors: client.length }, "client error");
}

export function errorsPlugin(logger: Logger): ApolloServerPlugin<GraphContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            if (isDatabaseUnavailable(error)) logger.warn({ err: error.originalError ?? error, reqId: contextValue.requestId, path: error.path }, "database unavailable");
            else if (!error.extensions?.code || error.extensions.code === INTERNAL) logger.error({ err: error.originalError ?? error, reqId: contextValue.requestId, path: error.path }, "unexpected error");
          }
          logClientError(logger, contextValue.requestId, errors);
        },
        // Registered after the timeout plugin: the errors it puts in place get the request id too.
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== "single" || !response.body.singleResult.errors) return;
          const result = response.body.singleResult;
          const errors = seesInternals(contextValue.principal) ? result.errors! : result.errors!.map(sealed);
          result.errors = withRequestId(localizeErrors(errors, contextValue.lang), contextValue.requestId);
          // An operation that reached a database that is down: the whole answer says retry.
          if (result.errors.some((e) => e.extensions?.code === UNAVAILABLE)) {
            response.http.status = 503;
            response.http.headers.set("retry-after", String(RETRY_AFTER_SECONDS));
            return;
          }
          if (result.data === undefined && response.http.status === 500) {
            const statuses = new Set(result.errors.map((e) => STATUS_OF_CODE[String(e.extensions?.code)]));
            const [only] = statuses;
            if (statuses.size === 1 && only) response.http.status = only;
          }
        },
      };
    },
  };
}

/**
 * Error responses made before a request reaches the plugins (a credential refused while building
 * the context, say) pass here: the request id goes into each error, and the errors are sealed
 * for everyone but FINANCE_BUREAU (a 401 has no principal at all). They are small.
 */
export function finishErrorResponse(request: FastifyRequest, reply: FastifyReply, payload: unknown, defaultLang: Lang): unknown {
  if (reply.statusCode < 400 || typeof payload !== "string" || payload.length > 65_536 || !payload.startsWith('{"errors"')) return payload;
  try {
    const body = JSON.parse(payload) as { errors?: GraphQLFormattedError[] };
    if (!Array.isArray(body.errors)) return payload;
    return JSON.stringify({ ...body, errors: withRequestId(errorsFor(request, body.errors, defaultLang), request.id) });
  } catch {
    return payload;
  }
}
