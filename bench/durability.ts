// npx tsx bench/durability.ts [--commits 500] [--scale 0.1] [--rounds 3]
//
// What durable commits cost on the embedded database (EMBEDDED_FSYNC=on, the default, against off):
// small transactions committed one after another through Prisma (each one waits for its WAL flush
// when fsync is on), and the demo data loaded in bulk (one transaction, few flushes). Each round
// runs both settings on a new directory under .data/bench/durability/; the median is reported.
// Results go to bench/results/durability-latest.md.
import { mkdir, rm, writeFile } from "node:fs/promises";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { openDatabase } from "../src/db/database.ts";
import { applyPendingMigrations } from "../src/db/migrations.ts";
import { loadDemo } from "../src/seed/load.ts";

const { values } = parseArgs({
  options: {
    commits: { type: "string", default: "500" },
    scale: { type: "string", default: "0.1" },
    rounds: { type: "string", default: "3" },
  },
});
const commits = Number(values.commits);
const scale = Number(values.scale);
const rounds = Number(values.rounds);
const ROOT = ".data/bench/durability";

interface Sample {
  fsync: boolean;
  commitMs: number;
  seedMs: number;
}

async function once(fsync: boolean): Promise<Sample> {
  const dir = `${ROOT}/${fsync ? "on" : "off"}/pglite`;
  await rm(`${ROOT}/${fsync ? "on" : "off"}`, { recursive: true, force: true });
  const db = await openDatabase({ kind: "pglite", dir, fsync }, { role: "bench/durability.ts" });
  try {
    await applyPendingMigrations(db);
    let started = performance.now();
    await loadDemo(db.prisma, { seed: 1, scale });
    const seedMs = performance.now() - started;
    await db.prisma.$executeRawUnsafe("CREATE TABLE bench_commit (id serial PRIMARY KEY, note text NOT NULL)");
    started = performance.now();
    for (let i = 0; i < commits; i++) await db.prisma.$executeRawUnsafe("INSERT INTO bench_commit (note) VALUES ($1)", `commit ${i}`);
    const commitMs = performance.now() - started;
    return { fsync, commitMs, seedMs };
  } finally {
    await db.close();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

await mkdir(ROOT, { recursive: true });
const samples: Sample[] = [];
for (let round = 0; round < rounds; round++) {
  for (const fsync of round % 2 ? [false, true] : [true, false]) {
    const sample = await once(fsync);
    console.error(`round ${round + 1} fsync ${fsync ? "on " : "off"}: ${commits} commits ${Math.round(sample.commitMs)} ms, seed ${Math.round(sample.seedMs)} ms`);
    samples.push(sample);
  }
}
await rm(ROOT, { recursive: true, force: true });

const row = (fsync: boolean) => {
  const mine = samples.filter((s) => s.fsync === fsync);
  const commit = median(mine.map((s) => s.commitMs));
  return { commit, perCommit: commit / commits, seed: median(mine.map((s) => s.seedMs)) };
};
const on = row(true);
const off = row(false);
const f = (n: number, d = 0) => n.toFixed(d);
const md = `# Durable commits on the embedded database

\`npx tsx bench/durability.ts --commits ${commits} --scale ${scale} --rounds ${rounds}\`, ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, load average ${loadavg().map((l) => l.toFixed(1)).join(" ")}; medians of ${rounds} rounds.

| EMBEDDED_FSYNC | ${commits} one-row commits | per commit | demo data at scale ${scale} (one transaction) |
|---|---|---|---|
| on (default) | ${f(on.commit)} ms | ${f(on.perCommit, 2)} ms | ${f(on.seed)} ms |
| off | ${f(off.commit)} ms | ${f(off.perCommit, 2)} ms | ${f(off.seed)} ms |

A durable commit waits for its WAL to reach the disk (fsync): ${f(on.perCommit - off.perCommit, 2)} ms more per commit here.
The figure depends on the disk; a laptop SSD or a virtual disk with a write cache is fast, a
network volume or a spinning disk much slower.
`;
await mkdir("bench/results", { recursive: true });
await writeFile("bench/results/durability-latest.md", md);
console.log(md);
process.exit(0);
