// Runs `prisma generate` offline. The Prisma CLI insists on locating its native schema engine
// before any command, and tries to download it when missing; `generate` never runs it, so any
// existing file satisfies the check. Migrations use the WASM engine instead (src/db/migrations.ts).
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || process.execPath,
  // No telemetry or update checks: the platform runs on networks without internet.
  CHECKPOINT_DISABLE: "1",
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
};
const cli = require.resolve("prisma/build/index.js");
const result = spawnSync(process.execPath, [cli, "generate", ...process.argv.slice(2)], { stdio: "inherit", env });
process.exit(result.status ?? 1);
