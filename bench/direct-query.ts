// The CPU one raw statement costs this process through Prisma's `$queryRawUnsafe` and through the
// driver adapter directly (src/db/direct-query.ts), side by side, rounds alternating:
//   npx tsx bench/direct-query.ts [--database <url>] [--statements 4000] [--rounds 3]
// Without --database, the embedded database in memory. The statement is the shape of a compiled
// read: one text parameter, one text column.
// The whole server, A/B: npx tsx bench/node-flags.ts --flags-a=--max-semi-space-size=64 --env-a DIRECT_QUERIES=off --ops lookup,list
import { parseArgs } from "node:util";
import { openDatabase } from "../src/db/database.ts";
import { directStatements, queryRows } from "../src/db/direct-query.ts";

const { values } = parseArgs({ options: { database: { type: "string" }, statements: { type: "string", default: "4000" }, rounds: { type: "string", default: "3" } } });
const n = Number(values.statements);
const db = await openDatabase(values.database ? { kind: "postgres", url: values.database, poolSize: 2 } : { kind: "pglite", dir: null, fsync: false });
const SQL = "SELECT $1::text AS j";

async function measure(label: string, one: (i: number) => Promise<unknown>): Promise<void> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < n; i++) await one(i);
  const used = process.cpuUsage(cpu);
  console.log(`${label.padEnd(16)} ${(((performance.now() - started) * 1000) / n).toFixed(1).padStart(7)} µs wall ${((used.user + used.system) / n).toFixed(1).padStart(7)} µs CPU per statement`);
}

await db.prisma.$queryRawUnsafe("SELECT 1");
for (let round = 0; round < Number(values.rounds); round++) {
  await measure("$queryRawUnsafe", (i) => db.prisma.$queryRawUnsafe(SQL, `x${i}`));
  const sent = directStatements.sent;
  await measure("adapter directly", (i) => queryRows(db.prisma, SQL, [`x${i}`]));
  if (directStatements.sent - sent !== n) throw new Error("the direct path was not taken");
}
await db.close();
