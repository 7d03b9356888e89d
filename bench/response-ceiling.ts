// How far a compiled executor could take the nested read: the CPU of its parts that any executor
// keeps, next to the whole server's, one process, one request at a time.
//   NODE_ENV=production npx tsx bench/response-ceiling.ts [--database <scale-10 db>] [--requests 200]
// 1. the whole request, over HTTP to a server in this process (production: permissions, masking,
//    audit), as bench/peers.ts sends it;
// 2. the compiled statement and its decoding (json-query/), with the args tree the Pothos prisma
//    plugin built for that request (taken from the server's own call);
// 3. the response built from those rows by hand for this one shape (decimals and dates through
//    the schema's serializers), and JSON.stringify: what is left of graphql-js, Pothos and the
//    access wrappers if an executor did nothing per value but copy it.
// The hand-built response is checked equal to the server's before anything is timed. Not a
// design: a bound. What 1 costs beyond 2 + 3 is the execution layer, the audit and HTTP.
import { parseArgs } from "node:util";
import { isDeepStrictEqual } from "node:util";
import { loadConfig } from "../src/config.ts";
import { createLogger } from "../src/logger.ts";
import { startApp } from "../src/app.ts";
import { createApiKey } from "../src/access/api-keys.ts";
import { OPERATIONS } from "./peers-queries.ts";
import { operationContextOf } from "./peers-database.ts";
import { CalendarDate, Decimal } from "../src/graph/scalars.ts";

const { values } = parseArgs({ options: { database: { type: "string", default: "postgresql://postgres@127.0.0.1:5432/dlg_bench_s10" }, requests: { type: "string", default: "200" } } });
if (process.env.NODE_ENV !== "production") {
  console.error("bench/response-ceiling.ts: run with NODE_ENV=production (graphql-js's mode, see bench/profile-server.ts)");
  process.exit(2);
}
const n = Number(values.requests);
const config = loadConfig({ NODE_ENV: "production", DATABASE_URL: values.database, LOG_LEVEL: "warn", PORT: "0", HOST: "127.0.0.1", TRUSTED_OPERATIONS: "off", RATE_LIMIT_MAX: "0" });
const running = await startApp(config, createLogger(config));
const { key } = await createApiKey(running.db.prisma, { agency: "FINANCE_BUREAU", name: "response-ceiling", kind: "USER", createdBy: "bench" });
const picked = await operationContextOf((sql) => running.db.prisma.$queryRawUnsafe(sql));
const op = OPERATIONS.find((o) => o.key === "nested")!;
const variables = op.project.variables(0, { county: picked.county.code, usccs: picked.usccs });

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
// The schema's own serializers, as graphql-js calls them.
const dec = (d: unknown) => Decimal.serialize(d);
const day = (d: Date | null) => (d ? CalendarDate.serialize(d) : null);
const page = <T>(rows: Row[], take: number, map: (r: Row) => T) => ({ nodes: rows.slice(0, take).map(map) });
function build(rows: Row[]) {
  return {
    data: {
      enterprises: page(rows, 50, (e) => ({
        uscc: e.uscc,
        name: e.name,
        loans: page(e.loans, 50, (l) => ({ contractNo: l.contractNo, amount: dec(l.amount), balance: dec(l.balance), classification: l.classification, lender: { code: l.lender.code, name: l.lender.name } })),
        guaranteesGiven: page(e.guaranteesGiven, 50, (g) => ({ contractNo: g.contractNo, amount: dec(g.amount), kind: g.kind, borrower: { uscc: g.borrower.uscc, name: g.borrower.name } })),
        guaranteesReceived: page(e.guaranteesReceived, 50, (g) => ({ contractNo: g.contractNo, amount: dec(g.amount), kind: g.kind, guarantor: { uscc: g.guarantor.uscc, name: g.guarantor.name } })),
        bonds: page(e.bonds, 20, (b) => ({ code: b.code, kind: b.kind, amount: dec(b.amount), schedule: b.schedule.map((s: Row) => ({ dueDate: day(s.dueDate), kind: s.kind, amountDue: dec(s.amountDue), payments: s.payments.map((p: Row) => ({ paidOn: day(p.paidOn), amountPaid: dec(p.amountPaid), outcome: p.outcome })) })) })),
        dishonestyRecords: page(e.dishonestyRecords, 20, (d) => ({ documentNo: d.documentNo, list: d.list, status: d.status, listedOn: day(d.listedOn) })),
      })),
    },
  };
}

const body = JSON.stringify({ query: op.project.query, variables });
const viaServer = () => fetch(running.url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${key}` }, body }).then((r) => r.text());

// The args tree the Pothos prisma plugin builds for this request, taken from the server's own
// call of the compiler on the first request (FINANCE_BUREAU: no row scope).
const jq = running.db.jsonQueries!;
const findMany = jq.findMany.bind(jq);
let args: object | undefined;
jq.findMany = ((prisma, model, a, viaPrisma) => {
  if (model === "Enterprise") args ??= a;
  return findMany(prisma, model, a, viaPrisma);
}) as typeof jq.findMany;
const served = JSON.parse(await viaServer());
if (!args) throw new Error("the nested read did not reach the JSON query compiler");
const read = () => findMany<Row>(running.db.prisma, "Enterprise", args!, () => Promise.reject(new Error("the nested args fell back to Prisma")));
if (served.errors || !isDeepStrictEqual(build(await read()).data, served.data)) throw new Error("the hand-built response differs from the server's");

/** CPU (this process: the server and the client) and wall time per run of `one`, after 20 unmeasured runs. */
async function measure(one: () => Promise<unknown>): Promise<{ cpu: number; wall: number }> {
  for (let i = 0; i < 20; i++) await one();
  const cpu = process.cpuUsage();
  const t = performance.now();
  for (let i = 0; i < n; i++) await one();
  const used = process.cpuUsage(cpu);
  return { cpu: (used.user + used.system) / 1000 / n, wall: (performance.now() - t) / n };
}

const results: Array<[string, { cpu: number; wall: number }]> = [];
for (let round = 0; round < 2; round++) {
  results.push(["1. whole request over HTTP (server and client in this process)", await measure(viaServer)]);
  results.push(["2. compiled statement and decoding", await measure(read)]);
  const rows = await read();
  results.push(["3. response built from the rows, and JSON.stringify", await measure(async () => JSON.stringify(build(rows)))]);
}
console.log(`nested read, ${n} runs each, twice; CPU and wall ms per run`);
for (const [label, r] of results) console.log(`${label.padEnd(66)} ${r.cpu.toFixed(2).padStart(7)} CPU ${r.wall.toFixed(2).padStart(7)} wall`);
await running.close();
