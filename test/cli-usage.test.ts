// The command-line entry points as a newcomer meets them (issue 8, item 16): --help prints the
// usage, a bad flag is one line naming the flag, the sync client's network failures name the URL
// and the cause, and `keys create --county` takes a county as the graph's filters do (code or name).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onPostgres } from "./helpers/backend.ts";
import { seededProcessDatabase, type ProcessDatabase } from "./helpers/process-database.ts";

let dataDir: string;
let database: ProcessDatabase;
beforeAll(async () => {
  // `keys create` runs on a copy of the seeded template: what is tested is its --county, not a first start.
  database = await seededProcessDatabase("dlg-cli-usage-");
  dataDir = database.dataDir;
});
afterAll(async () => {
  await database?.drop();
});

function run(script: string, args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ["--import", "tsx", script, ...args], {
    env: { ...process.env, LOG_LEVEL: "silent", DATA_DIR: join(dataDir, "untouched"), ...env },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
const STACK = /^\s+at |Error:|node:internal/m;

// Usage and flag parsing touch no database: they run in the embedded pass only, not again on PostgreSQL.
describe.skipIf(onPostgres)("--help", () => {
  it.each([
    ["src/cli/keys.ts", /^npm run keys -- create\|list\|rotate\|revoke/],
    ["src/cli/seed.ts", /^npm run seed -- \[--seed N\]/],
    ["src/cli/db-migrate.ts", /^npm run db:migrate/],
    ["src/cli/audit-verify.ts", /^npm run audit:verify/],
    ["clients/credit-platform/sync.ts", /^CREDIT_SYNC_KEY=<api key> npx tsx clients\/credit-platform\/sync.ts/],
  ])("%s prints its usage, opens nothing and exits 0", (script, usage) => {
    const out = run(script, ["--help"]);
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout).toMatch(usage);
    expect(out.stderr).toBe("");
    expect(out.stdout).not.toMatch(STACK);
    expect(existsSync(join(dataDir, "untouched"))).toBe(false);
  });
});

describe.skipIf(onPostgres)("a bad flag", () => {
  it.each([
    ["src/cli/keys.ts", ["create", "--agenc", "PBOC"], /^unknown option --agenc; usage: npm run keys/],
    ["src/cli/keys.ts", ["create", "--agency"], /^option --agency needs a value/],
    ["src/cli/seed.ts", ["--sede", "3"], /^unknown option --sede; usage: npm run seed/],
    ["src/cli/seed.ts", ["--scale", "abc"], /^invalid option --scale="abc": must be a positive number/],
    ["src/cli/seed.ts", ["--seed=1.5"], /^invalid option --seed="1.5": must be an integer/],
    ["src/cli/seed.ts", ["--seed", "-1"], /^option --seed: its value looks like an option; write --seed=<value>/],
    ["src/cli/db-migrate.ts", ["--force"], /^unknown option --force; usage: npm run db:migrate/],
    ["clients/credit-platform/sync.ts", ["--url", "http://localhost:4000", "--store", "x", "--pagesize", "3"], /^unknown option --pagesize; usage: CREDIT_SYNC_KEY/],
    ["clients/credit-platform/sync.ts", ["--url", "localhost", "--store", "x", "--key", "k"], /^--url must be an http:\/\/ or https:\/\/ address/],
    ["clients/credit-platform/sync.ts", ["--url", "http://localhost:4000", "--store", "x", "--key", "k", "--page-size", "5000"], /^--page-size must be an integer from 1 to 1000/],
  ])("%s %j is one line naming the flag", (script, args, message) => {
    const out = run(script, args);
    expect(out.status).toBe(2);
    expect(out.stderr.trim().split("\n")).toEqual([expect.stringMatching(message)]);
    expect(out.stderr).not.toMatch(/environment variable/);
    expect(out.stderr).not.toMatch(STACK);
  });
});

describe("the sync client", () => {
  it("names the URL and the cause when the server cannot be reached", async () => {
    // A port nobody listens on: taken, then given back.
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, "127.0.0.1", () => {
        const address = server.address() as { port: number };
        server.close(() => resolve(address.port));
      });
    });
    const out = run("clients/credit-platform/sync.ts", ["--url", `http://127.0.0.1:${port}`, "--store", join(dataDir, "store"), "--key", "dlg_00000000_x"]);
    expect(out.status).toBe(1);
    expect(out.stderr.trim()).toBe(`sync failed: export: cannot reach http://127.0.0.1:${port}/export/dishonesty-records.ndjson: connect ECONNREFUSED 127.0.0.1:${port}`);
  });
});

describe(`npm run keys -- create --county (${onPostgres ? "PostgreSQL" : "embedded PGlite"}, no server running)`, () => {
  const env = () => database.env;

  it("takes a county by its name as the graph's filters do, and by its division code", () => {
    const byName = run("src/cli/keys.ts", ["create", "--agency", "COUNTY", "--county", "阳东区", "--name", "yangdong-by-name"], env());
    expect(byName.status, byName.stderr).toBe(0);
    expect(byName.stdout).toMatch(/^created dlg_[0-9a-f]{8} for COUNTY:441704\/yangdong-by-name$/m);
    const byCode = run("src/cli/keys.ts", ["create", "--agency", "COUNTY", "--county", "441781", "--name", "yangchun-by-code"], env());
    expect(byCode.status, byCode.stderr).toBe(0);
    expect(byCode.stdout).toMatch(/for COUNTY:441781\/yangchun-by-code$/m);
  });

  it("refuses a county that does not exist, or the city, naming the flag and both accepted forms", () => {
    for (const county of ["不存在区", "441700"]) {
      const out = run("src/cli/keys.ts", ["create", "--agency", "COUNTY", "--county", county, "--name", "nowhere"], env());
      expect(out.status).toBe(1);
      expect(out.stderr.trim()).toBe(`--county: no county "${county}"; use a division code such as 441704 or a name such as 阳东区`);
    }
  });
});
