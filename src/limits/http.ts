// GraphQL over HTTP (graphql.github.io/graphql-over-http) on /graphql, checked before the
// credential and before Apollo: POST takes `Content-Type: application/json` (else 415), with a
// JSON object body (or an array, for a batch) whose `query`, `variables`, `operationName` and
// `extensions` have the right types (else 400); GET carries a query in the URL (a mutation is
// answered 405 with `Allow: POST`, by Apollo); a client must accept application/json or
// application/graphql-response+json (else 406, before anything runs). Malformed JSON, an empty
// body and an oversized one (MAX_BODY_BYTES, default 8 MiB) get GraphQL-shaped errors too.
// A browser's GET (Accept: text/html, no query) is the explorer's (src/explorer/) and passes.
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import type { Logger } from "../logger.ts";
import type { Lang, MessageKey } from "../i18n/index.ts";
import { wantsExplorer } from "../explorer/explorer.route.ts";
import { corsHook } from "./cors.ts";
import { finishErrorResponse, logClientError } from "./errors.ts";
import { PERSISTED_QUERY_MISMATCH, persistedQueryMismatch } from "./persisted-query.ts";
import { refusalBody, type RefusalMessage } from "./refusal.ts";

const GRAPHQL_RESPONSE = "application/graphql-response+json";

/** The media ranges of an Accept header that a GraphQL response satisfies (q > 0). */
function acceptsGraphQL(accept: string | undefined): boolean {
  if (!accept?.trim()) return true;
  return accept.split(",").some((range) => {
    const [type, ...params] = range.trim().toLowerCase().split(";");
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    if (q && !(Number(q.slice(2)) > 0)) return false;
    return type === "*/*" || type === "application/*" || type === "application/json" || type === GRAPHQL_RESPONSE;
  });
}

function send(request: FastifyRequest, reply: FastifyReply, status: number, code: string, message: RefusalMessage, headers: Record<string, string> = {}, extensions: Record<string, unknown> = {}) {
  const type = (request.headers.accept ?? "").includes(GRAPHQL_RESPONSE) ? GRAPHQL_RESPONSE : "application/json";
  // request.log carries the request id already.
  if (status < 500) logClientError(request.log, undefined, [{ extensions: { code, ...extensions } }]);
  return reply.code(status).headers(headers).type(`${type}; charset=utf-8`).send(refusalBody(message, code, request.id, extensions));
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** What is wrong with one GraphQL request's parameters, or null. */
export function parameterProblem(params: unknown): MessageKey | null {
  if (!isRecord(params)) return "http.bodyNotObject";
  const { query, variables, operationName, extensions } = params;
  const persisted = isRecord(extensions) && "persistedQuery" in extensions;
  if (typeof query !== "string" && !(query == null && persisted)) return "http.queryType";
  if (variables != null && !isRecord(variables)) return "http.variablesType";
  if (operationName != null && typeof operationName !== "string") return "http.operationNameType";
  if (extensions != null && !isRecord(extensions)) return "http.extensionsType";
  return null;
}

function getParameters(request: FastifyRequest): unknown {
  const search = new URL(request.url, "http://x").searchParams;
  const params: Record<string, unknown> = { query: search.get("query") ?? undefined, operationName: search.get("operationName") ?? undefined };
  for (const name of ["variables", "extensions"]) {
    const raw = search.get(name);
    if (raw == null) continue;
    try {
      params[name] = JSON.parse(raw);
    } catch {
      params[name] = "not JSON";
    }
  }
  return params;
}

// An async hook that answers must return the reply, or Fastify goes on to the handler.
async function checkRequest(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  if (wantsExplorer(request)) return;
  if (!acceptsGraphQL(request.headers.accept)) {
    return send(request, reply, 406, "NOT_ACCEPTABLE", { key: "http.notAcceptable", params: { type: GRAPHQL_RESPONSE } });
  }
  if (request.method === "POST") {
    const type = String(request.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
    if (type !== "application/json") {
      return send(request, reply, 415, "UNSUPPORTED_MEDIA_TYPE", "http.mediaType");
    }
    const operations = Array.isArray(request.body) ? request.body : [request.body];
    const problem = operations.map(parameterProblem).find(Boolean);
    if (problem) return send(request, reply, 400, "BAD_REQUEST", problem);
    if (operations.some(persistedQueryMismatch)) return sendMismatch(request, reply);
  } else if (request.method === "GET") {
    const params = getParameters(request);
    const problem = parameterProblem(params);
    if (problem) return send(request, reply, 400, "BAD_REQUEST", problem === "http.bodyNotObject" ? "http.paramsNotObject" : problem);
    if (persistedQueryMismatch(params)) return sendMismatch(request, reply);
  }
}

const sendMismatch = (request: FastifyRequest, reply: FastifyReply) =>
  send(request, reply, 400, "BAD_USER_INPUT", "http.persistedQueryMismatch", {}, PERSISTED_QUERY_MISMATCH.extensions);

/** Fastify's own refusals (body parsing, size) in GraphQL's error shape. */
function errorHandler(logger: Logger) {
  return function (error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
    switch (error.code) {
      case "FST_ERR_CTP_BODY_TOO_LARGE":
        return send(request, reply, 413, "PAYLOAD_TOO_LARGE", "http.bodyTooLarge");
      case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
        return send(request, reply, 415, "UNSUPPORTED_MEDIA_TYPE", "http.mediaType");
      case "FST_ERR_CTP_INVALID_JSON_BODY":
      case "FST_ERR_CTP_EMPTY_JSON_BODY":
        return send(request, reply, 400, "BAD_REQUEST", "http.invalidJson");
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return send(request, reply, error.statusCode, "BAD_REQUEST", error instanceof SyntaxError ? "http.invalidJson" : "http.malformed");
    }
    logger.error({ err: error, reqId: request.id }, "unexpected error on /graphql");
    return send(request, reply, 500, "INTERNAL_SERVER_ERROR", "internal");
  };
}

/** Route options for /graphql: spread them into its route definition. */
export function graphqlHttp(options: { corsOrigins: readonly string[]; logger: Logger; defaultLang: Lang }) {
  return {
    onRequest: corsHook(options.corsOrigins),
    preHandler: checkRequest,
    onSend: async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => finishErrorResponse(request, reply, payload, options.defaultLang),
    errorHandler: errorHandler(options.logger),
  };
}
