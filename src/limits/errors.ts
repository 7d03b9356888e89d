// Errors as clients see them, decided here and nowhere else:
// - every error carries a `code` and the request's id (`extensions.requestId`, also the
//   x-request-id response header), so an agency can quote it;
// - in production (NODE_ENV=production) no error carries a stack trace, and an unexpected one
//   (no code of ours: a database failure, a bug) reads "Internal error", code
//   INTERNAL_SERVER_ERROR; the original is logged with the request id. Errors with a code
//   (FORBIDDEN, BAD_USER_INPUT, UNAUTHENTICATED, the limits' codes…) keep their message;
// - a request error thrown before execution without an HTTP status of its own gets the status
//   its code means (400, 401, 403) instead of Apollo's 500.
import type { ApolloServerOptions, ApolloServerPlugin } from "@apollo/server";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { GraphQLFormattedError } from "graphql";
import type { GraphContext } from "../context.ts";
import type { Logger } from "../logger.ts";
import { maskTokenLimitError } from "./tokens.ts";

const INTERNAL = "INTERNAL_SERVER_ERROR";

type FormatError = NonNullable<ApolloServerOptions<GraphContext>["formatError"]>;

export function formatError(production: boolean): FormatError {
  return (formatted) => {
    const error = maskTokenLimitError(formatted);
    const { stacktrace: _stack, ...extensions } = error.extensions ?? {};
    // A limit's refusal is an expected answer: a stack trace would only show our files.
    if (!production) return extensions.limit ? { ...error, extensions } : error;
    if (!extensions.code || extensions.code === INTERNAL) {
      return { message: "Internal error", ...(error.path ? { path: error.path } : {}), extensions: { code: INTERNAL } };
    }
    return { ...error, extensions };
  };
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

export function errorsPlugin(logger: Logger): ApolloServerPlugin<GraphContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            if (!error.extensions?.code || error.extensions.code === INTERNAL) logger.error({ err: error.originalError ?? error, reqId: contextValue.requestId, path: error.path }, "unexpected error");
          }
        },
        // Registered after the timeout plugin: the errors it puts in place get the request id too.
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== "single" || !response.body.singleResult.errors) return;
          const result = response.body.singleResult;
          result.errors = withRequestId(result.errors!, contextValue.requestId);
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
 * Error responses Apollo makes before a request reaches the plugins (a credential refused while
 * building the context, say) pass here: the request id goes into each error. They are small.
 */
export function stampRequestId(request: FastifyRequest, reply: FastifyReply, payload: unknown): unknown {
  if (reply.statusCode < 400 || typeof payload !== "string" || payload.length > 65_536 || !payload.startsWith('{"errors"')) return payload;
  try {
    const body = JSON.parse(payload) as { errors?: GraphQLFormattedError[] };
    if (!Array.isArray(body.errors)) return payload;
    return JSON.stringify({ ...body, errors: withRequestId(body.errors, request.id) });
  } catch {
    return payload;
  }
}
