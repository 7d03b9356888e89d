// npm run audit:verify walks the access audit's hash chain; exits 1 and names the first broken link.
import { ConfigError, loadConfig } from "../config.ts";
import { openDatabase } from "../db/database.ts";
import { verifyAuditChain } from "../access/audit/chain.ts";

let config;
try {
  config = loadConfig();
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
const db = await openDatabase(config.database);
const verdict = await verifyAuditChain(db.prisma);
await db.close();
if (verdict.ok) {
  console.log(`audit chain intact: ${verdict.checked} entries`);
  process.exit(0);
}
console.error(`audit chain broken at entry ${verdict.firstBrokenId}: ${verdict.reason} (${verdict.checked} entries before it are intact)`);
process.exit(1);
