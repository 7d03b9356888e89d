// Batched requests (a JSON array of operations in one POST). Apollo Server would run them with
// one shared context; here each operation runs on its own, with its own principal check,
// permissions, statement count and audit entry, and the answers come back in order.
import { HeaderMap, type ApolloServer } from "@apollo/server";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { GraphContext } from "../context.ts";
import { withStatementLog } from "../db/statement-log.ts";
import { errorsFor } from "../limits/errors.ts";
import { resolveLang, t, type Lang } from "../i18n/index.ts";

export function headerMap(headers: FastifyRequest["headers"]): HeaderMap {
  const map = new HeaderMap();
  for (const [key, value] of Object.entries(headers)) if (value) map.set(key, Array.isArray(value) ? value.join(", ") : value);
  return map;
}

export async function runBatch(
  apollo: ApolloServer<GraphContext>,
  request: FastifyRequest,
  reply: FastifyReply,
  operations: unknown[],
  maxBatch: number,
  context: () => Promise<GraphContext>,
  defaultLang: Lang,
): Promise<string> {
  reply.header("content-type", "application/json; charset=utf-8");
  if (operations.length === 0 || operations.length > maxBatch) {
    reply.code(400);
    return JSON.stringify({ errors: [{ message: t(resolveLang(request.headers["accept-language"], defaultLang), "limit.batch", { max: maxBatch, count: operations.length }), extensions: { code: "BATCH_LIMIT", max: maxBatch } }] });
  }
  const headers = headerMap(request.headers);
  const results: unknown[] = [];
  // One after the other: a batch is a convenience for the client, not a way around the
  // per-request limits, and each answer's statement count stays its own.
  for (const body of operations) {
    const response = await withStatementLog({ count: 0 }, () =>
      apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest: { method: "POST", headers, search: "", body }, context }),
    );
    // A refused credential or a spent rate limit (decided at the first operation, for the whole
    // batch) answers for the batch.
    if (response.status === 401 || response.status === 429) {
      reply.code(response.status);
      for (const [k, v] of response.headers) reply.header(k, v);
      return response.body.kind === "complete" ? response.body.string : "";
    }
    const result = response.body.kind === "complete" ? JSON.parse(response.body.string) : { errors: [{ message: "incremental delivery is not supported in a batch" }] };
    // An operation refused before the plugins (its context failed) is sealed here, as a single
    // request's would be on its way out (src/limits/errors.ts).
    if (Array.isArray(result.errors)) result.errors = errorsFor(request, result.errors, defaultLang);
    results.push(result);
  }
  return JSON.stringify(results);
}
