// `npm run build`: compiles src/ (with the generated Prisma client) to dist/, then copies the files
// tsc does not emit (the PGlite worker, the explorer's page script) to the same place under dist/.
// Everything else the server reads at run time (prisma/, clients/operations.json) is found from
// dist/ at the same relative path as from src/ (tsconfig.build.json: rootDir src).
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";

const require = createRequire(import.meta.url);
rmSync("dist", { recursive: true, force: true });
const tsc = require.resolve("typescript/bin/tsc");
const result = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { stdio: "inherit" });
if (result.status !== 0) process.exit(result.status ?? 1);

function* assets(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* assets(path);
    else if (!entry.name.endsWith(".ts")) yield path;
  }
}
let copied = 0;
for (const file of assets("src")) {
  const target = join("dist", relative("src", file));
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(file, target);
  copied++;
}
console.log(`built dist/ (${copied} non-TypeScript files copied)`);
