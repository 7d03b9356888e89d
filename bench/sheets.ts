// npx tsx bench/sheets.ts [--rows 100000] [--backend pglite|postgres] [--postgres <url>]
//
// Spreadsheets at size: a --rows loan XLSX uploaded as CBRC (one transaction), then the loan list
// downloaded as XLSX as FINANCE_BUREAU. The server runs as a child process on a fresh database
// of its own (demo data at scale 0.02), so its memory is its own: VmRSS is sampled every 100 ms
// from /proc/<pid>/status and VmHWM (the kernel's high-water mark) read after each step. The
// download is checked: every row there, the borrowers' legal representatives' ID numbers masked.
// Writes bench/results/sheets-latest.md.
import { mkdtemp, readFile, writeFile, mkdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { parseArgs } from "node:util";
import ExcelJS from "exceljs";
import pg from "pg";
import { request as httpRequest } from "node:http";
import { demoKeysOf, spawnServer } from "../test/helpers/process.ts";

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "100000" },
    backend: { type: "string", default: "pglite" },
    postgres: { type: "string", default: "postgresql://postgres@127.0.0.1:5432/postgres" },
  },
});
const ROWS = Number(values.rows);
const MB = 2 ** 20;
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

async function memory(pid: number): Promise<{ rss: number; hwm: number }> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)![1]) * 1024;
  return { rss: kb("VmRSS"), hwm: kb("VmHWM") };
}

/** Runs `step` while sampling the server's RSS; returns its result, seconds and memory. */
async function measured<T>(pid: number, step: () => Promise<T>) {
  const before = await memory(pid);
  let peak = before.rss;
  const sampler = setInterval(() => void memory(pid).then((m) => (peak = Math.max(peak, m.rss)), () => {}), 100);
  const started = performance.now();
  try {
    const result = await step();
    const after = await memory(pid);
    return { result, seconds: (performance.now() - started) / 1000, rssBeforeMB: before.rss / MB, rssPeakMB: Math.max(peak, after.rss) / MB, hwmMB: after.hwm / MB };
  } finally {
    clearInterval(sampler);
  }
}

async function loanFile(prefix: string, borrowers: string[]): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  const ended = new Promise((r) => out.on("end", r));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out });
  const sheet = workbook.addWorksheet("贷款月报");
  sheet.addRow(["借款合同编号", "贷款银行机构编码", "借款人统一社会信用代码", "贷款金额（元）", "贷款余额（元）", "年利率", "发放日期", "到期日期", "贷款用途", "五级分类", "担保方式", "绿色信贷", "重点产业"]).commit();
  for (let i = 0; i < ROWS; i++) {
    sheet
      .addRow([`${prefix}${String(i).padStart(7, "0")}`, i % 3 ? "B0001H244170001" : "B1218H244170001", borrowers[i % borrowers.length], 1_000_000 + i, 800_000, 0.0435, new Date("2017-01-15T00:00:00Z"), new Date("2019-01-15T00:00:00Z"), "流动资金周转", i % 7 ? "正常" : "关注", "保证", "否", "否"])
      .commit();
  }
  sheet.commit();
  await workbook.commit();
  await ended;
  return Buffer.concat(chunks);
}

const dir = await mkdtemp(join(tmpdir(), "dlg-bench-sheets-"));
let env: Record<string, string> = { DATA_DIR: dir };
let pgName: string | null = null;
if (values.backend === "postgres") {
  pgName = `dlg_bench_sheets_${process.pid}`;
  const admin = new pg.Client({ connectionString: values.postgres });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${pgName}`);
  await admin.end();
  const url = new URL(values.postgres!);
  url.pathname = `/${pgName}`;
  env = { DATA_DIR: dir, DATABASE_URL: url.toString() };
}
console.error(`${values.backend}: starting a server on a fresh database`);
const server = await spawnServer({ ...env, NODE_ENV: "development", SEED_DEMO: "true", SEED_SCALE: "0.02", STATEMENT_COUNTS: "off", LOG_LEVEL: "info" }, 1_800_000);
try {
  const pid = server.child.pid!;
  const origin = new URL(server.url).origin;
  const keys = await demoKeysOf(server);
  const gql = async (query: string, as: string) => (await (await fetch(server.url, { method: "POST", headers: { authorization: `Bearer ${keys[as]}`, "content-type": "application/json" }, body: JSON.stringify({ query }) })).json()) as any;
  const borrowers = (await gql(`{ enterprises(first: 200) { nodes { uscc } } }`, "CBRC")).data.enterprises.nodes.map((n: { uscc: string }) => n.uscc);
  const file = await loanFile(`BENCH${Date.now()}`, borrowers);
  console.error(`  ${ROWS} rows, ${(file.length / MB).toFixed(1)} MB XLSX`);

  const up = await measured(pid, async () => {
    // node:http, not fetch: fetch gives up on a response whose headers take over 300 s.
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(`${origin}/sheets/loans?problems=json`, { method: "POST", headers: { authorization: `Bearer ${keys.CBRC}`, "content-type": XLSX, "content-length": file.length } }, (r) => {
        let text = "";
        r.setEncoding("utf8").on("data", (d: string) => (text += d)).on("end", () => resolve({ status: r.statusCode ?? 0, body: text }));
      });
      req.on("error", reject);
      req.end(file);
    });
    const body = res.body;
    if (res.status !== 200) throw new Error(`upload: HTTP ${res.status} ${body.slice(0, 500)}`);
    return JSON.parse(body) as { created: number };
  });
  console.error(`  upload: ${JSON.stringify(up)}`);

  const down = await measured(pid, async () => {
    const res = await fetch(`${origin}/sheets/export/loans.xlsx`, { headers: { authorization: `Bearer ${keys.FINANCE_BUREAU}` } });
    if (res.status !== 200 || !res.body) throw new Error(`download: HTTP ${res.status} ${await res.text()}`);
    // Read back as it arrives (exceljs's streaming reader), counting rows and the ID-number column.
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.fromWeb(res.body as never), { worksheets: "emit", sharedStrings: "cache", styles: "ignore", hyperlinks: "ignore", entries: "ignore" });
    let rows = 0;
    let ids = 0;
    let masked = 0;
    let idColumn = -1;
    for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        const cells = (row.values as unknown[]).slice(1);
        if (row.number === 1) {
          idColumn = cells.indexOf("法定代表人身份证号码");
          continue;
        }
        rows++;
        const id = cells[idColumn];
        if (typeof id === "string" && id) {
          ids++;
          if (id.includes("*")) masked++;
        }
      }
    }
    return { rows, ids, masked };
  });
  console.error(`  download: ${JSON.stringify(down)}`);
  const total = (await gql(`{ loans(first: 1) { totalCount } }`, "FINANCE_BUREAU")).data.loans.totalCount;
  if (down.result.rows !== total) throw new Error(`download: ${down.result.rows} rows, the graph counts ${total}`);
  if (down.result.masked !== down.result.ids || down.result.ids === 0) throw new Error(`download: ${down.result.masked} of ${down.result.ids} ID numbers masked`);
  const ready = server.logs.find((l) => l.msg === "ready") as { rssMB?: number } | undefined;

  const f = (n: number, d = 0) => n.toFixed(d);
  const report = `# Spreadsheets at size (bench/sheets.ts)

\`npx tsx bench/sheets.ts --rows ${ROWS} --backend ${values.backend}\`: the server as a child process on a fresh ${values.backend} database (demo data at scale 0.02), its RSS sampled every 100 ms from /proc/<pid>/status; VmHWM is the kernel's high-water mark of the process since it started (ready at ${ready?.rssMB ?? "?"} MB RSS).

| step | rows | file MB | s | rows/s | server RSS before MB | server RSS peak MB | server VmHWM after MB |
|---|---|---|---|---|---|---|---|
| upload POST /sheets/loans (XLSX, CBRC, one transaction) | ${up.result.created} | ${f(file.length / MB, 1)} | ${f(up.seconds, 1)} | ${f(up.result.created / up.seconds)} | ${f(up.rssBeforeMB)} | ${f(up.rssPeakMB)} | ${f(up.hwmMB)} |
| download GET /sheets/export/loans.xlsx (FINANCE_BUREAU) | ${down.result.rows} | – | ${f(down.seconds, 1)} | ${f(down.result.rows / down.seconds)} | ${f(down.rssBeforeMB)} | ${f(down.rssPeakMB)} | ${f(down.hwmMB)} |

Download check: ${down.result.rows} rows (the graph's totalCount for FINANCE_BUREAU), ${down.result.ids} legal-representative ID numbers present, ${down.result.masked} of them masked (person.identifiers is M for FINANCE_BUREAU).

node ${process.version}, ${new Date().toISOString()}, ${values.backend}
`;
  console.log(report);
  await mkdir("bench/results", { recursive: true });
  await writeFile("bench/results/sheets-latest.md", report);
} finally {
  server.child.kill("SIGTERM");
  await server.exited;
  await rm(dir, { recursive: true, force: true });
  if (pgName) {
    const admin = new pg.Client({ connectionString: values.postgres });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${pgName} WITH (FORCE)`);
    await admin.end();
  }
}
process.exit(0);
