// npx tsx bench/probes-during-writes.ts [--rows 5000] [--files 3] [--scale 0.1]
//
// How long /healthz takes to answer while the server writes a bank's loan file (upsertLoans with
// 5,000 rows) on the embedded database: the server is spawned on a new directory, each file is
// sent while /healthz is asked again as soon as it answers, and every answer's latency is kept.
// With PGlite on the server's own thread a statement froze the event loop for its whole length;
// in its worker thread (src/db/pglite-worker.mjs) the probes keep answering.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { spawnServer } from "../test/helpers/process.ts";

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "5000" },
    files: { type: "string", default: "3" },
    scale: { type: "string", default: "0.1" },
  },
});
const rows = Number(values.rows);

const UPSERT = `mutation($input: LoanFileInput!) { upsertLoans(input: $input) { __typename ... on MutationUpsertLoansSuccess { data { created updated } } ... on ValidationError { message } } }`;
const ENTERPRISES = `{ enterprises(first: 20) { nodes { uscc } } }`;

const dataDir = await mkdtemp(join(tmpdir(), "dlg-probes-"));
const server = await spawnServer({ DATA_DIR: dataDir, SEED_SCALE: values.scale, LOG_LEVEL: "info" }, 600_000);
const origin = new URL(server.url).origin;
try {
  const keys = JSON.parse(await readFile(join(dataDir, "demo-keys.json"), "utf8")) as Record<string, string>;
  const post = async (key: string, query: string, variables?: unknown) => {
    const res = await fetch(server.url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${key}` }, body: JSON.stringify({ query, variables }) });
    return (await res.json()) as { data: Record<string, any> };
  };
  const borrowers = (await post(keys.FINANCE_BUREAU!, ENTERPRISES)).data.enterprises.nodes.map((n: { uscc: string }) => n.uscc) as string[];

  const latencies: number[] = [];
  const uploads: number[] = [];
  for (let file = 0; file < Number(values.files); file++) {
    const input = {
      rows: Array.from({ length: rows }, (_, i) => ({
        contractNo: `PROBE${file}YJ2026LD${String(i).padStart(6, "0")}`,
        lender: i % 3 ? "B0001H244170001" : "B1218H244170001",
        borrower: borrowers[i % borrowers.length],
        amount: `${1_000_000 + i * 100}.00`,
        balance: "800000.00",
        interestRate: "0.0435",
        startDate: "2017-01-15",
        maturityDate: "2019-01-15",
        purpose: "流动资金周转",
        classification: "NORMAL",
      })),
    };
    let writing = true;
    const probing = (async () => {
      while (writing) {
        const started = performance.now();
        await (await fetch(`${origin}/healthz`)).text();
        latencies.push(performance.now() - started);
      }
    })();
    const started = performance.now();
    const result = await post(keys.CBRC!, UPSERT, { input });
    uploads.push(performance.now() - started);
    writing = false;
    await probing;
    if (result.data.upsertLoans.__typename !== "MutationUpsertLoansSuccess") throw new Error(JSON.stringify(result).slice(0, 500));
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  console.log(
    JSON.stringify({
      rows,
      files: uploads.length,
      uploadMs: uploads.map(Math.round),
      probes: latencies.length,
      healthzMs: { p50: Math.round(at(0.5)), p95: Math.round(at(0.95)), max: Math.round(sorted.at(-1)!) },
      loadAverage: loadavg().map((l) => Number(l.toFixed(1))),
    }),
  );
} finally {
  server.child.kill("SIGTERM");
  await server.exited;
  await rm(dataDir, { recursive: true, force: true });
}
