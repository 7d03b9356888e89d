// After `npm install`/`npm ci`: generate the Prisma client, then the typed GraphQL operations
// (the latter only where the dev dependencies are installed).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const run = (args) => {
  const result = spawnSync(process.execPath, args, { stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
run(["scripts/prisma-generate.mjs"]);
if (existsSync("node_modules/@graphql-codegen/cli")) run(["node_modules/@graphql-codegen/cli/cjs/bin.js", "--config", "codegen.ts"]);
