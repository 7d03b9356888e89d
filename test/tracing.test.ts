// OpenTelemetry: a server started with the tracing preload and OTEL_EXPORTER_OTLP_ENDPOINT sends
// the spans of a request (HTTP, Fastify, GraphQL, and pg on PostgreSQL) to an OTLP receiver,
// here a plain HTTP server in the test taking OTLP http/json on /v1/traces.
import { createServer, type Server } from "node:http";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { onPostgres } from "./helpers/backend.ts";
import { seededProcessDatabase } from "./helpers/process-database.ts";
import { spawnServer, type ServerProcess } from "./helpers/process.ts";

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes?: Array<{ key: string; value: { stringValue?: string; intValue?: string | number } }>;
}

const spans: OtlpSpan[] = [];
let receiver: Server;
let server: ServerProcess;
let keys: Record<string, string>;
const cleanup: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", () => {
      if (req.url === "/v1/traces" && req.headers["content-type"]?.startsWith("application/json")) {
        const payload = JSON.parse(body) as { resourceSpans: Array<{ scopeSpans: Array<{ spans: OtlpSpan[] }> }> };
        for (const r of payload.resourceSpans) for (const s of r.scopeSpans) spans.push(...s.spans);
      }
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const port = (receiver.address() as { port: number }).port;
  // A seeded copy of the template: what is tested is a request's spans, not a first start.
  const database = await seededProcessDatabase("dlg-tracing-");
  cleanup.push(() => database.drop());
  keys = database.keys;
  server = await spawnServer(
    { ...database.env, ALERT_SWEEP_AT: "off", ALERT_SWEEP_QUARTER_END: "false", OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}` },
    120_000,
    [process.execPath, "--import", "tsx", "--import", "./src/observability/tracing.mjs", "src/main.ts"],
  );
  cleanup.push(async () => server.child.kill("SIGKILL"));
}, 180_000);

afterAll(async () => {
  for (const f of cleanup.reverse()) await f().catch(() => {});
  await new Promise((r) => receiver?.close(r));
});

const attr = (span: OtlpSpan, key: string) => span.attributes?.find((a) => a.key === key)?.value.stringValue;

it("exports the spans of one request, its HTTP span tagged with the request id", async () => {
  const requestId = `trace-test-${randomBytes(4).toString("hex")}`;
  const res = await fetch(server.url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${keys.FINANCE_BUREAU}`, "x-request-id": requestId },
    body: JSON.stringify({ query: "query TraceLoans { loans(first: 1) { nodes { contractNo } } }" }),
  });
  expect(res.status).toBe(200);
  expect(res.headers.get("x-request-id")).toBe(requestId);
  // The batch processor sends within a second or so: wait for the request's spans to arrive.
  const wanted = (names: string[]) => names.some((n) => n.startsWith("graphql.execute") || n.startsWith("query")) && (!onPostgres || names.some((n) => n.startsWith("pg.query")));
  let trace: OtlpSpan[] = [];
  for (;;) {
    const root = spans.find((s) => attr(s, "request.id") === requestId && !s.parentSpanId);
    trace = root ? spans.filter((s) => s.traceId === root.traceId) : [];
    if (root && wanted(trace.map((s) => s.name))) break;
    if (server.child.exitCode !== null) throw new Error("the server exited");
    await new Promise((r) => setTimeout(r, 50));
  }
  const names = [...new Set(trace.map((s) => s.name))];
  console.log(`spans of one request (${trace.length}):`, names.join(" | "));
  const root = trace.find((s) => !s.parentSpanId)!;
  expect(attr(root, "http.route") ?? attr(root, "http.target") ?? root.name).toContain("/graphql");
  expect(names).toContain("graphql.parse");
  expect(names).toContain("graphql.validate");
  expect(names.some((n) => n.startsWith("request handler"))).toBe(true);
  // No query text and no credential in any span.
  for (const s of trace) for (const a of s.attributes ?? []) expect(String(a.value.stringValue ?? "")).not.toContain(keys.FINANCE_BUREAU!);
  // Probes are not traced.
  const before = spans.length;
  await fetch(new URL("/readyz", server.url));
  await new Promise((r) => setTimeout(r, 1500));
  expect(spans.slice(before).filter((s) => s.name.includes("readyz"))).toEqual([]);
}, 120_000);
