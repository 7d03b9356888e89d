// npm run audit:verify — two ways:
// - on the database (no flags): seals what has committed and verifies the transparency log
//   against its entries, stored tree and signed checkpoints (while the server runs on the
//   embedded database it asks the server: src/cli/operator.ts);
// - offline (--export): an export (npm run audit:export) against the checkpoints an agency kept
//   and the platform's public key, without the database: nothing the administrator controls.
// Exits 1 and names what is wrong.
import { readFileSync } from "node:fs";
import { configWithFlags, fail, parseCommandLine, say } from "./command-line.ts";
import { openOperator, OperatorError, type Operator } from "./operator.ts";
import { verifyExport } from "../access/audit/offline.ts";
import type { Checkpoint } from "../access/audit/checkpoint.ts";
import { readPublicKey } from "../signing/key.ts";

const { values } = parseCommandLine({
  usage: `npm run audit:verify [-- --export <file> --checkpoints <file> --key <file>]

Without flags: seals the committed entries and verifies the access audit's transparency log on the
database: every entry against its leaf, the stored subtrees, the head and every signed checkpoint.
The configuration comes from the environment as for npm start (DATA_DIR, DATABASE_URL,
AUDIT_SIGNING_KEY_FILE).

Offline (no database): verifies an export against checkpoints you kept.
  --export <file>       the export, JSON lines (npm run audit:export)
  --checkpoints <file>  the checkpoints you kept: a JSON array of auditCheckpoints' objects, or JSON lines
  --key <file>          the platform's public key: /.well-known/deleveraging-graph-keys (JWK set), a JWK, or a PEM
Detects altered, inserted, reordered and removed entries up to the latest checkpoint you hold,
removal of the newest entries included; entries after it are checked for content only.`,
  options: { export: { type: "string" }, checkpoints: { type: "string" }, key: { type: "string" } },
});

if (values.export || values.checkpoints || values.key) {
  if (typeof values.export !== "string" || typeof values.checkpoints !== "string" || typeof values.key !== "string") fail(say("cli.auditVerify.together"), 2);
  const read = (flag: string, path: string) => {
    try {
      return readFileSync(path, "utf8");
    } catch (error) {
      return fail(say("cli.unreadable", { flag, path, reason: (error as NodeJS.ErrnoException).code ?? (error as Error).message }), 2);
    }
  };
  const exported = read("--export", values.export).split("\n");
  const keptText = read("--checkpoints", values.checkpoints).trim();
  let kept: Checkpoint[];
  try {
    kept = keptText.startsWith("[") ? (JSON.parse(keptText) as Checkpoint[]) : keptText.split("\n").filter(Boolean).map((l) => JSON.parse(l) as Checkpoint);
  } catch (error) {
    fail(say("cli.notJson", { flag: "--checkpoints", path: values.checkpoints, reason: (error as Error).message }), 2);
  }
  let keys;
  try {
    keys = readPublicKey(values.key).map((k) => k.key);
  } catch (error) {
    fail(say("cli.notPublicKey", { path: values.key, reason: (error as Error).message }), 2);
  }
  const verdict = verifyExport(exported, kept, keys);
  if (verdict.ok) {
    console.log(`audit log intact: ${verdict.entries} entries; ${verdict.checkpointsMatched} of ${kept.length} kept checkpoints reproduced`);
    process.exit(0);
  }
  console.error(`audit log NOT intact (${verdict.entries} entries in the export):`);
  for (const p of verdict.problems) console.error(`- ${p}`);
  process.exit(1);
}

const config = configWithFlags();
let operator: Operator;
try {
  operator = await openOperator(config, "npm run audit:verify");
} catch (error) {
  fail(error instanceof OperatorError ? error.message : say("cli.cannotOpenDatabase", { reason: (error as Error).message }));
}
let verdict;
try {
  verdict = await operator.verifyAudit();
} catch (error) {
  await operator.close().catch(() => {});
  fail(error instanceof OperatorError ? error.message : say("cli.failed", { command: "audit:verify", reason: (error as Error).message }));
}
await operator.close();
if (verdict.ok) {
  console.log(`audit log intact: ${verdict.checked} entries${verdict.unsealed ? ` (${verdict.unsealed} committed since the seal, content checked, not yet sealed)` : ""}`);
  process.exit(0);
}
console.error(`audit log broken${verdict.firstBrokenId ? ` at entry ${verdict.firstBrokenId}` : ""}: ${verdict.reason} (${verdict.checked} entries before it are intact)`);
process.exit(1);
