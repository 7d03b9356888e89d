// Tags the request's HTTP server span with the request id (the X-Request-Id a caller sent, or the
// one Fastify made), so a trace can be found from a log line or an error's requestId.
import { context, trace } from "@opentelemetry/api";
import { getRPCMetadata } from "@opentelemetry/core";
import type { FastifyInstance } from "fastify";

export function tagSpansWithRequestId(app: FastifyInstance): void {
  app.addHook("onRequest", async (request) => {
    const active = context.active();
    // The HTTP instrumentation keeps its server span here; the active span is Fastify's hook span.
    getRPCMetadata(active)?.span?.setAttribute("request.id", request.id);
    trace.getSpan(active)?.setAttribute("request.id", request.id);
  });
}
