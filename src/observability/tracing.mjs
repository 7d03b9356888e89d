// OpenTelemetry traces, loaded with `node --import` before the entry point (start, start:prod):
// instrumentations patch modules as they are imported, so they must be registered first. With no
// OTEL_EXPORTER_OTLP_ENDPOINT nothing is loaded (zero cost). Spans of the HTTP server, Fastify,
// GraphQL (parse, validate, execute; resolvers only at the root) and pg go out over OTLP http/json.
//
// Plain JavaScript, and the one reader of process.env besides src/config.ts (the same variables as
// tracingEndpoint there): it runs before any TypeScript loader is active, in worker threads too
// (they inherit --import), and in the server only, not in the children it spawns (the seed).
import { register } from "node:module";
import { isMainThread } from "node:worker_threads";

const endpoint = process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
const isServer = /[\\/]main\.[jt]s$/.test(process.argv[1] ?? "");

if (endpoint && isMainThread && isServer) {
  // Our code and its dependencies load as ES modules: the ESM loader hook lets the
  // instrumentations patch what `import` loads, not only what `require` does.
  register("@opentelemetry/instrumentation/hook.mjs", import.meta.url);
  const [{ NodeSDK }, { OTLPTraceExporter }, { BatchSpanProcessor }, { HttpInstrumentation }, { FastifyInstrumentation }, { GraphQLInstrumentation }, { PgInstrumentation }] = await Promise.all([
    import("@opentelemetry/sdk-node"),
    import("@opentelemetry/exporter-trace-otlp-http"),
    import("@opentelemetry/sdk-trace-base"),
    import("@opentelemetry/instrumentation-http"),
    import("@opentelemetry/instrumentation-fastify"),
    import("@opentelemetry/instrumentation-graphql"),
    import("@opentelemetry/instrumentation-pg"),
  ]);
  const sdk = new NodeSDK({
    serviceName: process.env.OTEL_SERVICE_NAME || "deleveraging-graph",
    // The exporter reads the endpoint and headers from OTEL_EXPORTER_OTLP_* itself.
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter(), { scheduledDelayMillis: 1000 })],
    instrumentations: [
      // Probes and scrapes are not traced: they would drown the requests.
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => /^\/(healthz|readyz|metrics)\b/.test(req.url ?? "") }),
      new FastifyInstrumentation(),
      // Resolver spans only at the root: one per field of a 5,000-row answer would cost more than the answer.
      new GraphQLInstrumentation({ depth: 1, mergeItems: true, ignoreTrivialResolveSpans: true }),
      // Statements of requests only: the pollers' (webhooks, alerts, sealer) would be a trace a second.
      // Statement text as pg's instrumentation reports it; never the parameter values.
      new PgInstrumentation({ enhancedDatabaseReporting: false, requireParentSpan: true }),
    ],
  });
  sdk.start();
  // Spans still buffered are sent before the process exits.
  process.once("beforeExit", () => void sdk.shutdown().catch(() => {}));
}
