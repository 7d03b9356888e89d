// npm run --silent bench:access [-- --scale 1 --runs 2000]
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
import { parse } from "graphql";
import { loadConfig } from "../src/config.ts";
import { createLogger } from "../src/logger.ts";
import { startApp } from "../src/app.ts";
import { schema } from "../src/schema.ts";
import { schemaViewFor } from "../src/access/schema-view.ts";

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
  if (!body.data) console.log(JSON.stringify(body.errors));
  console.log(`500-row answer with 3 denied fields per row (HTTP ${res.status}, ${body.data?.enterprises?.nodes?.length} rows):`);
  console.log(`  body ${(Buffer.byteLength(text) / 1024).toFixed(1)} KB: data ${kb(body.data)} KB, errors ${kb(body.errors)} KB (${body.errors?.length} errors), extensions.access ${kb(body.extensions?.access)} KB`);

  // View validation, in process: what a request pays before Apollo executes it.
  const { viewValidationErrors } = await import("../src/access/view-validation.ts").catch(() => ({ viewValidationErrors: null }));
  if (viewValidationErrors) {
    const principal = { agency: "COUNTY", countyCode: "441704" } as never;
    const state = { overrides: new Map() };
    const runs = Number(values.runs);
    const document = parse(TYPICAL);
    viewValidationErrors(schemaViewFor(schema, principal, state), document);
    let t = performance.now();
    for (let i = 0; i < runs; i++) viewValidationErrors(schemaViewFor(schema, principal, state), document);
    const cached = ((performance.now() - t) * 1000) / runs;
    t = performance.now();
    for (let i = 0; i < runs / 10; i++) viewValidationErrors(schemaViewFor(schema, principal, state), parse(TYPICAL));
    const uncached = ((performance.now() - t) * 1000) / (runs / 10);
    console.log(`view validation of a typical county query: ${cached.toFixed(1)} µs per request when cached, ${uncached.toFixed(0)} µs for a document's first request (parse included)`);
  }
} finally {
  await running.close();
}
