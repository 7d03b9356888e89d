// CORS for /graphql (CORS_ORIGINS, comma-separated; default none). Only the configured origins get
// Access-Control-Allow-Origin, and only their preflight (OPTIONS) is honoured: any other origin's
// preflight is refused with 403, so a browser on that origin never sends the request. No
// credentials mode: the API key travels in the Authorization header, never in a cookie.
// An OPTIONS request that is not a preflight answers 204 with the methods allowed.
import type { FastifyReply, FastifyRequest } from "fastify";
import { refusalBody } from "./refusal.ts";

const ALLOWED_HEADERS = "authorization, content-type, accept, x-request-id, x-purpose";
const EXPOSED_HEADERS = "x-request-id, retry-after";

export function corsHook(origins: readonly string[]) {
  const allowed = new Set(origins);
  // An async hook that answers must return the reply, or Fastify goes on to the handler.
  return async function cors(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    const origin = request.headers.origin;
    const permitted = typeof origin === "string" && allowed.has(origin);
    reply.header("vary", "origin");
    if (request.method === "OPTIONS") {
      if (typeof origin === "string" && request.headers["access-control-request-method"]) {
        if (!permitted) {
          return reply
            .code(403)
            .type("application/json; charset=utf-8")
            .send(refusalBody("http.corsOrigin", "CORS_ORIGIN_NOT_ALLOWED", request.id));
        }
        reply
          .header("access-control-allow-origin", origin)
          .header("access-control-allow-methods", "GET, POST")
          .header("access-control-allow-headers", ALLOWED_HEADERS)
          .header("access-control-max-age", "600");
      }
      return reply.code(204).header("allow", "GET, POST, OPTIONS").send();
    }
    if (permitted) reply.header("access-control-allow-origin", origin).header("access-control-expose-headers", EXPOSED_HEADERS);
    return undefined;
  };
}
