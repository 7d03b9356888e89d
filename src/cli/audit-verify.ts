// npm run audit:verify walks the access audit's hash chain; exits 1 and names the first broken link.
// While the server runs on the embedded database it asks the server (src/cli/operator.ts).
import { configWithFlags, fail, parseCommandLine } from "./command-line.ts";
import { openOperator, OperatorError, type Operator } from "./operator.ts";

parseCommandLine({
  usage: `npm run audit:verify

Seals the committed entries, walks the access audit's hash chain and reports the first broken
link or altered entry, if any (exit 1 then), and how many entries were not sealed yet.
The configuration comes from the environment as for npm start (DATA_DIR, DATABASE_URL).`,
});

const config = configWithFlags();
let operator: Operator;
try {
  operator = await openOperator(config, "npm run audit:verify");
} catch (error) {
  fail(error instanceof OperatorError ? error.message : `cannot open the database: ${(error as Error).message}`);
}
let verdict;
try {
  verdict = await operator.verifyAudit();
} catch (error) {
  await operator.close().catch(() => {});
  fail(error instanceof OperatorError ? error.message : `audit:verify failed: ${(error as Error).message}`);
}
await operator.close();
if (verdict.ok) {
  console.log(`audit chain intact: ${verdict.checked} entries${verdict.unsealed ? ` (${verdict.unsealed} committed since the seal, content checked, not yet sealed)` : ""}`);
  process.exit(0);
}
console.error(`audit chain broken at entry ${verdict.firstBrokenId}: ${verdict.reason} (${verdict.checked} entries before it are intact)`);
process.exit(1);
