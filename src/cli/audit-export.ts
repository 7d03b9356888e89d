// npm run audit:export -- --out <file>: the whole transparency log as JSON lines (a header, then
// each sealed entry in leaf order with its content), for an offline audit: an agency checks it
// with `npm run audit:verify -- --export <file> --checkpoints <kept> --key <public key>`.
import { createWriteStream } from "node:fs";
import { configWithFlags, fail, parseCommandLine, say } from "./command-line.ts";
import { openOperator, OperatorError, type Operator } from "./operator.ts";

const { values } = parseCommandLine({
  usage: `npm run audit:export -- --out <file>

Writes the access audit's transparency log (every sealed entry, in leaf order, with its content
and hashes) as JSON lines to <file> ("-" for standard output). The configuration comes from the
environment as for npm start (DATA_DIR, DATABASE_URL); while the server runs on the embedded
database, it is read through the server.`,
  options: { out: { type: "string" } },
});
if (!values.out) fail(say("cli.auditExport.out"), 2);

const config = configWithFlags();
let operator: Operator;
try {
  operator = await openOperator(config, "npm run audit:export");
} catch (error) {
  fail(error instanceof OperatorError ? error.message : say("cli.cannotOpenDatabase", { reason: (error as Error).message }));
}
const out: NodeJS.WritableStream = values.out === "-" ? process.stdout : createWriteStream(String(values.out));
let entries = 0;
try {
  const PAGE = 2000;
  let size = Infinity;
  for (let from = 0; from < size; from += PAGE) {
    const page = await operator.exportAudit(from, PAGE);
    // The size read with the first page: what the export covers (entries sealed later are left out).
    if (from === 0) size = page.treeSize;
    const lines = from === 0 ? page.lines : page.lines.filter((l) => (JSON.parse(l) as { index: number }).index < size);
    entries += lines.length - (from === 0 ? 1 : 0);
    if (!out.write(lines.map((l) => `${l}\n`).join(""))) await new Promise<void>((r) => out.once("drain", () => r()));
    if (from === 0 && size === 0) break;
  }
} catch (error) {
  await operator.close().catch(() => {});
  fail(error instanceof OperatorError ? error.message : say("cli.failed", { command: "audit:export", reason: (error as Error).message }));
}
await operator.close();
if (out !== process.stdout) await new Promise<void>((resolve) => out.end(() => resolve()));
console.error(`exported ${entries} entries`);
