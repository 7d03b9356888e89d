// npx tsx bench/access-report.ts [--scale 1] [--runs 2000]
//
// What the access layer adds to a response and a request, measured on the real server (PGlite in
// memory, demo data):
// - the size of a 500-row answer in which three fields of every row are denied (DEVELOPMENT_REFORM
//   reading enterprises with their loans and guarantees, shared with it on request only): the
//   whole body, its `data`, its `errors` and its `extensions.access`;
// - the cost per request of validating against the principal's view of the schema
//   (src/access/view-validation.ts): a cached answer (every request after the first of a document)
//   and an uncached one (the first request of a document), on a typical query of a county.
import { parseArgs } from "node:util";
import { parse, validate, type OperationDefinitionNode } from "graphql";
import { loadConfig } from "../src/config.ts";
import { createLogger } from "../src/logger.ts";
import { startApp } from "../src/app.ts";
import { schema } from "../src/schema.ts";
import { schemaViewFor } from "../src/access/schema-view.ts";
import { viewRefusal } from "../src/access/view-validation.ts";

const { values } = parseArgs({ options: { scale: { type: "string", default: "1" }, runs: { type: "string", default: "2000" } } });

const DENIED_500 = `{ enterprises(first: 500) { nodes { uscc name loans(first: 1) { nodes { id } } guaranteesGiven(first: 1) { nodes { id } } guaranteesReceived(first: 1) { nodes { id } } } } }`;
const TYPICAL = `query Enterprises($county: String) { enterprises(first: 20, filter: { county: $county }) { totalCount nodes { uscc name county { name } industry { name } legalRepresentative { name } dishonestyRecords(first: 5) { nodes { documentNo list status } } } } }`;

const config = loadConfig({ NODE_ENV: "test", PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent", DATA_DIR: "memory", SEED_SCALE: values.scale!, STATEMENT_COUNTS: "off" });
const running = await startApp(config, createLogger(config));
try {
  const keys = running.demoKeys!;
  const res = await fetch(running.url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${keys.DEVELOPMENT_REFORM}` }, body: JSON.stringify({ query: DENIED_500 }) });
  const text = await res.text();
  const body = JSON.parse(text);
  const kb = (v: unknown) => (v === undefined ? 0 : Buffer.byteLength(JSON.stringify(v)) / 1024).toFixed(1);
  console.log(`500-row answer with 3 denied fields per row (HTTP ${res.status}, ${body.data?.enterprises?.nodes?.length} rows):`);
  console.log(`  body ${(Buffer.byteLength(text) / 1024).toFixed(1)} KB: data ${kb(body.data)} KB, errors ${kb(body.errors)} KB (${body.errors?.length} errors), extensions.access ${kb(body.extensions?.access)} KB`);

  // View validation, in process: what the plugin adds to a request of a county before Apollo
  // executes it (the view's lookup, the cached validation, the variables' coercion), and what the
  // first request of a document pays (validation against the view), next to Apollo's own
  // validation of the same document against the full schema.
  const principal = { agency: "COUNTY", countyCode: "441704" } as never;
  const state = { overrides: new Map() };
  const runs = Number(values.runs);
  const document = parse(TYPICAL);
  const operation = document.definitions[0] as OperationDefinitionNode;
  const variables = { county: "441704" };
  const perRequest = (f: () => unknown, n: number) => {
    for (let i = 0; i < Math.min(n, 1000); i++) f();
    const t = performance.now();
    for (let i = 0; i < n; i++) f();
    return ((performance.now() - t) * 1000) / n;
  };
  const cached = perRequest(() => viewRefusal(schemaViewFor(schema, principal, state), document, operation, variables), runs);
  const first = perRequest(() => { const d = parse(TYPICAL); return viewRefusal(schemaViewFor(schema, principal, state), d, d.definitions[0] as OperationDefinitionNode, variables); }, runs / 10);
  const parsing = perRequest(() => parse(TYPICAL), runs / 10);
  const apollo = perRequest(() => validate(schema, parse(TYPICAL)), runs / 10);
  console.log(`view validation of a typical county query: ${cached.toFixed(1)} µs per request (cached), ${(first - parsing).toFixed(0)} µs on a document's first request; Apollo's own validation of it: ${(apollo - parsing).toFixed(0)} µs`);
} finally {
  await running.close();
}
